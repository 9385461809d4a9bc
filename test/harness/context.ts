// Test-worker side of the shared engine started by global-setup.ts.
import { inject } from 'vitest';
import type { EngineClient } from './engine';
import { engineClient, restartEngine } from './engine';
import './provided';

export { BUSYBOX_IMAGE } from './image';

function sharedSocket(): string {
  const socket = inject('engineSocket') ?? process.env.BERTH_TEST_ENGINE_SOCKET;
  if (!socket) throw new Error('no shared test engine: add test/harness/global-setup.ts to test.globalSetup');
  return socket;
}

export function testEngine(): EngineClient {
  return engineClient(sharedSocket());
}

/**
 * Restarts the shared engine's dockerd (same data root and socket) and waits until it answers.
 * Every test file shares this engine: only call it from tests that do not run concurrently
 * with others using the engine.
 */
export async function restartSharedEngine(): Promise<void> {
  await restartEngine(testEngine().dir);
}

/** Removes (with their anonymous volumes) the containers a test file made, so files sharing the engine stay independent. */
export async function removeContainersNamed(engine: EngineClient, pattern: RegExp): Promise<void> {
  const list = (await engine.request('GET', '/containers/json?all=1')).json as { Id: string; Names: string[] }[];
  const mine = list.filter((c) => c.Names.some((n) => pattern.test(n.replace(/^\//, ''))));
  await Promise.all(mine.map((c) => engine.request('DELETE', `/containers/${c.Id}?force=1&v=1`)));
}
