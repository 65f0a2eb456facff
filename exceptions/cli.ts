import { InputError } from './base';

/** A command-line flag problem (unknown flag, missing value, conflicting flags). */
export class CliUsageError extends InputError {}

/** --lab-fault with an unknown fault, a bad value, or a target other than the lab. */
export class LabFaultError extends InputError {}
