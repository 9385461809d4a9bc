import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_CHUNK_BYTES, UPLOAD_WINDOW_BYTES } from '../../engine/contract/transfer';
import type { VolumeTransferEvent } from '../../engine/contract/volumes-types';
import { BUSYBOX_IMAGE } from '../harness/context';
import type { BackendUnderTest } from './data-fixtures';
import { engine, fillAwkwardly, helpersLeft, inVolume, removeContainers, removeVolumes, startBackend, volumeChecksum } from './data-fixtures';

let t: BackendUnderTest;
const volumes: string[] = [];
const containers: string[] = [];

beforeAll(async () => {
  t = await startBackend();
});

afterAll(async () => {
  await removeContainers(...containers);
  await removeVolumes(...volumes);
  await t?.stop();
});

async function newVolume(name: string): Promise<string> {
  volumes.push(name);
  const res = await engine.request('POST', '/volumes/create', { Name: name });
  expect(res.status, res.text).toBe(201);
  return name;
}

/** Runs a transfer stream to its end; returns its events, or throws the sentence it failed with. */
async function transfer(stream: 'volumes.export' | 'volumes.import' | 'volumes.copy' | 'volumes.download', input: unknown): Promise<VolumeTransferEvent[]> {
  const opened = t.session.open(stream, input);
  const error = await opened.ended;
  if (error) throw new Error(error.message);
  return opened.events as VolumeTransferEvent[];
}

const doneOf = (events: VolumeTransferEvent[]) => events.find((e) => e.type === 'done') as Extract<VolumeTransferEvent, { type: 'done' }>;
const leftovers = () => fs.readdirSync(t.dir).filter((f) => f.includes('.partial-'));

