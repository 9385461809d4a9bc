/**
 * Where Berth keeps its files. `BERTH_DATA_DIR` and `BERTH_RUNTIME_DIR` move them (tests use this so they
 * never touch a user's settings or engine).
 */
import fs from 'node:fs';
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
    else {
      // Without a runtime folder of the user's own, the folder is made in a shared place (/run for root,
      // world-writable /tmp otherwise), where someone else may have made it first: it is made only by
      // this user, and checked. Every Berth of the same user shares it, and the owner records in it
      // (engine/ownership) decide which one runs each engine.
      const uid = process.getuid?.();
      runtime = uid === 0 ? '/run/berth' : path.join(os.tmpdir(), `berth-${uid ?? 'user'}`);
      ensurePrivateDir(runtime);
    }
  }
  return { data, runtime };
}

/**
 * Makes `dir` as a folder only this user can open, or checks the one that exists: a real folder (not a
 * symbolic link, which lstat does not follow), owned by this user, with no access for anyone else.
 * Anything else is refused in words: Berth's sockets in it would be open to whoever made it.
 */
export function ensurePrivateDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const stat = fs.lstatSync(dir);
  const uid = process.getuid?.();
  const problem = !stat.isDirectory()
    ? stat.isSymbolicLink() ? 'it is a symbolic link' : 'it is not a folder'
    : uid !== undefined && stat.uid !== uid ? `it belongs to another user (uid ${stat.uid})`
      : (stat.mode & 0o077) !== 0 ? `other users can open it (mode ${(stat.mode & 0o777).toString(8)})` : undefined;
  if (problem) {
    throw new Error(
      `Berth will not use ${dir} for its sockets: ${problem}. Someone else may have made it to reach your engine. ` +
        `Remove it (or set XDG_RUNTIME_DIR or BERTH_RUNTIME_DIR to a folder of your own) and start Berth again.`,
    );
  }
}
