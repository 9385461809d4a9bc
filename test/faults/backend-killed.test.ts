/**
 * Berth's backend killed (SIGKILL: no clean-up of its own) in the middle of a volume restore and of an
 * image load, as a real browser-mode process. What it leaves on the engine is checked, then what the next
 * start makes of it: no half-restored volume passing for a complete one, no helper container left, no
 * half-loaded image, and the same work done again from the new backend.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBerth } from '../e2e/browser';
import type { BerthServer } from '../e2e/browser';
import { startPrivateEngine } from '../harness/engine';
import type { PrivateEngine } from '../harness/engine';
import { BUSYBOX_IMAGE, buildBusyboxImage } from '../harness/image';
import { sessionToken, wireClient } from './browser-mode-kit';
import type { WireClient } from './browser-mode-kit';
import { printFigures, seconds, until } from './fault-kit';
import type { Figure } from './fault-kit';
import { writeRandomBackup, writeRandomImageArchive } from './random-data';

const MiB = 1024 * 1024;
let engine: PrivateEngine;
let work: string;
const servers: BerthServer[] = [];
const figures: Figure[] = [];
const backup = () => path.join(work, 'backup.tar.gz');
const imageArchive = () => path.join(work, 'image.tar');

interface Progress {
  type: string;
  bytes?: number;
}
const moving = (e: unknown) => (e as Progress).type === 'progress' && ((e as Progress).bytes ?? 0) > 0;

async function startBackend(): Promise<{ server: BerthServer; client: WireClient }> {
  const server = await startBerth(engine.dockerHost);
  servers.push(server);
  const client = await wireClient(server.origin, sessionToken(server.url));
  await until('the backend to connect to the engine', async () => ((await client.call('engine.status', {})) as { state: string }).state === 'running');
  return { server, client };
}

async function killBackend(server: BerthServer): Promise<void> {
  const exited = new Promise((r) => server.process.once('exit', r));
  server.process.kill('SIGKILL');
  await exited;
}

async function helpers(): Promise<{ Labels: Record<string, string> }[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: ['io.berth.volume-helper'] }));
  return (await engine.request('GET', `/containers/json?all=1&filters=${filters}`)).json;
}

async function volumeNames(): Promise<string[]> {
  return ((await engine.request('GET', '/volumes')).json.Volumes as { Name: string }[]).map((v) => v.Name);
}

async function imageTags(): Promise<string[]> {
  return ((await engine.request('GET', '/images/json')).json as { RepoTags: string[] | null }[]).flatMap((i) => i.RepoTags ?? []).sort();
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-killed-'));
  engine = await startPrivateEngine({ name: 'faults-backend', bridge: false });
  await buildBusyboxImage(engine);
  writeRandomBackup(backup(), 64 * MiB);
  writeRandomImageArchive(imageArchive(), 'faults/loaded:1', 64 * MiB);
}, 180_000);

afterAll(async () => {
  for (const s of servers) {
    if (s.process.exitCode === null && s.process.signalCode === null) await s.stop();
    else fs.rmSync(s.dataDir, { recursive: true, force: true });
  }
  await engine?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
  printFigures('Berth’s backend killed (SIGKILL, browser mode)', figures);
});

describe('the backend killed mid-way', () => {
  it('a restore cut short is undone by the next start: no half-restored volume, no helper left', async () => {
    const first = await startBackend();
    const restore = first.client.open('volumes.import', { name: 'half-restored', create: {}, source: { kind: 'path', path: backup() } });
    await restore.waitFor(moving);
    await killBackend(first.server);
    // What a killed backend leaves: the volume with part of the backup, and the helper that names it.
    const left = await helpers();
    expect(left.map((h) => h.Labels['io.berth.volume-helper.restoring']), 'the restore finished before the kill').toEqual(['half-restored']);
    expect(await volumeNames()).toContain('half-restored');

    const restarted = performance.now();
    const second = await startBackend();
    const { ms } = await until('the half-restored volume and its helper removed', async () => (await helpers()).length === 0 && !(await volumeNames()).includes('half-restored'));
    const cleaned = performance.now() - restarted;

    // The same restore from the new backend completes, whole.
    const again = second.client.open('volumes.import', { name: 'half-restored', create: {}, source: { kind: 'path', path: backup() } });
    expect(await again.ended).toBeUndefined();
    const size = await engine.docker(['run', '--rm', '--network', 'none', '-v', 'half-restored:/v', BUSYBOX_IMAGE, 'stat', '-c', '%s', '/v/random.bin']);
    expect(size.stdout.trim()).toBe(String(64 * MiB));
    second.client.close();
    figures.push({
      fault: 'backend killed during a volume restore (64 MiB, into a new volume)',
      noticed: 'at the next start (a killed process cannot say anything): the helper it left names the volume',
      recovered: `${seconds(cleaned)} after the new backend was started (${seconds(ms)} after it connected): half-restored volume and helper removed`,
      lost: 'nothing that was complete: the restore has to be run again (it then completes)',
    });
  });

  it('an image load cut short leaves no half-loaded image, and loads whole from the next start', async () => {
    const before = await imageTags();
    const first = await startBackend();
    const load = first.client.open('images.load', { source: { kind: 'path', path: imageArchive() } });
    await load.waitFor(moving);
    await killBackend(first.server);
    expect(await imageTags()).toEqual(before);
    // dockerd keeps an upload under its data root's tmp while it reads it; the cut request's is removed.
    const { ms: tmpGone } = await until('the engine’s temporary copy of the upload removed', () => fs.readdirSync(path.join(engine.dir, 'data', 'tmp')).length === 0);

    const restarted = performance.now();
    const second = await startBackend();
    const again = second.client.open('images.load', { source: { kind: 'path', path: imageArchive() } });
    expect(await again.ended).toBeUndefined();
    expect(await imageTags()).toEqual([...before, 'faults/loaded:1'].sort());
    second.client.close();
    figures.push({
      fault: 'backend killed during an image load (64 MiB)',
      noticed: `by the engine at once (the request was cut): no image, its temporary copy removed within ${seconds(tmpGone)}`,
      recovered: `the next backend loaded it whole, ${seconds(performance.now() - restarted)} after it was started`,
      lost: 'nothing (the load has to be run again)',
    });
  });
});
