/**
 * Kubernetes resource quantities ("4Gi", "4096Mi", "4294967296", "4G") as MiB, for comparing the
 * destination guest memory with the source's memoryMB (vSphere counts MB as MiB). Returns
 * undefined for text that is not a quantity.
 */
const FACTORS: Record<string, number> = {
  '': 1,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
};

export function quantityToMiB(quantity: string | number | undefined): number | undefined {
  if (quantity === undefined) return undefined;
  if (typeof quantity === 'number') return quantity / 1024 ** 2;
  const match = /^\s*(\d+(?:\.\d+)?)([KMGTP]i|[kMGTP])?\s*$/.exec(quantity);
  if (!match) return undefined;
  const factor = FACTORS[match[2] ?? ''];
  if (factor === undefined) return undefined;
  return (Number(match[1]) * factor) / 1024 ** 2;
}
