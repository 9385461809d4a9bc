import path from 'node:path';
import { defineConfig } from 'vite';

// The renderer is a plain static bundle: the desktop app loads it from disk, browser mode serves it.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    // BERTH_DIST moves the whole build (see esbuild.config.mjs).
    outDir: path.resolve(process.env.BERTH_DIST ?? 'dist', 'renderer'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    rollupOptions: {
      onwarn(warning, warn) {
        // react-query marks its modules "use client" for React Server Components, which a static bundle ignores.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
