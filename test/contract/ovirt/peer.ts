/** The lab engine started for a contract test: its own state dir, lab CA and admin@internal login. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTls } from '../../../lab/certs';
import { OvirtEngineModel } from '../../../lab/ovirt/model';
import { seedEngineInventory } from '../../../lab/ovirt/seed';
import { startOvirtSimulator } from '../../../lab/ovirt/server';

export interface EnginePeer {
  url: string;
  username: string;
  password: string;
  caPem: string;
  caFile: string;
  model: OvirtEngineModel;
  stop(): Promise<void>;
}

export async function startLabEngine(opts: { phaseMs?: number } = {}): Promise<EnginePeer> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovirt-contract-'));
  const tls = ensureTls(stateDir);
  const username = 'admin@internal';
  const password = `Rhv-${process.pid}-${Date.now()}`;
  const model = new OvirtEngineModel(seedEngineInventory(), { phaseMs: opts.phaseMs ?? 5 });
  const sim = await startOvirtSimulator({ credentials: { username, password }, model, tls });
  return {
    url: sim.url,
    username,
    password,
    caPem: tls.caCertPem,
    caFile: path.join(stateDir, 'ca.crt'),
    model,
    stop: async () => {
      await sim.stop();
      model.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
