/**
 * The engine's disk fills up during a pull and during a volume restore: the user reads why in words, the
 * engine is left with nothing half-made (no partial image, no half-restored volume, the space given back)
 * and nothing that was there before is lost. The engine's data root is a 32 MiB tmpfs of the test's own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateEngine } from '../harness/engine';
import type { PrivateEngine } from '../harness/engine';
import { BUSYBOX_IMAGE, buildBusyboxImage } from '../harness/image';
import { startRegistry } from '../harness/registry';
import type { TestRegistry } from '../harness/registry';
import { testSession } from '../harness/session';
import type { TestSession } from '../harness/session';
import { backendOn, printFigures, seconds } from './fault-kit';
import type { BackendUnderTest, Figure } from './fault-kit';
import { pushRandomImage, writeRandomBackup } from './random-data';

const MiB = 1024 * 1024;
let engine: PrivateEngine;
let registry: TestRegistry;
let b: BackendUnderTest;
let session: TestSession;
let work: string;
const figures: Figure[] = [];

const dataRoot = () => path.join(engine.dir, 'data');
const freeBytes = () => {
  const s = fs.statfsSync(dataRoot());
  return s.bavail * s.bsize;
};

/** Runs a busybox shell with `precious` mounted and returns what it printed. */
async function inPrecious(script: string): Promise<string> {
  const made = await engine.docker(['run', '--rm', '--network', 'none', '-v', 'precious:/v', BUSYBOX_IMAGE, 'sh', '-c', script]);
  expect(made.code, made.stderr).toBe(0);
  return made.stdout.trim();
}

async function volumeNames(): Promise<string[]> {
  return ((await engine.request('GET', '/volumes')).json.Volumes as { Name: string }[]).map((v) => v.Name).sort();
}

async function helpers(): Promise<unknown[]> {
  return (await engine.request('GET', '/containers/json?all=1&filters=' + encodeURIComponent(JSON.stringify({ label: ['io.berth.volume-helper'] })))).json as unknown[];
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-disk-full-'));
  engine = await startPrivateEngine({ name: 'faults-disk', bridge: false, dataRootSize: '32m' });
  registry = await startRegistry();
  await buildBusyboxImage(engine);
  await pushRandomImage(registry.host, 'faults/big', '1', 48 * MiB);
  writeRandomBackup(path.join(work, 'big.tar.gz'), 48 * MiB);
  // What the user already keeps on this engine: it must come through untouched.
  await inPrecious('echo kept > /v/kept && sha256sum /v/kept > /v/kept.sum');
  b = await backendOn(engine);
  session = testSession(b.backend);
}, 180_000);

afterAll(async () => {
  session?.dispose();
  await b?.dispose();
  await registry?.stop();
  await engine?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
  printFigures('The engine’s disk full (data root: a 32 MiB tmpfs)', figures);
});

describe('the engine’s disk full', () => {
  it('a pull that does not fit fails in words, leaves no partial image, and gives the space back', async () => {
    const freeBefore = freeBytes();
    const imagesBefore = (await engine.request('GET', '/images/json')).json as { Id: string }[];
    const started = performance.now();
    const pull = session.open('images.pull', { reference: `${registry.host}/faults/big:1` });
    const error = await pull.ended;
    const failedAfter = performance.now() - started;
    expect(error?.message).toMatch(/^The engine’s disk is full/);
    const imagesAfter = (await engine.request('GET', '/images/json')).json as { Id: string }[];
    expect(imagesAfter.map((i) => i.Id).sort()).toEqual(imagesBefore.map((i) => i.Id).sort());
    // dockerd removes what it downloaded and extracted; allow 1 MiB for its own bookkeeping.
    expect(freeBytes()).toBeGreaterThan(freeBefore - MiB);
    expect(await inPrecious('sha256sum -c /v/kept.sum >/dev/null && cat /v/kept')).toBe('kept');
    figures.push({
      fault: 'data root full during a pull (48 MiB layer, 32 MiB disk)',
      noticed: `${seconds(failedAfter)}: the pull task ended with “${error!.message.split(':')[0]}: …”`,
      recovered: `at once: free space back to ${(freeBytes() / MiB).toFixed(0)} of ${(freeBefore / MiB).toFixed(0)} MiB, the engine answers`,
      lost: 'nothing (no partial image; the volume kept its files)',
    });
  });

  it('a restore that does not fit fails in words and leaves no half-restored volume', async () => {
    const volumesBefore = await volumeNames();
    const freeBefore = freeBytes();
    const started = performance.now();
    const restore = session.open('volumes.import', { name: 'restored', create: {}, source: { kind: 'path', path: path.join(work, 'big.tar.gz') } });
    const error = await restore.ended;
    const failedAfter = performance.now() - started;
    expect(error?.message).toMatch(/^The engine’s disk is full/);
    expect(await volumeNames()).toEqual(volumesBefore);
    expect(await helpers()).toEqual([]);
    expect(freeBytes()).toBeGreaterThan(freeBefore - MiB);

    // Into an existing empty volume: it is made empty again.
    await engine.request('POST', '/volumes/create', { Name: 'empty-target' });
    const again = session.open('volumes.import', { name: 'empty-target', source: { kind: 'path', path: path.join(work, 'big.tar.gz') } });
    expect((await again.ended)?.message).toMatch(/^The engine’s disk is full/);
    const left = await engine.docker(['run', '--rm', '--network', 'none', '-v', 'empty-target:/v', BUSYBOX_IMAGE, 'ls', '-A', '/v']);
    expect(left.stdout.trim()).toBe('');
    expect(await inPrecious('sha256sum -c /v/kept.sum >/dev/null && cat /v/kept')).toBe('kept');
    figures.push({
      fault: 'data root full during a volume restore (48 MiB backup)',
      noticed: `${seconds(failedAfter)}: the restore task ended with “${error!.message.split(':')[0]}: …”`,
      recovered: 'at once: the new volume removed (an existing one emptied again), no helper left, the space given back',
      lost: 'nothing',
    });
  });
});
