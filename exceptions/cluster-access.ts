import { InputError } from './base';

/** The named cluster cannot be used: unreachable, credentials refused, TLS not trusted, no MTV. One line naming the fix. */
export class ClusterAccessError extends InputError {}
