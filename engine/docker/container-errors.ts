/**
 * Engine messages about one container's files and processes that read like internals (a 64-character id,
 * the archive code's own words), rewritten into what the user can do. engine-errors.ts applies these.
 */
import type { ErrorCode } from '../contract/errors';

interface Rewrite {
  pattern: RegExp;
  say: (m: RegExpExecArray) => string;
  code: ErrorCode;
}

export const containerRewrites: Rewrite[] = [
  {
    pattern: /Could not find the file (.+?) in container [0-9a-f]{12,64}/,
    say: (m) => `There is no ${m[1]} in the container.`,
    code: 'not-found',
  },
  {
    pattern: /Container [0-9a-f]{12,64} is not running/,
    say: () => 'The container is not running: start it first.',
    code: 'conflict',
  },
  {
    pattern: /extraction point is not a directory/,
    say: () => 'The place to upload into is a file, not a folder: choose a folder.',
    code: 'invalid-input',
  },
  {
    pattern: /cannot overwrite directory "([^"]+)" with non-directory/,
    say: (m) => `${m[1]} is a folder: a file cannot replace it. Rename the file, or upload it somewhere else.`,
    code: 'conflict',
  },
];
