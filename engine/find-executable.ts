/** Finding a program the way a shell would, as an absolute path (so what Berth shows is what runs). */
import fs from 'node:fs';
import path from 'node:path';

/** Folders a root shell has on PATH but a desktop session may not (dockerd lives in /usr/sbin). */
const SYSTEM_FOLDERS = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', '/sbin', '/bin'];

function firstExecutable(name: string, dirs: string[]): string | undefined {
  for (const dir of dirs) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** A program on PATH only. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return firstExecutable(name, (env.PATH ?? '').split(path.delimiter));
}

/** A program on PATH, or in the usual system folders when PATH leaves them out. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return firstExecutable(name, [...(env.PATH ?? '').split(path.delimiter), ...SYSTEM_FOLDERS]);
}
