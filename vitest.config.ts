import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The vm-engine project's VM shuts down cleanly at the end (up to 45 s under emulation).
    teardownTimeout: 120_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'engine',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/harness/global-setup.ts'],
          // One private engine serves every file; files that restart it must not overlap with others.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          // One swarm of three private engines (test/harness/swarm.ts) for the whole file; its own engines,
          // so it runs beside the engine project's shared one.
          name: 'swarm',
          include: ['test/swarm/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          // Boots the guest under QEMU (tcg here): one VM at a time.
          name: 'vm',
          include: ['test/vm/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          // The engine-level tests the host engine passes, against the engine in Berth's VM (its own
          // globalSetup boots the VM and provides its socket in place of the private host engine's).
          name: 'vm-engine',
          include: [
            'test/integration/run-container.test.ts',
            'test/integration/container-details.test.ts',
            'test/integration/exec.test.ts',
            'test/integration/logs.test.ts',
            'test/integration/volumes.test.ts',
            'test/integration/networks.test.ts',
            'test/integration/images.test.ts',
            'test/integration/clean-up.test.ts',
          ],
          globalSetup: ['test/vm/engine-global-setup.ts'],
          fileParallelism: false,
          // Under emulation each log line is its own packet through QEMU's user network (about 2,000 lines
          // a second): the logs tests' 300,000-line searches take minutes there.
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
