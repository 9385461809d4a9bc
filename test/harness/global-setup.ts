// vitest globalSetup: one private engine (with the busybox test image) for the whole run.
import type { TestProject } from 'vitest/node';
import { startPrivateEngine } from './engine';
import { buildBusyboxImage } from './image';
import './provided';

export default async function setup({ provide }: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  const t0 = Date.now();
  const engine = await startPrivateEngine({ name: 'shared' });
  try {
    await buildBusyboxImage(engine);
  } catch (e) {
    await engine.stop();
    throw e;
  }
  if (process.env.BERTH_TEST_VERBOSE) console.log(`[berth test engine] ${engine.socketPath} ready in ${Date.now() - t0} ms`);
  provide('engineSocket', engine.socketPath);
  provide('searchLogLines', 300_000);
  process.env.BERTH_TEST_ENGINE_SOCKET = engine.socketPath;
  // stop() reads the current dockerd pid from the engine's state file, so a restart done by a
  // test worker (restartSharedEngine) is stopped here too.
  return () => engine.stop();
}
