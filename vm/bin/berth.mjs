#!/usr/bin/env node
// The `berth` command (package.json "bin"), so `npx berth vm start` works from a clone: it runs the bundled
// CLI when Berth is built (dist/berth.cjs), and otherwise the sources through tsx.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = path.resolve(root, process.env.BERTH_DIST || 'dist', 'berth.cjs');
if (fs.existsSync(bundle)) {
  const cli = await import(pathToFileURL(bundle).href);
  await (cli.main ?? cli.default.main)(process.argv.slice(2));
} else {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli', { paths: [root] });
  const result = spawnSync(process.execPath, [tsx, path.join(root, 'vm/cli.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}
