/** What the image and registry tests share: a backend on the test engine, build contexts, engine helpers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { Backend } from '../../engine/backend';
import type { BuildEvent } from '../../engine/contract/images-types';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';
import { testSession } from '../harness/session';
import type { TestSession } from '../harness/session';

export const engine = testEngine();

export interface BackendUnderTest {
  backend: Backend;
  session: TestSession;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startBackend(env: Record<string, string> = {}): Promise<BackendUnderTest> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-images-'));
  const before = { DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_CONFIG: process.env.DOCKER_CONFIG, PATH: process.env.PATH };
  process.env.DOCKER_HOST = engine.dockerHost;
  // The user's own docker CLI logins must not leak into the tests.
  process.env.DOCKER_CONFIG = env.DOCKER_CONFIG ?? path.join(dataDir, 'docker-cli');
  const backend = new Backend({ paths: { data: dataDir, runtime: path.join(dataDir, 'run') }, mode: 'browser', version: 'test' });
  await backend.start();
  for (let i = 0; backend.status().state !== 'running'; i++) {
    if (i > 300) throw new Error('the engine did not connect');
    await new Promise((r) => setTimeout(r, 50));
  }
  const session = testSession(backend);
  return {
    backend,
    session,
    dataDir,
    stop: async () => {
      session.dispose();
      await backend.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
      for (const [key, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
}

/** Writes a build context folder; returns its path. */
export function writeContext(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-ctx-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Two stages and a build argument; the context's .dockerignore keeps secrets and logs out, but one log in. */
export const TWO_STAGE_DOCKERFILE = `FROM ${BUSYBOX_IMAGE} AS base
ARG GREETING=hello
RUN echo "$GREETING" > /greeting.txt
FROM ${BUSYBOX_IMAGE}
COPY --from=base /greeting.txt /greeting.txt
COPY . /ctx/
CMD ["cat", "/greeting.txt"]
`;

export async function build(session: TestSession, input: Record<string, unknown>): Promise<{ events: BuildEvent[]; error?: { message: string } }> {
  const stream = session.open('images.build', input);
  const error = await stream.ended;
  return { events: stream.events, error };
}

export async function builtId(session: TestSession, input: Record<string, unknown>): Promise<string> {
  const { events, error } = await build(session, input);
  expect(error, events.map((e) => (e.type === 'output' ? e.text : '')).join('')).toBeUndefined();
  const done = events.find((e) => e.type === 'done');
  if (done?.type !== 'done') throw new Error('the build reported no image');
  return done.imageId;
}

/** Runs a command in a fresh container of `image` and returns what it printed. */
export async function runIn(image: string, command: string[]): Promise<string> {
  const res = await engine.docker(['run', '--rm', image, ...command]);
  expect(res.code, res.stderr).toBe(0);
  return res.stdout;
}

export async function imageExists(ref: string): Promise<boolean> {
  return (await engine.request('GET', `/images/${ref}/json`)).status === 200;
}

export async function removeImages(...refs: string[]): Promise<void> {
  for (const ref of refs) await engine.request('DELETE', `/images/${ref}?force=1`);
}
