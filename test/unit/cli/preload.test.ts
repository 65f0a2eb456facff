/**
 * bin/cli/preload.ts: the in-band rule, and that the preflight's verdict is what the caller gets
 * (a failed preflight still fails, a passed one passes), whatever the preloading did meanwhile.
 */
import { preflightWhilePreloading, runsInBand } from '../../../bin/cli/preload';
import path from 'node:path';

const suite = path.resolve(__dirname, '../../../fixtures/suite.ts');

describe('runsInBand', () => {
  it('is in band for one scenario file or one worker, not otherwise', () => {
    expect(runsInBand(1, undefined)).toBe(true);
    expect(runsInBand(1, '4')).toBe(true);
    expect(runsInBand(4, '1')).toBe(true);
    expect(runsInBand(4, undefined)).toBe(false);
    expect(runsInBand(4, '2')).toBe(false);
    expect(runsInBand(4, '50%')).toBe(false);
  });
});

describe('preflightWhilePreloading', () => {
  it('rejects with the preflight error', async () => {
    const failure = new Error('cannot reach the cluster API');
    await expect(preflightWhilePreloading(Promise.reject(failure), suite)).rejects.toBe(failure);
  });
  it('resolves when the preflight passes', async () => {
    await expect(preflightWhilePreloading(Promise.resolve(), suite)).resolves.toBeUndefined();
  });
});
