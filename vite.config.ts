import { defineConfig } from 'vite';

// The renderer is a plain static bundle: the desktop app loads it from disk, browser mode serves it.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
  },
});
