/**
 * The client contract against govmomi's vCenter simulator (independent peer). Needs the Debian
 * packages golang-go and golang-github-vmware-govmomi-dev: skipped without them, except when
 * CI=true, where the suite must have its independent peer and the run fails instead.
 */
import { defineClientContract } from './client-contract';
import { govmomiToolchainMissing, startGovmomi } from './peers';

const missing = govmomiToolchainMissing();
if (missing && process.env['CI'] !== 'true') {
  describe('vSphere client contract: govmomi vcsim', () => {
    it.skip(`skipped: ${missing}`, () => undefined);
  });
} else {
  defineClientContract('govmomi vcsim', startGovmomi);
}
