/**
 * Self-test helper: the lab vCenter simulator for one test file, started in beforeAll with a
 * throwaway state directory and the seed inventory, and a suite VSphereClient logged in to it that
 * trusts the simulator's CA; afterAll logs out, stops it and removes the state directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTls } from '../../lab/certs';
import { LabVSphereModel, type LabModelOptions } from '../../lab/vsphere/lab-model';
import { seedInventory } from '../../lab/vsphere/seed';
import { startVSphereSimulator, type RunningVSphereSimulator, type VSphereSimulatorOptions } from '../../lab/vsphere/server';
import { VSphereClient } from '../../lib/providers/vsphere/client';

/** The simulator's vCenter login in these tests (a test value, not a lab default). */
export const SIM_CREDENTIALS = { username: 'administrator@vsphere.local', password: 'Sim-Test-Pass-1!' };
/** The guests' logins for guest operations in these tests. */
export const SIM_GUEST_LOGINS = {
  linux: { user: 'root', password: 'Rh-guest-1' },
  windows: { user: 'Administrator', password: 'Win-guest-1!' },
};

export interface LabVcenter {
  stateDir: string;
  tls: ReturnType<typeof ensureTls>;
  sim: RunningVSphereSimulator;
  model: LabVSphereModel;
  client: VSphereClient;
}

export interface LabVcenterOptions {
  model?: LabModelOptions;
  /** Simulator options beyond credentials, TLS and model (the task time defaults to 5 ms). */
  sim?: Omit<VSphereSimulatorOptions, 'credentials' | 'tls' | 'model'>;
  /** Runs on the model before the simulator serves it (e.g. seeding disk contents). */
  prepare?: (model: LabVSphereModel) => void;
}

/**
 * Registers beforeAll/afterAll for a lab vCenter; the returned object's fields are set once
 * beforeAll has run (read them inside tests, not at module load).
 */
export function useLabVcenter(prefix: string, options: LabVcenterOptions = {}): LabVcenter {
  const vc = {} as LabVcenter;
  beforeAll(async () => {
    vc.stateDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    vc.tls = ensureTls(vc.stateDir);
    vc.model = new LabVSphereModel(seedInventory(), options.model);
    options.prepare?.(vc.model);
    vc.sim = await startVSphereSimulator({
      taskMs: 5,
      ...options.sim,
      credentials: SIM_CREDENTIALS,
      tls: vc.tls,
      model: vc.model,
    });
    vc.client = await VSphereClient.connect({ url: vc.sim.url, ...SIM_CREDENTIALS, caPem: vc.tls.caCertPem });
  });
  afterAll(async () => {
    await vc.client?.logout().catch(() => undefined);
    await vc.sim?.stop();
    vc.model?.close();
    if (vc.stateDir) fs.rmSync(vc.stateDir, { recursive: true, force: true });
  });
  return vc;
}
