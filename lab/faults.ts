/**
 * The on/off state of the lab's named defects (FAULT_CATALOG). The API server's /lab/faults
 * endpoints and the lab CLI's --fault flag write it; components read it through LabFaults.
 */
import { FAULT_CATALOG, type FaultSpec, type LabFaults } from './faults-catalog';

export class FaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultError';
  }
}

export interface FaultState {
  name: string;
  on: boolean;
  value?: number;
  spec: FaultSpec;
}

/** Range checks for number-valued faults (fractions must be probabilities). */
const RANGES: Record<string, { min: number; max: number }> = {
  'api-error-rate': { min: 0, max: 1 },
  'api-429-rate': { min: 0, max: 1 },
  'api-latency': { min: 0, max: 600_000 },
  'inventory-lag': { min: 0, max: 3_600_000 },
};

export class LabFaultState implements LabFaults {
  private readonly active = new Map<string, number | undefined>();
  private readonly listeners = new Set<(name: string) => void>();

  constructor(private readonly catalog: readonly FaultSpec[] = FAULT_CATALOG) {}

  private spec(name: string): FaultSpec {
    const s = this.catalog.find((f) => f.name === name);
    if (!s) throw new FaultError(`unknown fault ${JSON.stringify(name)}; known faults: ${this.catalog.map((f) => f.name).join(', ')}`);
    return s;
  }

  /** Turns a fault on. `value` is the raw text for number-valued faults (required for them). */
  set(name: string, value?: string | number): void {
    const spec = this.spec(name);
    if (spec.takesValue === 'none') {
      if (value !== undefined && value !== '') throw new FaultError(`fault ${name} takes no value`);
      this.active.set(name, undefined);
    } else {
      if (value === undefined || value === '') throw new FaultError(`fault ${name} needs a number value`);
      const n = typeof value === 'number' ? value : Number(value);
      const range = RANGES[name] ?? { min: 0, max: Number.MAX_SAFE_INTEGER };
      if (!Number.isFinite(n) || n < range.min || n > range.max)
        throw new FaultError(`fault ${name} needs a number in [${range.min}, ${range.max}], got ${JSON.stringify(String(value))}`);
      this.active.set(name, n);
    }
    for (const l of this.listeners) l(name);
  }

  /** Parses "name" or "name=value" (the --fault flag). */
  setFromFlag(flag: string): void {
    const i = flag.indexOf('=');
    if (i < 0) this.set(flag);
    else this.set(flag.slice(0, i), flag.slice(i + 1));
  }

  clear(name: string): void {
    this.spec(name);
    this.active.delete(name);
    for (const l of this.listeners) l(name);
  }

  clearAll(): void {
    const names = [...this.active.keys()];
    this.active.clear();
    for (const n of names) for (const l of this.listeners) l(n);
  }

  isOn(name: string): boolean {
    return this.active.has(name);
  }

  value(name: string): number | undefined {
    return this.active.get(name);
  }

  list(): FaultState[] {
    return this.catalog.map((spec) => {
      const s: FaultState = { name: spec.name, on: this.active.has(spec.name), spec };
      const v = this.active.get(spec.name);
      if (v !== undefined) s.value = v;
      return s;
    });
  }

  /** Called with the fault name whenever a fault is set or cleared. */
  onChange(listener: (name: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
