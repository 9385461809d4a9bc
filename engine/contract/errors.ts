/**
 * Errors a user can meet. Everything thrown across the contract becomes one of these before it leaves the
 * backend: a sentence the user can act on and a stable code the UI can branch on.
 */
import type { WireError } from './protocol';

export type ErrorCode =
  | 'invalid-input'
  | 'unknown-method'
  | 'engine-unreachable'
  /** The engine accepts connections but does not answer (hung): Berth reconnects when it does. */
  | 'engine-not-answering'
  | 'no-engine'
  | 'not-found'
  | 'conflict'
  | 'not-supported'
  | 'not-installed'
  | 'permission-denied'
  | 'engine-error'
  | 'cancelled'
  /** The connection to the backend dropped under a stream that cannot carry on (./stream-reconnect.ts). */
  | 'interrupted'
  | 'internal';

export class UserError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode = 'engine-error',
  ) {
    super(message);
    this.name = 'UserError';
  }

  toWire(): WireError {
    return { message: this.message, code: this.code };
  }

  static fromWire(e: WireError): UserError {
    return new UserError(e.message, e.code as ErrorCode);
  }
}
