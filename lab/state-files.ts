/**
 * The names of the files in the lab's state directory (lab/state.ts writes them). Apart from
 * state.ts so that the launcher, which every suite process loads, does not load what writing them
 * takes (the YAML library, the token code).
 */
export const CONFIG_FILE = 'lab-config.json';
export const LOCK_FILE = 'lab.pid';
export const KUBECONFIG_FILE = 'kubeconfig';