describe('backing up and restoring volumes', () => {
  it('exports a volume to a .tar.gz and restores it byte for byte into a new volume', async () => {
    const source = await newVolume('vt-source');
    await fillAwkwardly(source);
    const file = path.join(t.dir, 'backup.tar.gz');

    const exported = await transfer('volumes.export', { name: source, target: { kind: 'path', path: file } });
    expect(doneOf(exported)).toMatchObject({ type: 'done', file, bytes: expect.any(Number) });
    expect(leftovers()).toEqual([]);
    // Any tar can open it; the root comes first as ./ and names are kept exactly.
    const listing = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).split('\n');
    expect(listing[0]).toBe('./');
    expect(listing).toContain('./with space/日本語 ファイル.txt');

    volumes.push('vt-restored');
    const restored = await transfer('volumes.import', { name: 'vt-restored', create: {}, source: { kind: 'path', path: file } });
    expect(doneOf(restored)).toMatchObject({ volume: 'vt-restored', bytes: fs.statSync(file).size });
    expect(await volumeChecksum('vt-restored')).toBe(await volumeChecksum(source));
    // The root's owner and mode come back too (a database volume depends on them).
    expect((await inVolume('vt-restored', 'stat -c %a:%u:%g /v')).trim()).toBe('750:999:999');
    expect(await helpersLeft()).toBe(0);
  });

  it('copies a volume to a new one with identical contents and says where the copy came from', async () => {
    const source = await newVolume('vt-copy-source');
    await fillAwkwardly(source);
    volumes.push('vt-copy');
    const events = await transfer('volumes.copy', { source, name: 'vt-copy' });
    expect(doneOf(events)).toMatchObject({ volume: 'vt-copy' });
    expect(await volumeChecksum('vt-copy')).toBe(await volumeChecksum(source));
    expect((await engine.request('GET', '/volumes/vt-copy')).json.Labels).toEqual({ 'io.berth.copied-from': source });
  });

  it('restores a file uploaded in chunks, never more than the window ahead of the engine', async () => {
    const source = await newVolume('vt-upload-source');
    await inVolume(source, 'dd if=/dev/urandom of=/v/blob bs=1024 count=3000 2>/dev/null && mkdir /v/d && echo x > /v/d/y');
    const file = path.join(t.dir, 'upload.tar.gz');
    await transfer('volumes.export', { name: source, target: { kind: 'path', path: file } });
    const bytes = fs.readFileSync(file);

    volumes.push('vt-uploaded');
    const stream = t.session.open('volumes.import', { name: 'vt-uploaded', create: {}, source: { kind: 'upload', name: 'upload.tar.gz', size: bytes.length } });
    // Nothing goes before the backend's first acknowledgement says it is ready.
    await stream.waitFor((e) => e.type === 'uploaded' && e.bytes === 0);
    let sent = 0;
    let maxAhead = 0;
    const acknowledged = () => Math.max(0, ...stream.events.map((e) => (e.type === 'uploaded' ? e.bytes : 0)));
    while (sent < bytes.length) {
      // Send as the page does: only while less than the window is unacknowledged.
      await stream.waitFor(() => sent - acknowledged() < UPLOAD_WINDOW_BYTES);
      const chunk = bytes.subarray(sent, sent + UPLOAD_CHUNK_BYTES);
      stream.write({ t: 'chunk', data: chunk.toString('base64') });
      sent += chunk.length;
      maxAhead = Math.max(maxAhead, sent - acknowledged());
    }
    stream.write({ t: 'end' });
    expect(await stream.ended).toBeUndefined();
    expect(maxAhead).toBeLessThanOrEqual(UPLOAD_WINDOW_BYTES + UPLOAD_CHUNK_BYTES);
    expect(await volumeChecksum('vt-uploaded')).toBe(await volumeChecksum(source));
  });

  it('leaves no partial file and an untouched volume when an export is cancelled halfway', async () => {
    const source = await newVolume('vt-cancel');
    await inVolume(source, 'dd if=/dev/urandom of=/v/big bs=1M count=48 2>/dev/null');
    const before = await volumeChecksum(source);
    const file = path.join(t.dir, 'cancelled.tar.gz');
    const stream = t.session.open('volumes.export', { name: source, target: { kind: 'path', path: file } });
    const progress = (await stream.waitFor((e) => e.type === 'progress' && e.bytes > 0)) as Extract<VolumeTransferEvent, { type: 'progress' }>;
    expect(progress.bytes).toBeLessThan(48 << 20);
    stream.close();
    await stream.ended;
    await expect.poll(() => leftovers(), { timeout: 10_000 }).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
    await expect.poll(() => helpersLeft(), { timeout: 10_000 }).toBe(0);
    expect(await volumeChecksum(source)).toBe(before);
  });

  it('leaves no half-made copy when a copy or a restore is cancelled', async () => {
    const source = 'vt-cancel';
    const copy = t.session.open('volumes.copy', { source, name: 'vt-cancelled-copy' });
    await copy.waitFor((e) => e.type === 'progress' && e.bytes > 0);
    copy.close();
    await copy.ended;

    const file = path.join(t.dir, 'big.tar.gz');
    await transfer('volumes.export', { name: source, target: { kind: 'path', path: file } });
    const restore = t.session.open('volumes.import', { name: 'vt-cancelled-restore', create: {}, source: { kind: 'path', path: file } });
    await restore.waitFor((e) => e.type === 'progress' && e.bytes > 0);
    restore.close();
    await restore.ended;

    for (const name of ['vt-cancelled-copy', 'vt-cancelled-restore']) {
      await expect.poll(async () => (await engine.request('GET', `/volumes/${name}`)).status, { timeout: 10_000 }).toBe(404);
    }
    await expect.poll(() => helpersLeft(), { timeout: 10_000 }).toBe(0);
  });

  it('says what is wrong with a file that is not a backup, and leaves no new volume behind', async () => {
    const file = path.join(t.dir, 'not-a-backup.tar.gz');
    fs.writeFileSync(file, 'just some text, not gzip');
    await expect(transfer('volumes.import', { name: 'vt-never', create: {}, source: { kind: 'path', path: file } })).rejects.toThrow(
      'This file is not a .tar.gz backup: it is not gzip-compressed.',
    );
    expect((await engine.request('GET', '/volumes/vt-never')).status).toBe(404);
    expect(await helpersLeft()).toBe(0);
  });

  it('restores only into an empty volume, and refuses a name that is taken', async () => {
    const full = await newVolume('vt-full');
    await inVolume(full, 'echo keep me > /v/precious');
    const file = path.join(t.dir, 'backup.tar.gz');
    await expect(transfer('volumes.import', { name: full, source: { kind: 'path', path: file } })).rejects.toThrow(/vt-full is not empty \(it holds precious\)/);
    await expect(transfer('volumes.import', { name: full, create: {}, source: { kind: 'path', path: file } })).rejects.toThrow(/already exists/);
    expect((await inVolume(full, 'cat /v/precious', true)).trim()).toBe('keep me');

    const empty = await newVolume('vt-empty-target');
    await transfer('volumes.import', { name: empty, source: { kind: 'path', path: file } });
    expect(await volumeChecksum(empty)).toBe(await volumeChecksum('vt-source'));
  });
});

