import path from 'node:path';
import { defineConfig } from 'vite';

// BERTH_CODE_SPLIT=0 builds one bundle with every page in it, as a baseline for test/bench/page.ts.
const split = process.env.BERTH_CODE_SPLIT !== '0';

// The renderer is a plain static bundle: the desktop app loads it from disk, browser mode serves it.
// Pages and dialogs load the first time they are used (renderer/src/app/pages.tsx, App.tsx); React, which
// every page needs and which changes less often than the app, is a chunk of its own. The window opens
// with about 330 kB of JS instead of 560 kB (test/bench/page.ts measures what that does to first paint).
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    // BERTH_DIST moves the whole build (see esbuild.config.mjs).
    outDir: path.resolve(process.env.BERTH_DIST ?? 'dist', 'renderer'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    // The unsplit baseline is one large bundle on purpose: no warning for it.
    chunkSizeWarningLimit: split ? 500 : 5000,
    rollupOptions: {
      // Rolldown reports slow plugin callbacks when the machine is busy; they are Vite's own and nothing a
      // user starting Berth can act on, so they are not printed on every start.
      checks: { bundlerTimings: false },
      output: {
        codeSplitting: split ? { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }] } : false,
      },
      onwarn(warning, warn) {
        // react-query marks its modules "use client" for React Server Components, which a static bundle ignores.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
