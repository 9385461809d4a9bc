/** Finds a program on PATH (and the usual system folders), as a shell would. */
import fs from 'node:fs';
import path from 'node:path';

export function findProgram(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  const dirs = [...(env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    for (const ext of exts) {
      const file = path.join(dir, name + ext);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return file;
      } catch {
        // keep looking
      }
    }
  }
  return undefined;
}
