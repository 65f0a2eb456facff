/**
 * An engine error as the REST API reports it: an HTTP status and a `<fault>` with reason and detail
 * (validation failures are 409 "Operation Failed" with the engine's message in brackets).
 */
export class EngineFault extends Error {
  constructor(
    readonly httpStatus: number,
    readonly reason: string,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'EngineFault';
  }
}

export const notFound = (): EngineFault => new EngineFault(404, 'Not Found', 'Entity not found: the requested resource does not exist');
export const operationFailed = (message: string): EngineFault => new EngineFault(409, 'Operation Failed', `[${message}]`);
export const badRequest = (detail: string): EngineFault => new EngineFault(400, 'Incomplete parameters', detail);
