/**
 * Engine API failures, as sentences. The engine's own messages are mostly clear ("You cannot remove a
 * running container ... Stop the container before attempting removal or force remove"), so they are kept,
 * with the HTTP status turned into a code the UI can branch on.
 */
import { UserError } from '../contract/errors';
import type { ErrorCode } from '../contract/errors';
import { describeConnectionError } from './endpoint';

interface DockerodeError {
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
  code?: string;
}

export function engineError(e: unknown, host: string): UserError {
  if (e instanceof UserError) return e;
  const err = (e ?? {}) as DockerodeError;
  if (err.statusCode === undefined) {
    if (err.code) return new UserError(describeConnectionError(e, host), 'engine-unreachable');
    return new UserError(err.message ?? String(e), 'engine-error');
  }
  const message = err.json?.message ?? err.reason ?? err.message ?? `the engine answered ${err.statusCode}`;
  const code: ErrorCode =
    err.statusCode === 404 ? 'not-found' : err.statusCode === 409 ? 'conflict' : err.statusCode === 400 ? 'invalid-input' : 'engine-error';
  return new UserError(capitalise(message.trim()), code);
}

function capitalise(s: string): string {
  const sentence = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
