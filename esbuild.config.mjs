// Bundles the Node side (Electron main, preload, browser mode, the launcher) into dist/. One bundle per
// entry keeps the packaged app free of node_modules and of sources.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

// BERTH_DIST builds somewhere else than dist/, so several builds (and their tests) can run side by side.
const outdir = process.env.BERTH_DIST ?? 'dist';
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Optional native speed-ups that the libraries load only when present.
  external: ['electron', 'cpu-features', 'bufferutil', 'utf-8-validate', './crypto/build/Release/sshcrypto.node'],
  define: { 'import.meta.url': '__berthModuleUrl', BERTH_VERSION: JSON.stringify(version) },
  banner: { js: "const __berthModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await Promise.all([
  // The backend runs in a utility process of its own (electron/backend-process/entry.ts); tests fork the same file.
  build({ ...common, entryPoints: { 'electron/main': 'electron/main.ts', 'electron/backend': 'electron/backend-process/entry.ts' }, outdir, outExtension: { '.js': '.cjs' } }),
  // A sandboxed preload has no __filename (nor import.meta): it gets neither the banner nor the rewrite.
  build({ ...common, banner: {}, define: { BERTH_VERSION: JSON.stringify(version) }, entryPoints: { 'electron/preload': 'electron/preload.ts' }, outdir, outExtension: { '.js': '.cjs' } }),
  build({ ...common, entryPoints: { serve: 'electron/browser-mode/cli.ts', launch: 'electron/launch.ts', berth: 'vm/cli.ts' }, outdir, outExtension: { '.js': '.cjs' } }),
]);
