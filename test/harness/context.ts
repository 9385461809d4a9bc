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
