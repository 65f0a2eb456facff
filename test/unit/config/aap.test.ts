/**
 * AAP settings: a scenario with AAP hooks on a real cluster needs aap_url and aap_token, and the
 * run stops before anything is created with one line naming the missing setting; the lab supplies
 * its own AAP, so a lab run needs neither.
 */
import path from 'node:path';
import { requireAapSettings, scenarioUsesAap } from '../../../lib/config/aap';
import { DEFAULTS, type RunConfig } from '../../../lib/config/keys';
import type { Target } from '../../../lib/config/target';
import { loadScenarioFile } from '../../../lib/runner/scenario-file';

const ROOT = path.resolve(__dirname, '../../..');
const aap = loadScenarioFile(path.join(ROOT, 'scenarios/aap-hook-migration.scenario.json'));
const sanity = loadScenarioFile(path.join(ROOT, 'scenarios/sanity-cold.scenario.json'));
const cluster: Target = {
  kind: 'cluster',
  auth: { method: 'token', server: 'https://api.x:6443', token: 't' },
  insecureSkipTlsVerify: true,
  why: '',
  warnings: [],
};
const lab: Target = { kind: 'lab', why: '' };
const config = (extra: Partial<RunConfig>): RunConfig => ({ ...DEFAULTS, ...extra });

describe('AAP settings', () => {
  it('knows which scenarios use AAP', () => {
    expect(scenarioUsesAap(aap)).toBe(true);
    expect(scenarioUsesAap(sanity)).toBe(false);
  });

  it('a real cluster without aap_url / aap_token stops with one line naming the setting', () => {
    expect(() => requireAapSettings([aap], config({}), cluster)).toThrow(
      'scenario aap-hook-migration needs AAP: the run config has no aap_url (set it with --tc aap_url:<value> or in the config file)',
    );
    expect(() => requireAapSettings([aap], config({ aap_url: 'https://awx' }), cluster)).toThrow(/has no aap_token/);
    expect(() => requireAapSettings([aap], config({ aap_url: 'https://awx', aap_token: 'tok' }), cluster)).not.toThrow();
  });

  it('needs nothing for scenarios without AAP, or on the lab', () => {
    expect(() => requireAapSettings([sanity], config({}), cluster)).not.toThrow();
    expect(() => requireAapSettings([aap], config({}), lab)).not.toThrow();
  });
});
