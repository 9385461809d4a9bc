import { defineConfig } from 'vitest/config';
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'vm', root: '/work/main', include: ['test/vm/**/*.test.ts'], fileParallelism: false, testTimeout: 300_000, hookTimeout: 600_000 } },
    ],
  },
});