describe('looking inside volumes', () => {
  it('browses nested folders with sizes, owners and names with spaces and unicode', async () => {
    const v = await newVolume('vt-browse');
    await fillAwkwardly(v);
    const root = await t.session.call('volumes.browse', { name: v, path: '' });
    expect(root.entries.map((e) => `${e.kind}:${e.name}`)).toEqual(['folder:app', 'folder:empty-dir', 'folder:with space', 'file:empty-file', 'symlink:logs-link']);
    const app = root.entries.find((e) => e.name === 'app')!;
    expect(app.files).toBe(6);
    // The hard link is stored once; its second name adds no bytes.
    expect(app.size).toBe(700 * 1024 + 5000 + 6 + 7 + 5);
    expect(root.entries.find((e) => e.name === 'logs-link')).toMatchObject({ linkTarget: 'app/logs' });

    const spaced = await t.session.call('volumes.browse', { name: v, path: 'with space' });
    expect(spaced.entries).toEqual([expect.objectContaining({ name: '日本語 ファイル.txt', path: 'with space/日本語 ファイル.txt', kind: 'file', uid: 0, mode: 0o644 })]);
    const deep = await t.session.call('volumes.browse', { name: v, path: 'app/logs/2024/deep/er' });
    expect(deep.entries).toEqual([expect.objectContaining({ name: 'héllo wörld ✓.txt', size: 6, uid: 999, gid: 998 })]);
    await expect(t.session.call('volumes.browse', { name: v, path: 'app/../..' })).rejects.toThrow(/without “\.\.”/);
    await expect(t.session.call('volumes.browse', { name: v, path: 'no/such/folder' })).rejects.toThrow(/“no\/such\/folder” is not in volume vt-browse/);
    expect(await helpersLeft()).toBe(0);
  });

  it('downloads one file as it is and a folder as a .tar.gz', async () => {
    const file = path.join(t.dir, 'hello.txt');
    const one = await transfer('volumes.download', { name: 'vt-browse', path: 'app/logs/2024/deep/er/héllo wörld ✓.txt', target: { kind: 'path', path: file } });
    expect(doneOf(one)).toMatchObject({ bytes: 6, file });
    expect(fs.readFileSync(file, 'utf8')).toBe('hello\n');

    const folder = path.join(t.dir, 'logs.tar.gz');
    await transfer('volumes.download', { name: 'vt-browse', path: 'app/logs', target: { kind: 'path', path: folder } });
    expect(execFileSync('tar', ['-tzf', folder], { encoding: 'utf8' })).toContain('logs/2024/deep/er/héllo wörld ✓.txt');
  });

  it('lists volumes with their users, and sizes on request', async () => {
    const v = await newVolume('vt-listed');
    await inVolume(v, 'dd if=/dev/zero of=/v/zeros bs=1024 count=64 2>/dev/null');
    const run = await engine.request('POST', '/containers/create?name=vt-user', { Image: BUSYBOX_IMAGE, Cmd: ['true'], HostConfig: { Binds: [`${v}:/data:ro`] } });
    containers.push(run.json.Id);
    const listed = (await t.session.call('volumes.list', {})).find((x) => x.name === v);
    expect(listed).toMatchObject({ driver: 'local', anonymous: false, created: expect.any(Number) });
    expect((await t.session.call('volumes.users', {}))[v]).toEqual([{ id: run.json.Id, name: 'vt-user', state: 'created', mountPath: '/data', readOnly: true }]);
    expect((await t.session.call('volumes.sizes', {})).sizes[v]).toBe(64 * 1024);
  });
});

describe('creating and removing volumes', () => {
  it('refuses to remove a volume in use and names the container', async () => {
    const v = await newVolume('vt-in-use');
    const c = await engine.request('POST', '/containers/create?name=vt-holder', { Image: BUSYBOX_IMAGE, Cmd: ['true'], HostConfig: { Binds: [`${v}:/data`] } });
    containers.push(c.json.Id);
    const result = await t.session.call('volumes.remove', { names: [v] });
    expect(result).toEqual({ removed: [], failed: [{ name: v, message: 'vt-in-use is used by container vt-holder (created): remove that container first (stopping is not enough).' }] });
    await removeContainers(c.json.Id);
    expect(await t.session.call('volumes.remove', { names: [v] })).toEqual({ removed: [v], failed: [] });
  });

  it('creates a volume with driver options and labels, and refuses a name that is taken', async () => {
    volumes.push('vt-created');
    const created = await t.session.call('volumes.create', { name: 'vt-created', driverOptions: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' }, labels: { team: 'data' } });
    expect(created).toMatchObject({ name: 'vt-created', driver: 'local', labels: { team: 'data' } });
    const inspect = (await engine.request('GET', '/volumes/vt-created')).json;
    expect(inspect.Options).toEqual({ type: 'tmpfs', device: 'tmpfs', o: 'size=1m' });
    await expect(t.session.call('volumes.create', { name: 'vt-created' })).rejects.toThrow('A volume named “vt-created” already exists: choose another name.');
    await expect(t.session.call('volumes.create', { name: '-bad' })).rejects.toThrow(/a volume name is two or more letters/);
  });
});
