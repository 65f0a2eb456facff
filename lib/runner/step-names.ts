/** The five steps of every scenario, in order (the Python suite's S5 method set). */
export const STEP_NAMES = ['create StorageMap', 'create NetworkMap', 'create Plan', 'migrate VMs', 'check VMs'] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** Test names carry the provider and storage class like the Python suite's item names. */
export function stepTitle(step: string, sourceProvider: string | undefined, storageClass: string | undefined): string {
  return `${step}-${sourceProvider ?? 'unset'}-${storageClass ?? 'unset'}`;
}
