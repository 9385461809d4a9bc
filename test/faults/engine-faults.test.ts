/**
 * The engine hung, killed and restarted under a running Berth: each is noticed, said in words, and
 * survived without the user doing anything, and nothing on the engine is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateEngine } from '../harness/engine';
import type { PrivateEngine } from '../harness/engine';
import { BUSYBOX_IMAGE, buildBusyboxImage } from '../harness/image';
import { signal } from '../harness/proc';
import { backendOn, printFigures, seconds, until } from './fault-kit';
import type { BackendUnderTest, Figure } from './fault-kit';

let engine: PrivateEngine;
let b: BackendUnderTest;
const figures: Figure[] = [];

/** Everything a user keeps on the engine, by name. */
async function inventory(): Promise<{ containers: string[]; images: string[]; volumes: string[] }> {
  const containers = (await engine.request('GET', '/containers/json?all=1')).json as { Names: string[] }[];
  const images = (await engine.request('GET', '/images/json')).json as { Id: string }[];
  const volumes = (await engine.request('GET', '/volumes')).json as { Volumes: { Name: string }[] };
  return {
    containers: containers.map((c) => c.Names[0]!).sort(),
    images: images.map((i) => i.Id).sort(),
    volumes: volumes.Volumes.map((v) => v.Name).sort(),
  };
}

async function keeperRunning(): Promise<boolean> {
  const res = await engine.request('GET', '/containers/fault-keeper/json').catch(() => undefined);
  return res?.json?.State?.Running === true;
}

beforeAll(async () => {
  engine = await startPrivateEngine({ name: 'faults-engine', bridge: false });
  await buildBusyboxImage(engine);
  await engine.request('POST', '/volumes/create', { Name: 'fault-data' });
  // A container the user keeps running, with a restart policy, and a stopped one.
  const keeper = await engine.request('POST', '/containers/create?name=fault-keeper', {
    Image: BUSYBOX_IMAGE,
    Cmd: ['sleep', '3600'],
    HostConfig: { Init: true, RestartPolicy: { Name: 'always' }, Binds: ['fault-data:/data'], NetworkMode: 'none' },
  });
  expect(keeper.status, keeper.text).toBe(201);
  await engine.request('POST', '/containers/fault-keeper/start');
  await engine.request('POST', '/containers/create?name=fault-stopped', { Image: BUSYBOX_IMAGE, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
  b = await backendOn(engine);
}, 120_000);

afterAll(async () => {
  // A failed test must not leave dockerd stopped: it would ignore the harness's SIGTERM.
  if (engine) signal(engine.pid, 'SIGCONT');
  await b?.dispose();
  await engine?.stop();
  printFigures('Engine faults (private dockerd, Berth backend in process)', figures);
});

describe('engine faults', () => {
  it('shows a hung engine (SIGSTOP) as not answering, fails requests in words, and recovers by itself after SIGCONT', async () => {
    const before = await inventory();
    const mark = performance.now();
    signal(engine.pid, 'SIGSTOP');
    const listing = b.backend.handlers.methods['containers.list']({}).then(
      () => new Error('the list was answered by a stopped engine'),
      (e: Error) => Object.assign(e, { at: performance.now() - mark }),
    );
    const noticed = await b.stateSince(mark, 'not-answering', 15_000);
    const failed = await listing;
    expect(failed.message).toMatch(/^The engine at unix:\/\/.* is not answering \(nothing for \d+ s\): Berth stopped waiting for it, and reconnects by itself when it answers again\.$/);
    expect(b.backend.status()).toMatchObject({ state: 'not-answering', reason: expect.stringMatching(/not answering/) });
    // Asked now, a request fails at once instead of waiting.
    const asked = performance.now();
    await expect(b.backend.handlers.methods['images.list']({})).rejects.toThrow(/is not answering/);
    expect(performance.now() - asked).toBeLessThan(1000);

    const resumed = performance.now();
    signal(engine.pid, 'SIGCONT');
    const recovered = await b.stateSince(resumed, 'running', 15_000);
    const list = await b.backend.handlers.methods['containers.list']({});
    expect(list.map((c) => c.name)).toContain('fault-keeper');
    expect(await inventory()).toEqual(before);
    expect(await keeperRunning()).toBe(true);
    expect(noticed).toBeLessThan(10_000);
    figures.push({
      fault: 'engine hung (SIGSTOP) while the containers list was asked',
      noticed: `${seconds(noticed)}: status “Not answering”; the list failed in words at ${seconds((failed as Error & { at: number }).at)}, later requests at once`,
      recovered: `${seconds(recovered)} after SIGCONT, by itself (lists refetched)`,
      lost: 'nothing',
    });
  });

  it('notices a killed engine (SIGKILL) and reconnects by itself when it is started again', async () => {
    const before = await inventory();
    const mark = performance.now();
    signal(engine.pid, 'SIGKILL');
    const noticed = await b.stateSince(mark, 'unreachable');
    await expect(b.backend.handlers.methods['containers.list']({})).rejects.toThrow(/engine/);

    const restarted = performance.now();
    await engine.restart();
    const engineUp = performance.now() - restarted;
    const recovered = await b.stateSince(restarted, 'running');
    const list = await b.backend.handlers.methods['containers.list']({});
    expect(list.map((c) => c.name).sort()).toEqual(before.containers.map((n) => n.slice(1)));
    expect(await inventory()).toEqual(before);
    // dockerd 20.10 without live-restore stops on its restore what ran before the crash (an `unless-stopped`
    // container stays stopped); an `always` one is started again.
    const { ms: keeperBack } = await until('fault-keeper running again', keeperRunning, 30_000);
    figures.push({
      fault: 'engine killed (SIGKILL), then started again',
      noticed: `${seconds(noticed)}: status “Unreachable” (its event stream ended)`,
      recovered: `${seconds(recovered)} after the restart began (dockerd itself took ${seconds(engineUp)}), by itself`,
      lost: `nothing: containers, images, volumes all there; dockerd restarted the running container (policy \`always\`) ${seconds(keeperBack)} after Berth reconnected`,
    });
  });

  it('follows a clean restart of the engine', async () => {
    const before = await inventory();
    const mark = performance.now();
    const restarting = engine.restart();
    const noticed = await b.stateSince(mark, 'unreachable');
    await restarting;
    const recovered = await b.stateSince(mark, 'running');
    expect(await inventory()).toEqual(before);
    await until('fault-keeper running again', keeperRunning, 30_000);
    figures.push({
      fault: 'engine restarted (SIGTERM, started again)',
      noticed: `${seconds(noticed)}: status “Unreachable”`,
      recovered: `${seconds(recovered)} after the restart began, by itself`,
      lost: 'nothing (the running container restarted by its policy)',
    });
  });
});
