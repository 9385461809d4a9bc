/**
 * What the Swarm tests share: one swarm of three private engines for the whole file, a backend pointed at
 * a node of it (through DOCKER_HOST, as a user's Berth finds its engine), and a record of every answer the
 * backend gave, so a test can say what never crossed the contract.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../engine/backend';
import type { MethodName, OutputOf } from '../../engine/contract/contract';
import type { TestSession } from '../harness/session';
import { testSession } from '../harness/session';
import type { SwarmNode } from '../harness/swarm';
import { sleep } from '../harness/proc';

export interface SwarmBackend {
  session: TestSession;
  /** Every method answer and stream event, as JSON, in order. */
  answers: string[];
  call<M extends MethodName>(method: M, input: unknown): Promise<OutputOf<M>>;
  stop(): Promise<void>;
}

export async function backendOn(node: SwarmNode): Promise<SwarmBackend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-swarm-'));
  const before = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = node.dockerHost;
  const backend = new Backend({ paths: { data: path.join(dir, 'data'), runtime: path.join(dir, 'run') }, mode: 'browser', version: 'test' });
  try {
    await backend.start();
  } finally {
    if (before === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = before;
  }
  for (let i = 0; backend.status().state !== 'running'; i++) {
    if (i > 300) throw new Error(`the backend did not connect to ${node.hostname}`);
    await sleep(50);
  }
  const session = testSession(backend);
  const answers: string[] = [];
  return {
    session,
    answers,
    call: async (method, input) => {
      try {
        const value = await session.call(method, input);
        answers.push(JSON.stringify(value));
        return value;
      } catch (e) {
        answers.push(JSON.stringify({ error: (e as Error).message }));
        throw e;
      }
    },
    stop: async () => {
      session.dispose();
      await backend.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `read` every 200 ms until `done` says yes; fails with the last value after `ms`. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting after ${ms} ms; last value: ${JSON.stringify(value).slice(0, 2000)}`);
    await sleep(200);
  }
}
