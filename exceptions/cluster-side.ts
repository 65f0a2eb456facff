/**
 * Errors of the cluster-side scenarios: standalone deep inspection (Forklift's Conversion CR) and
 * the MTV operator upgrade. Each names the object, what was expected and what was found.
 */
import { MtvTestsError } from './base';

/**
 * A Conversion reached a phase other than the one the step waits for (or none in time). The
 * message is the Python suite's: "Conversion '<name>' reached phase '<phase>'[: <message>]".
 */
export class ConversionError extends MtvTestsError {
  constructor(
    readonly conversionName: string,
    readonly phase: string,
    readonly detail = '',
  ) {
    super(`Conversion '${conversionName}' reached phase '${phase}'${detail ? `: ${detail}` : ''}`);
  }
}

/** A Conversion's results, cleanup or validation are not what Forklift promises; lists each finding. */
export class ConversionVerificationError extends MtvTestsError {
  constructor(
    readonly conversionName: string,
    readonly vm: string,
    readonly findings: readonly string[],
  ) {
    super(`VM '${vm}': Conversion '${conversionName}': ${findings.join('; ')}`);
  }
}

/** The MTV upgrade did not complete: the script failed, or OLM did not install the new CSV. */
export class MtvUpgradeError extends MtvTestsError {}

/** After the upgrade MTV is not what the upgrade promised (version, pods, preserved CRs); lists each finding. */
export class MtvPostUpgradeError extends MtvTestsError {
  constructor(
    readonly namespace: string,
    readonly findings: readonly string[],
  ) {
    super(`MTV in ${namespace} after the upgrade:\n${findings.map((f) => `  - ${f}`).join('\n')}`);
  }
}

/** What a standalone deep inspection needs is missing: the Provider's secret, URL or fingerprint, or the VDDK image. */
export class DeepInspectionPrerequisiteError extends MtvTestsError {}
