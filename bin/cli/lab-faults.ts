/** --lab-fault <name>[=<value>]: checked against the lab's fault catalog; lab target only. */
import { LabFaultError } from '../../exceptions/cli';
import { FAULT_CATALOG } from '../../lab/launch';
import type { Target } from '../../lib/config/target';
import type { LabFaultRequest } from '../../lib/runner/run-context';
import { closest } from '../../lib/runner/closest';

export function parseLabFaults(raw: readonly string[], target: Target): LabFaultRequest[] {
  if (raw.length === 0) return [];
  if (target.kind !== 'lab') {
    throw new LabFaultError(
      `--lab-fault only works with the embedded lab, but the target is a real cluster (${target.why}); drop --lab-fault or the cluster settings`,
    );
  }
  return raw.map((arg) => {
    const [name = '', value] = arg.split('=', 2);
    const spec = FAULT_CATALOG.find((f) => f.name === name);
    if (!spec) {
      const guess = closest(
        name,
        FAULT_CATALOG.map((f) => f.name),
      );
      throw new LabFaultError(
        `unknown lab fault "${name}"${guess ? ` (did you mean ${guess}?)` : ''}; known faults: ${FAULT_CATALOG.map((f) => f.name).join(', ')}`,
      );
    }
    if (spec.takesValue === 'none') {
      if (value !== undefined) throw new LabFaultError(`lab fault "${name}" takes no value; pass --lab-fault ${name}`);
      return { name };
    }
    const n = Number(value);
    if (value === undefined || value === '' || !Number.isFinite(n))
      throw new LabFaultError(`lab fault "${name}" needs a number: --lab-fault ${name}=<number> (${spec.effect})`);
    return { name, value: n };
  });
}
