/**
 * Errors of the Go text/template renderer. Go reports two families: parse errors (the template
 * text is wrong, e.g. an undefined function) and exec errors (the template is valid but fails on
 * this data, e.g. an unknown field). Forklift treats both as "template failed"; tests compare the
 * kind. Messages follow Go's wording so they read like the controller's.
 */
export type TemplateErrorKind = 'parse' | 'exec';

export class TemplateError extends Error {
  override readonly name = 'TemplateError';

  constructor(
    readonly kind: TemplateErrorKind,
    /** Template name (Forklift uses "template"). */
    readonly templateName: string,
    /** 1-based line of the failing node. */
    readonly line: number,
    /** 0-based byte column (Go's convention) of the failing node; undefined for parse errors. */
    readonly column: number | undefined,
    /** The message without location prefix. */
    readonly detail: string,
    /** Go-style rendering of the failing node, for exec errors. */
    readonly context?: string,
  ) {
    super(
      kind === 'parse'
        ? `template: ${templateName}:${line}: ${detail}`
        : `template: ${templateName}:${line}:${column ?? 0}: executing "${templateName}" at <${context ?? ''}>: ${detail}`,
    );
  }
}

/** Thrown by a template function; the evaluator wraps it as `error calling <fn>: <message>`. */
export class FuncCallError extends Error {
  override readonly name = 'FuncCallError';
}
