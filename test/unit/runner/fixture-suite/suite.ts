/**
 * A stand-in suite for framework self-tests: real fixtures and step bodies built with the DSL,
 * no cluster. Every setup, teardown and step appends a line to <data-collector>/events.log so the
 * test can check what ran, in which order, and in which process. `create Plan` fails when the
 * scenario's description contains "FAIL-AT-PLAN"; `check VMs` has no body on purpose when the
 * environment has FIXTURE_SUITE_NO_CHECK=1 (it must then fail, never pass). `migrate VMs` waits
 * for its abort signal when the description contains "HANG-AT-MIGRATE".
 */
import fs from 'node:fs';
import path from 'node:path';
import { suiteBase, type RunContext } from '../../../../lib/runner/run-context';
import { defineSuite } from '../../../../lib/runner/steps';
import type { Use } from '../../../../lib/fixtures';

const record = (run: RunContext, line: string): void =>
  fs.appendFileSync(path.join(run.dataCollectorDir, 'events.log'), `${process.pid} ${line}\n`);

export const fixtures = suiteBase
  .session('client', ['run'], async ({ run }, use: Use<{ session: string }>) => {
    record(run, 'setup client');
    // Like a real client's keep-alive sockets or watches: a handle that keeps the worker's event
    // loop busy until teardown, so 'beforeExit' cannot be what triggers the session teardown.
    const handle = setInterval(() => undefined, 1_000);
    await use({ session: run.sessionId });
    clearInterval(handle);
    record(run, 'teardown client');
  })
  .session('mtvVersion', ['run'], async ({ run }, use: Use<string>) => {
    record(run, 'setup mtvVersion');
    await use('2.10.0');
  })
  .scenario('cleanupMigratedVms', ['client', 'scenario', 'run'], async ({ scenario, run }, use: Use<null>) => {
    record(run, `setup cleanupMigratedVms ${scenario.name}`);
    await use(null);
    record(run, `teardown cleanupMigratedVms ${scenario.name}`);
  })
  .scenario('plan', ['client', 'scenario', 'run'], async ({ scenario, run }, use: Use<string>) => {
    record(run, `setup plan ${scenario.name}`);
    await use(`plan-${scenario.name}`);
    record(run, `teardown plan ${scenario.name}`);
  });

const step =
  (name: string) =>
  async ({
    run,
    scenario,
    signal,
  }: {
    run: RunContext;
    scenario: { name: string; description: string };
    signal?: AbortSignal;
  }): Promise<void> => {
    record(run, `step ${name} ${scenario.name}`);
    if (name === 'migrate VMs' && scenario.description.includes('HANG-AT-MIGRATE')) {
      // Honour a signal that fired before the body got here (a loaded machine may abort the step
      // while its fixtures still resolve): 'abort' listeners added afterwards never run.
      await new Promise<never>((_, reject) => {
        if (signal?.aborted) reject(signal.reason as Error);
        else signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      });
    }
    if (name === 'create Plan' && scenario.description.includes('FAIL-AT-PLAN'))
      throw new Error(`plan for ${scenario.name} was rejected (token=sha256~SuperSecretTokenValue1)`);
  };

const base = defineSuite(fixtures)
  .step('create StorageMap', ['client'], step('create StorageMap'))
  .step('create NetworkMap', ['client'], step('create NetworkMap'))
  .step('create Plan', ['plan'], step('create Plan'))
  .step('migrate VMs', ['plan'], step('migrate VMs'));

export default process.env.FIXTURE_SUITE_NO_CHECK === '1' ? base : base.step('check VMs', ['plan', 'client'], step('check VMs'));
