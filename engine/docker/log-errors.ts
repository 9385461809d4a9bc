/** Engine answers about logs and terminals that read like internals, as sentences (see engine-errors.ts). */
import type { ErrorCode } from '../contract/errors';

export const logRewrites: { pattern: RegExp; say: (m: RegExpExecArray) => string; code: ErrorCode }[] = [
  {
    pattern: /configured logging driver does not support reading/,
    say: () =>
      'This container’s logging driver sends its logs elsewhere, so the engine cannot read them back (docker logs cannot either). Containers with the json-file or local driver, the default, have readable logs.',
    code: 'not-supported',
  },
  {
    pattern: /Container [0-9a-f]+ is paused, unpause the container before exec/,
    say: () => 'The container is paused: resume it to open a terminal in it.',
    code: 'conflict',
  },
];
