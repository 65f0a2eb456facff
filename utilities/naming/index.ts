/** What the suite expects of PVC names (check_pvc_names). Forklift's own naming rules live in the lab (lab/forklift/naming.ts). */
export * from './suite-expectations';
