import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { EngineConnection } from '../../engine/docker/connection';

describe('an engine connection waiting for its engine', () => {
  it('keeps no abort listener per retry (they made Node warn "11 abort listeners added")', async () => {
    const connection = new EngineConnection({ endpoint: { id: 'gone', kind: 'external', label: 'gone', host: 'unix:///nonexistent/berth-test.sock' } as never });
    const retries: string[] = [];
    connection.on('status', (s) => retries.push(s.state));
    connection.start();
    // 250 + 500 + 1000 ms of backoff: four failed attempts.
    await expect.poll(() => retries.length, { timeout: 5000, interval: 50 }).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1900));
    const signal = (connection as unknown as { stop: AbortController }).stop.signal;
    expect(getEventListeners(signal, 'abort').length).toBeLessThanOrEqual(1);
    connection.dispose();
  });
});
