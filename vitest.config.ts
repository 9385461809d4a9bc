import { defineConfig } from 'vitest/config';

/**
 * Engine-level test files that may run two at a time, each project with its own private engine. A file
 * belongs here only when it
 *   - never restarts, stops or replaces the shared engine (restartSharedEngine, killing dockerd),
 *   - never prunes or cleans up engine-wide (containers, images, volumes, networks, build cache), and
 *   - never counts or lists everything the engine has (`/containers/json?all=1` lengths, `/system/df`
 *     totals, the first row of a list): it names what it made and checks just that.
 * Everything else, and every new file until someone has read it against these three rules, runs in the
 * `engine` project one file at a time (the safe default: a new file lands there without any change here).
 */
const PARALLEL_SAFE = [
  'test/integration/backend-process.test.ts',
  'test/integration/container-details.test.ts',
  'test/integration/exec.test.ts',
  'test/integration/logs.test.ts',
  'test/integration/log-reads.test.ts',
  'test/integration/managed-engine-preferences.test.ts',
  'test/integration/networks.test.ts',
  'test/integration/packaging.test.ts',
  'test/integration/registries.test.ts',
  'test/integration/run-container.test.ts',
  'test/integration/volumes.test.ts',
  'test/e2e/terminal.test.ts',
];

// Not listed though they touch no shared engine: managed-engine.test.ts starts a dockerd with the default
// bridge and iptables, which must not race other engines' rules; e2e/logs.test.ts writes and searches a
// 1,000,000-line log against short polls in the page, which a second file's work on 2 cores can outlast.

/** Test files under test/integration and test/e2e. */
const ENGINE_FILES = ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'];

/** A failing browser test reports what its page and server showed (test/e2e/failure-context.ts). */
const FAILURE_CONTEXT = 'test/e2e/failure-context.ts';

// Two workers: the machine has two cores, and these tests mostly wait on the engine and the browser.
const PARALLEL_WORKERS = 2;

export default defineConfig({
  test: {
    // The vm-engine project's VM shuts down cleanly at the end (up to 45 s under emulation).
    teardownTimeout: 120_000,
    // Prints each project's time at the end of `npm test` (test/harness/project-times.ts).
    reporters: ['default', './test/harness/project-times.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Same group as engine-parallel (which needs the same worker count): both run first, side by side.
          maxWorkers: PARALLEL_WORKERS,
        },
      },
      {
        test: {
          name: 'engine-parallel',
          include: PARALLEL_SAFE,
          globalSetup: ['test/harness/global-setup.ts'],
          setupFiles: [FAILURE_CONTEXT],
          maxWorkers: PARALLEL_WORKERS,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'engine',
          include: ENGINE_FILES,
          exclude: PARALLEL_SAFE,
          globalSetup: ['test/harness/global-setup.ts'],
          setupFiles: [FAILURE_CONTEXT],
          // One private engine serves these files; files that restart it must not overlap with others.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          // Engines killed, hung and filled, the backend killed: each file starts private engines of its own.
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          setupFiles: [FAILURE_CONTEXT],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          // One swarm of three private engines (test/harness/swarm.ts) for the whole file; its own engines,
          // so it runs beside the engine project's shared one.
          name: 'swarm',
          include: ['test/swarm/**/*.test.ts'],
          setupFiles: [FAILURE_CONTEXT],
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
            'test/integration/log-reads.test.ts',
            'test/integration/volumes.test.ts',
            'test/integration/networks.test.ts',
            'test/integration/images.test.ts',
            'test/integration/clean-up.test.ts',
          ],
          globalSetup: ['test/vm/engine-global-setup.ts'],
          fileParallelism: false,
          // Under emulation dockerd's own work per log line is slow (1,000–2,000 lines a second through the
          // API channel on a loaded machine); the logs test searches 7,000 lines there (engine-global-setup.ts
          // provides the size).
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
