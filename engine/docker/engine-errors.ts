/**
 * Engine API failures, as sentences. The engine's own messages are mostly clear ("You cannot remove a
 * running container ... Stop the container before attempting removal or force remove"), so they are kept,
 * with the HTTP status turned into a code the UI can branch on. The few that read like internals are
 * rewritten into what the user can do.
 */
import { UserError } from '../contract/errors';
import type { ErrorCode } from '../contract/errors';
import { describeConnectionError } from './endpoint';
import { containerRewrites } from './container-errors';
import { imageRewrites } from './image-errors';
import { logRewrites } from './log-errors';
import { networkRewrites } from './network-errors';

interface DockerodeError {
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
  code?: string;
}

const REWRITES: { pattern: RegExp; say: (m: RegExpExecArray) => string; code: ErrorCode }[] = [
  {
    // First: a full disk breaks every kind of write, and the engine wraps it in whatever it was doing
    // ("Error processing tar file(exit status 1): write …: no space left on device" reads like a bad archive).
    pattern: /no space left on device|disk quota exceeded/i,
    say: () => 'The engine’s disk is full (no space left on device): free space where the engine keeps its data — remove images, containers or volumes you no longer need (the Disk page shows where the space went) — and try again.',
    code: 'engine-error',
  },
  {
    pattern: /Bind for (?:[\d.:[\]]+):(\d+) failed: port is already allocated|listen tcp4? [\d.:[\]]*:(\d+): bind: address already in use/,
    say: (m) => `Port ${m[1] ?? m[2]} is already in use on this machine: choose another host port, or stop what uses it.`,
    code: 'conflict',
  },
  {
    pattern: /Conflict\. The container name "\/?([^"]+)" is already in use/,
    say: (m) => `The name “${m[1]}” is already taken by another container: choose another name, or remove that container first.`,
    code: 'conflict',
  },
  ...imageRewrites,
  ...containerRewrites,
  ...networkRewrites,
  ...logRewrites,
];

export function engineError(e: unknown, host: string): UserError {
  if (e instanceof UserError) return e;
  const err = (e ?? {}) as DockerodeError;
  if (err.statusCode === undefined) {
    if (err.code) return new UserError(describeConnectionError(e, host), 'engine-unreachable');
    return new UserError(err.message ?? String(e), 'engine-error');
  }
  // For streamed requests (pull, build, logs) dockerode leaves `json` empty and puts the engine's message in
  // its own: "(HTTP code 500) server error - <message> ".
  const streamed = /^\(HTTP code \d+\) [^-]*- (.+)$/s.exec(err.message ?? '')?.[1];
  const message = (err.json?.message ?? streamed ?? err.reason ?? err.message ?? `the engine answered ${err.statusCode}`).trim();
  for (const rewrite of REWRITES) {
    const m = rewrite.pattern.exec(message);
    if (m) return new UserError(rewrite.say(m), rewrite.code);
  }
  const code: ErrorCode =
    err.statusCode === 404 ? 'not-found' : err.statusCode === 409 ? 'conflict' : err.statusCode === 400 ? 'invalid-input' : 'engine-error';
  return new UserError(asSentence(message), code);
}

function asSentence(s: string): string {
  const sentence = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
