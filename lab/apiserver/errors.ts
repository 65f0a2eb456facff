/**
 * Kubernetes API errors. Every failure the API server reports is an ApiError, rendered as a
 * meta.k8s.io/v1 Status body with the HTTP code and reason kube-apiserver uses for that case.
 */

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'MethodNotAllowed'
  | 'Gone'
  | 'Expired'
  | 'UnsupportedMediaType'
  | 'NotAcceptable'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'RequestEntityTooLarge';

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): StatusBody {
    const body: StatusBody = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) body.details = this.details;
    return body;
  }
}

/** "plans.forklift.konveyor.io" / "pods": the qualified resource name kube-apiserver puts in messages. */
export function qualifiedResource(group: string, plural: string): string {
  return group ? `${plural}.${group}` : plural;
}

export const errors = {
  notFound(group: string, plural: string, name: string): ApiError {
    return new ApiError(404, 'NotFound', `${qualifiedResource(group, plural)} "${name}" not found`, { name, group, kind: plural });
  },
  alreadyExists(group: string, plural: string, name: string): ApiError {
    return new ApiError(409, 'AlreadyExists', `${qualifiedResource(group, plural)} "${name}" already exists`, {
      name,
      group,
      kind: plural,
    });
  },
  conflict(
    group: string,
    plural: string,
    name: string,
    why = 'the object has been modified; please apply your changes to the latest version and try again',
  ): ApiError {
    return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(group, plural)} "${name}": ${why}`, {
      name,
      group,
      kind: plural,
    });
  },
  invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
    // field.ErrorList's aggregate: one error as it is, several in brackets.
    const each = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    const list = each.length === 1 ? (each[0] ?? '') : `[${each.join(', ')}]`;
    return new ApiError(422, 'Invalid', `${kind}${group ? '.' + group : ''} "${name}" is invalid: ${list}`, {
      name,
      group,
      kind,
      causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, ...(c.field ? { field: c.field } : {}) })),
    });
  },
  badRequest(message: string): ApiError {
    return new ApiError(400, 'BadRequest', message);
  },
  unauthorized(message = 'Unauthorized'): ApiError {
    return new ApiError(401, 'Unauthorized', message);
  },
  forbidden(message: string): ApiError {
    return new ApiError(403, 'Forbidden', message);
  },
  methodNotAllowed(message = 'the server does not allow this method on the requested resource'): ApiError {
    return new ApiError(405, 'MethodNotAllowed', message);
  },
  expired(message: string): ApiError {
    return new ApiError(410, 'Expired', message);
  },
  unsupportedMediaType(contentType: string, supported: string[]): ApiError {
    return new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${supported.join(', ')}`,
      { causes: [{ reason: 'UnsupportedMediaType', message: `unsupported content type ${JSON.stringify(contentType)}` }] },
    );
  },
  tooManyRequests(retryAfterSeconds: number): ApiError {
    return new ApiError(429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later', {
      retryAfterSeconds,
      causes: [{ message: 'lab fault api-429-rate is on' }],
    });
  },
  internal(message: string): ApiError {
    return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`);
  },
};

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
