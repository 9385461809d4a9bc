/**
 * What the fault tests share: a Backend in this process against a private engine (never the shared one:
 * these tests kill, stop and fill engines), a poll that says how long something took, and the figures table
 * each test prints so CI logs carry the numbers the README quotes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../engine/backend';
import type { AppUpdate, EngineState } from '../../engine/contract/types';
import type { PrivateEngine } from '../harness/engine';

export interface Figure {
  fault: string;
  noticed: string;
  recovered: string;
  lost: string;
}

/** Prints the figures as a table in the test log (CI keeps it). */
export function printFigures(title: string, figures: Figure[]): void {
  const rows = figures.map((f) => `| ${f.fault} | ${f.noticed} | ${f.recovered} | ${f.lost} |`);
  console.log([`\n${title}`, '| fault | noticed | recovered | lost |', '| --- | --- | --- | --- |', ...rows].join('\n'));
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Polls until `probe` gives a value; resolves with it and the milliseconds it took. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  for (;;) {
    const value = await probe();
    if (value) return { value, ms: performance.now() - started };
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface BackendUnderTest {
  backend: Backend;
  /** Milliseconds from `mark` (a performance.now()) until the backend announced `state`, as the UI hears it. */
  stateSince(mark: number, state: EngineState, timeoutMs?: number): Promise<number>;
  dispose(): Promise<void>;
}

/** A Backend in this process, connected to `engine` through DOCKER_HOST, with a data folder of its own. */
export async function backendOn(engine: PrivateEngine): Promise<BackendUnderTest> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-faults-'));
  process.env.DOCKER_HOST = engine.dockerHost;
  const backend = new Backend({ paths: { data: dataDir, runtime: path.join(dataDir, 'run') }, mode: 'browser', version: 'test' });
  const updates: { at: number; update: AppUpdate }[] = [];
  backend.onUpdate((update) => updates.push({ at: performance.now(), update }));
  await backend.start();
  await until('the engine to connect', () => backend.status().state === 'running');
  return {
    backend,
    async stateSince(mark, state, timeoutMs = 20_000) {
      const seen = () => updates.find((u) => u.at >= mark && u.update.type === 'status' && u.update.status.state === state);
      const { value } = await until(`the engine status “${state}”`, seen, timeoutMs);
      return value.at - mark;
    },
    async dispose() {
      await backend.dispose();
      delete process.env.DOCKER_HOST;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
