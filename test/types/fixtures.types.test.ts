/**
 * Type-level behaviour of the fixture DSL, checked by the compiler (type-check.test.ts compiles this
 * file; ts-jest only strips types): dependencies arrive typed, values accumulate per scope, and
 * scopes expose only what they may.
 */
import { expectTypeOf } from 'expect-type';
import { defineFixtures, openSession, typeOf, type FixtureValues, type Use } from '../../lib/fixtures';

const fx = defineFixtures()
  .sessionInput('config', typeOf<{ host: string; insecure: boolean }>())
  .session('client', ['config'], async ({ config }, use: Use<{ url: string }>) => {
    expectTypeOf(config).toEqualTypeOf<{ host: string; insecure: boolean }>();
    await use({ url: `https://${config.host}` });
  })
  .scenarioInput('scenario', typeOf<{ name: string }>())
  .scenario('plan', ['client', 'scenario'], async (args, use: Use<number>) => {
    expectTypeOf(args).toEqualTypeOf<{ client: { url: string }; scenario: { name: string } }>();
    await use(1);
  })
  .stepInput('step', typeOf<string>())
  .step('probe', ['plan', 'client', 'step'], async ({ plan, step }, use: Use<string>) => {
    expectTypeOf(plan).toEqualTypeOf<number>();
    await use(step);
  });

describe('fixture DSL types', () => {
  test('values accumulate with their types', () => {
    expectTypeOf<FixtureValues<typeof fx>>().toMatchTypeOf<{
      config: { host: string; insecure: boolean };
      client: { url: string };
      scenario: { name: string };
      plan: number;
      step: string;
      probe: string;
    }>();
  });

  test('each scope resolves only its own and wider values and is opened with its inputs', async () => {
    const session = openSession(fx, { config: { host: 'h', insecure: false } });
    expectTypeOf(session.get<'client'>).returns.toEqualTypeOf<Promise<{ url: string }>>();
    expectTypeOf(session.resolve).parameter(0).toEqualTypeOf<readonly ('config' | 'client')[]>();
    const scenario = session.openScenario({ scenario: { name: 'x' } });
    expectTypeOf(scenario.resolve).parameter(0).toEqualTypeOf<readonly ('config' | 'client' | 'scenario' | 'plan')[]>();
    expectTypeOf(scenario.openStep).parameter(0).toEqualTypeOf<{ step: string }>();
    const step = scenario.openStep({ step: 'create Plan' });
    const got = await step.resolve(['probe', 'plan']);
    expectTypeOf(got).toEqualTypeOf<{ probe: string; plan: number }>();
    expect(got).toEqual({ probe: 'create Plan', plan: 1 });
    await session.teardown();
  });

  test('the dependency tuple only accepts names already defined in the same or a wider scope', () => {
    type SessionDeps = Parameters<typeof fx.session>[1];
    expectTypeOf<'config'>().toMatchTypeOf<SessionDeps[number]>();
    expectTypeOf<'plan'>().not.toMatchTypeOf<SessionDeps[number]>();
    expectTypeOf<'probe'>().not.toMatchTypeOf<Parameters<typeof fx.scenario>[1][number]>();
  });
});
