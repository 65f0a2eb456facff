/** Forklift naming rules shared by the suite's checks and the lab's controllers. */
export * from './dns1123';
export * from './vm-name';
export * from './pvc-name';
export * from './suite-expectations';
export * from './vsphere-template-data';
