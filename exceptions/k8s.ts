import { InputError, MtvTestsError } from './base';

/**
 * A Kubernetes API call answered with a non-2xx status. `code` and `reason` come from the response
 * (the Status object's reason, e.g. NotFound, AlreadyExists, Conflict); the message names the verb
 * and the object so that a log line alone says what failed.
 */
export class KubeApiError extends MtvTestsError {
  constructor(
    readonly code: number,
    readonly reason: string,
    readonly verb: string,
    readonly path: string,
    readonly apiMessage: string,
  ) {
    super(`${verb} ${path} failed: HTTP ${code} ${reason}${apiMessage ? `: ${apiMessage}` : ''}`);
  }
}

/**
 * A KubeApiError the transport may retry (429/5xx), with the server's Retry-After. Used inside
 * lib/k8s/rest.ts between attempts; callers only ever see the wrapped KubeApiError.
 */
export class RetryableResponse extends MtvTestsError {
  constructor(
    readonly error: KubeApiError,
    readonly retryAfterMs: number | undefined,
  ) {
    super(error.message);
  }
}

/** A request to the Kubernetes API failed below HTTP with something that is not even an Error. */
export class KubeTransportError extends MtvTestsError {
  constructor(
    readonly verb: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${verb} ${path} failed: ${detail}`);
  }
}

/** An HTTPS request to the cluster got no answer in time. `code` is Node's ETIMEDOUT, so transport-error explanations treat it as one. */
export class RequestTimeoutError extends MtvTestsError {
  readonly code = 'ETIMEDOUT';
  constructor(
    readonly origin: string,
    readonly timeoutMs: number,
  ) {
    super(`no answer from ${origin} within ${formatDuration(timeoutMs)}`);
  }
}

/** The kubeconfig the suite was given cannot be used as it is (no current cluster, nothing to load). One line naming the fix. */
export class KubeconfigError extends InputError {}

/** A namespaced kind was addressed without a namespace: a caller bug, named with the object. */
export class NamespaceRequiredError extends MtvTestsError {
  constructor(
    readonly kind: string,
    readonly objectName: string,
  ) {
    super(`${kind} "${objectName}" is namespaced: a namespace is required, none was given`);
  }
}

/** Cross-realm safe: the HTTP status of a KubeApiError (or anything carrying a numeric `code`). */
export function apiErrorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

export function isNotFound(error: unknown): boolean {
  return apiErrorCode(error) === 404;
}

export function isConflict(error: unknown): boolean {
  return apiErrorCode(error) === 409;
}

/**
 * A wait ran out of time. It says what was awaited, for how long, and the last state observed, so a
 * failure is diagnosable from the message (e.g. the Plan's conditions when it never became Ready).
 */
export class WaitTimeoutError extends MtvTestsError {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly lastState: string,
  ) {
    super(`timed out after ${formatDuration(timeoutMs)} waiting for ${what}; last observed state: ${lastState}`);
  }
}

/** A wait stopped early because the awaited object reached a state it can never leave (e.g. ConnectionFailed). */
export class WaitAbortedError extends MtvTestsError {
  constructor(
    readonly what: string,
    readonly why: string,
    readonly lastState: string,
  ) {
    super(`gave up waiting for ${what}: ${why}; last observed state: ${lastState}`);
  }
}

/** The status condition a wait saw as terminal: {type, status, category?, reason?, message?} as Forklift, KubeVirt and core write it. */
export interface TerminalCondition {
  type: string;
  status: string;
  category?: string;
  reason?: string;
  message?: string;
}

/**
 * A wait stopped at once because the object carries a condition it cannot recover from (e.g. a
 * Critical Plan condition). `condition` names it; still a WaitAbortedError for callers that only
 * care that the wait gave up early.
 */
export class WaitTerminalConditionError extends WaitAbortedError {
  constructor(
    what: string,
    readonly condition: TerminalCondition,
    lastState: string,
  ) {
    super(what, `terminal condition ${formatCondition(condition)}`, lastState);
  }
}

function formatCondition(c: TerminalCondition): string {
  return `${c.type}=${c.status}${c.category ? ` [${c.category}]` : ''}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`;
}

/** Obtaining a token from the OpenShift OAuth server (user/password login) failed. */
export class ClusterLoginError extends MtvTestsError {}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  return s < 120 ? `${Number.isInteger(s) ? s : s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`;
}
