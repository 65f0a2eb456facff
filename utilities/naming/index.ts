/**
 * What the suite expects of PVC names (check_pvc_names) and of the target VM name of a
 * non-conforming source name. Forklift's own naming rules live in the lab (lab/forklift/naming.ts).
 */
export * from './suite-expectations';
export * from './target-vm-name';
