/** What the image and registry tests share: a backend on the test engine, build contexts, engine helpers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { BuildEvent } from '../../engine/contract/images-types';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';
import { backendUnderTest } from '../harness/backend';
import type { BackendUnderTest } from '../harness/backend';
import type { TestSession } from '../harness/session';

export const engine = testEngine();

export type { BackendUnderTest };

/** A backend on the test engine; `env` may name the docker CLI's config folder (DOCKER_CONFIG). */
export function startBackend(env: Record<string, string> = {}): Promise<BackendUnderTest> {
  return backendUnderTest('berth-images-', (dataDir) => ({
    DOCKER_HOST: engine.dockerHost,
    // The user's own docker CLI logins must not leak into the tests.
    DOCKER_CONFIG: env.DOCKER_CONFIG ?? path.join(dataDir, 'docker-cli'),
    // Put back at stop(): a test may put a fake credential helper on it.
    PATH: process.env.PATH ?? '',
  }));
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
