import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CleanUpItem, CleanUpKind, CleanUpPreview, CleanUpResult } from '../../engine/contract/disk-types';
import { BUSYBOX_IMAGE } from '../harness/context';
import type { BackendUnderTest } from './data-fixtures';
import { engine, inVolume, removeContainers, removeVolumes, startBackend } from './data-fixtures';

let t: BackendUnderTest;
const containers: string[] = [];
const volumes: string[] = [];

beforeAll(async () => {
  t = await startBackend();
});

afterAll(async () => {
  await removeContainers(...containers);
  await removeVolumes(...volumes);
  // The images test below strips extra names; the image every test uses must keep its own.
  const busybox = await engine.request('GET', `/images/${BUSYBOX_IMAGE}/json`);
  expect(busybox.status).toBe(200);
  await t?.stop();
});

async function container(name: string, body: Record<string, unknown> = {}, start = false): Promise<string> {
  const res = await engine.request('POST', `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], ...body, HostConfig: { Init: true, ...(body.HostConfig as object) } });
  expect(res.status, res.text).toBe(201);
  containers.push(res.json.Id);
  if (start) expect((await engine.request('POST', `/containers/${res.json.Id}/start`)).status).toBe(204);
  return res.json.Id as string;
}

/** A dangling image: a commit without a name. */
async function danglingImage(from: string): Promise<string> {
  const res = await engine.request('POST', `/commit?container=${from}`, {});
  expect(res.status, res.text).toBe(201);
  return res.json.Id as string;
}

const key = (i: { kind: CleanUpKind; id: string; name: string }) => `${i.kind}:${i.kind === 'images' && i.name.includes(':') ? i.name : i.id}`;
/** What the preview says goes, in the terms the prune's answer uses (image names for untagging). */
function expected(preview: CleanUpPreview): string[] {
  return preview.items
    .flatMap((i: CleanUpItem) => (i.kind === 'images' && i.detail?.startsWith('name') ? i.name.split(', ').map((n) => `images:${n}`) : [i.kind === 'images' ? `images:${i.id}` : key(i)]))
    .sort();
}
const actual = (result: CleanUpResult) => result.removed.map((r) => (r.kind === 'images' && !r.id.startsWith('sha256:') ? `images:${r.name}` : `${r.kind}:${r.id}`)).sort();

describe('cleaning up', () => {
  it('previews exactly what a clean-up of everything then removes, and reports the space returned', async () => {
    // Kept: a running container, its volume, its network.
    await engine.request('POST', '/networks/create', { Name: 'cu-kept-net' });
    volumes.push('cu-kept-vol');
    await container('cu-running', { HostConfig: { Binds: ['cu-kept-vol:/data'], NetworkMode: 'cu-kept-net' } }, true);
    // Removed: a stopped container with data in its layer, the volume and network only it used, an unused
    // volume, an unused network, and a dangling image.
    await engine.request('POST', '/networks/create', { Name: 'cu-lonely-net' });
    volumes.push('cu-stopped-vol', 'cu-unused-vol');
    await engine.request('POST', '/volumes/create', { Name: 'cu-unused-vol' });
    await inVolume('cu-unused-vol', 'dd if=/dev/zero of=/v/z bs=1024 count=100 2>/dev/null');
    const stopped = await container('cu-stopped', { Cmd: ['sh', '-c', 'dd if=/dev/zero of=/junk bs=1024 count=300 2>/dev/null'], HostConfig: { Binds: ['cu-stopped-vol:/data'] } }, true);
    await expect.poll(async () => (await engine.request('GET', `/containers/${stopped}/json`)).json.State.Status).toBe('exited');
    const dangling = await danglingImage(stopped);

    const preview = await t.session.call('cleanup.preview', { kinds: ['containers', 'networks', 'volumes', 'images', 'build-cache'], images: 'dangling' });
    const names = preview.items.map((i) => `${i.kind}:${i.name}`);
    expect(names).toEqual(expect.arrayContaining(['containers:cu-stopped', 'networks:cu-lonely-net', 'volumes:cu-stopped-vol', 'volumes:cu-unused-vol']));
    expect(preview.items.some((i) => i.kind === 'images' && i.id === dangling)).toBe(true);
    expect(names.filter((n) => /cu-running|cu-kept/.test(n))).toEqual([]);
    expect(preview.items.find((i) => i.name === 'cu-stopped')!.bytes).toBeGreaterThanOrEqual(300 * 1024);
    expect(preview.bytes).toBeGreaterThanOrEqual(400 * 1024);

    const result = await t.session.call('cleanup.run', { kinds: preview.kinds, images: preview.images, until: preview.until });
    expect(result.failed).toEqual([]);
    expect(actual(result)).toEqual(expected(preview));
    expect(result.reclaimedBytes).toBeGreaterThanOrEqual(400 * 1024);
    // And the engine agrees.
    expect((await engine.request('GET', `/containers/${stopped}/json`)).status).toBe(404);
    expect((await engine.request('GET', `/images/${dangling}/json`)).status).toBe(404);
    expect((await engine.request('GET', '/volumes/cu-kept-vol')).status).toBe(200);
    expect((await engine.request('GET', '/networks/cu-kept-net')).status).toBe(200);
  });

  it('leaves alone what was made after the preview', async () => {
    const preview = await t.session.call('cleanup.preview', { kinds: ['containers'], images: 'dangling' });
    // The engine's clock counts whole seconds for `until`.
    await new Promise((r) => setTimeout(r, 1100));
    const late = await container('cu-late');
    const result = await t.session.call('cleanup.run', { kinds: ['containers'], images: 'dangling', until: preview.until });
    expect(result.removed.map((r) => r.id)).not.toContain(late);
    expect((await engine.request('GET', `/containers/${late}/json`)).status).toBe(200);
  });

  it('warns that a stopped container loses a network the clean-up removes', async () => {
    await engine.request('POST', '/networks/create', { Name: 'cu-stopped-net' });
    await container('cu-sleeper', { HostConfig: { NetworkMode: 'cu-stopped-net' } });
    const preview = await t.session.call('cleanup.preview', { kinds: ['networks'], images: 'dangling' });
    expect(preview.items.map((i) => i.name)).toContain('cu-stopped-net');
    expect(preview.notes).toContain('cu-sleeper is stopped and attached to network cu-stopped-net: after it is removed, it will not start until connected to another network.');
    const result = await t.session.call('cleanup.run', { kinds: ['networks'], images: 'dangling', until: preview.until });
    expect(actual(result)).toEqual(expected(preview));
  });

  it('previews the names an unused-images clean-up strips from images containers still use', async () => {
    // A name that sorts before the test image's own, so the engine strips it and keeps berth-test/busybox.
    await engine.request('POST', `/images/${BUSYBOX_IMAGE}/tag?repo=aaa-berth/extra&tag=one`);
    await container('cu-image-user', {}, true);
    // And an unused image with a name of its own: the engine untags and deletes it, one image gone.
    const source = await container('cu-commit-source', {}, false);
    const committed = await engine.request('POST', `/commit?container=${source}&repo=localhost:5055/cu-berth/gone&tag=1`);
    expect(committed.status, committed.text).toBe(201);
    await engine.request('DELETE', `/containers/${source}?force=1`);
    const preview = await t.session.call('cleanup.preview', { kinds: ['images'], images: 'unused' });
    expect(preview.items).toContainEqual(expect.objectContaining({ kind: 'images', name: 'aaa-berth/extra:one', detail: expect.stringMatching(/^name only: the image stays as berth-test\/busybox:latest/) }));
    expect(preview.notes.join(' ')).toMatch(/aaa-berth\/extra:one goes, the image stays for cu-image-user/);
    const result = await t.session.call('cleanup.run', { kinds: ['images'], images: 'unused', until: preview.until });
    expect(actual(result)).toEqual(expected(preview));
    expect((await engine.request('GET', '/images/aaa-berth/extra:one/json')).status).toBe(404);
    // The deleted image is reported once, by its name, and not as a name taken off an image that stays.
    expect(result.removed).toContainEqual({ kind: 'images', id: committed.json.Id, name: 'localhost:5055/cu-berth/gone:1' });
    expect(result.removed.filter((r) => r.name === 'localhost:5055/cu-berth/gone:1')).toHaveLength(1);
    expect((await engine.request('GET', `/images/${committed.json.Id}/json`)).status).toBe(404);
  });
});

describe('disk usage', () => {
  it('sums the engine’s disk usage by kind, with its data root and free space', async () => {
    const usage = await t.session.call('disk.usage', {});
    const info = (await engine.request('GET', '/info')).json;
    expect(usage.dataRoot).toBe(info.DockerRootDir);
    expect(usage.storageDriver).toBe(info.Driver);
    expect(usage.categories.map((c) => c.kind)).toEqual(['images', 'containers', 'volumes', 'build-cache']);
    const images = usage.categories[0]!;
    expect(images.totalBytes).toBe((await engine.request('GET', '/system/df')).json.LayersSize);
    expect(images.reclaimableBytes).toBeLessThanOrEqual(images.totalBytes);
    if (info.Name === os.hostname()) {
      // The test engine runs on this machine, so its filesystem can be measured.
      expect(usage.space!.totalBytes).toBeGreaterThan(usage.space!.availableBytes);
      expect(usage.spaceUnknown).toBeUndefined();
    } else {
      // The same tests run against the engine in a VM (the vm-engine project): its disk is not ours to measure.
      expect(usage.space).toBeUndefined();
      expect(usage.spaceUnknown).toBe('The engine runs in a virtual machine or another system behind a local socket: its free space cannot be measured from here.');
    }
  });
});
