/**
 * Where Berth keeps its files. `BERTH_DATA_DIR` and `BERTH_RUNTIME_DIR` move them (tests use this so they
 * never touch a user's settings or engine).
 */
import os from 'node:os';
import path from 'node:path';
import envPaths from 'env-paths';

export interface BerthPaths {
  /** Settings, the managed engine's data root, logs. */
  data: string;
  /** Sockets and pid files: short paths (unix sockets are limited to 108 bytes), private to the user. */
  runtime: string;
}

export function berthPaths(env: NodeJS.ProcessEnv = process.env): BerthPaths {
  const data = env.BERTH_DATA_DIR || envPaths('berth', { suffix: '' }).data;
  let runtime = env.BERTH_RUNTIME_DIR;
  if (!runtime) {
    if (env.XDG_RUNTIME_DIR) runtime = path.join(env.XDG_RUNTIME_DIR, 'berth');
    else if (process.getuid?.() === 0) runtime = '/run/berth';
    else runtime = path.join(os.tmpdir(), `berth-${process.getuid?.() ?? 'user'}`);
  }
  return { data, runtime };
}
