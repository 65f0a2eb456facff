import { MtvTestsError } from './base';

/** The Forklift inventory answered with an error, or never reached parity (206) in time. */
export class InventoryError extends MtvTestsError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
