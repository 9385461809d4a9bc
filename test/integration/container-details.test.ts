import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../engine/backend';
import { startBackend } from '../harness/backend';
import type { StatsBatch, UploadEvent } from '../../engine/contract/container-details-types';
import type { DownloadEvent } from '../../engine/contract/download';
import type { UploadMessage } from '../../engine/rpc/upload';
import { UPLOAD_CHUNK_BYTES } from '../../engine/contract/transfer-window';
import type { StreamContext } from '../../engine/rpc/session-host';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';

const engine = testEngine();
let backend: Backend;
let dataDir: string;
const made: string[] = [];
const methods = () => backend.handlers.methods;
const streams = () => backend.handlers.streams;

async function createContainer(name: string, options: { start?: boolean; body?: Record<string, unknown> } = {}): Promise<string> {
  const res = await engine.request('POST', `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], HostConfig: { Init: true }, ...options.body });
  expect(res.status, res.text).toBe(201);
  made.push(res.json.Id);
  if (options.start !== false) expect((await engine.request('POST', `/containers/${res.json.Id}/start`)).status).toBe(204);
  return res.json.Id as string;
}

/** A stream context as the session host gives one; `write` plays the UI writing into the stream. */
function context<W>() {
  const abort = new AbortController();
  const receivers: ((w: W) => void)[] = [];
  const ctx: StreamContext<W> = { signal: abort.signal, onWrite: (r) => receivers.push(r) };
  return { ctx, abort, write: (w: W) => receivers.forEach((r) => r(w)) };
}

/** Downloads as the desktop app does: into a file on this machine (engine/services/download.ts). */
async function download(id: string, inContainer: string): Promise<{ done: DownloadEvent; bytes: Buffer }> {
  const { ctx } = context<never>();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-cd-download-'));
  try {
    const file = path.join(folder, 'saved');
    const events: DownloadEvent[] = [];
    try {
      for await (const e of streams()['container.files.download']({ id, path: inContainer, target: { kind: 'path', path: file } }, ctx)) events.push(e);
    } finally {
      // Whatever happened, nothing else is left in the folder (no partial file).
      expect(fs.readdirSync(folder).filter((f) => f !== 'saved')).toEqual([]);
    }
    return { done: events.at(-1)!, bytes: fs.readFileSync(file) };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** Uploads by the upload protocol with a window of one chunk: the next chunk after each `uploaded`. */
async function upload(id: string, folder: string, name: string, bytes: Buffer): Promise<UploadEvent[]> {
  const { ctx, write } = context<UploadMessage>();
  const events: UploadEvent[] = [];
  let sent = 0;
  const sendNext = () => {
    if (sent >= bytes.length) return write({ t: 'end' });
    const piece = bytes.subarray(sent, sent + UPLOAD_CHUNK_BYTES);
    sent += piece.length;
    write({ t: 'chunk', data: piece.toString('base64') });
  };
  const iterator = streams()['container.files.upload']({ id, folder, name, size: bytes.length }, ctx)[Symbol.asyncIterator]();
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    events.push(next.value);
    if (next.value.type === 'uploaded') sendNext();
  }
  return events;
}

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  ({ backend, dataDir } = await startBackend(engine.dockerHost, 'berth-details-'));
});

afterAll(async () => {
  for (const id of made) await engine.request('DELETE', `/containers/${id}?force=1&v=1`);
  await backend?.dispose();
  delete process.env.DOCKER_HOST;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a container’s details from the engine', () => {
  it('inspects a container, environment included', async () => {
    const id = await createContainer('cd-inspect', { start: false, body: { Env: ['API_TOKEN=s3cret'] } });
    const info = await methods()['container.inspect']({ id });
    expect(info.Id).toBe(id);
    expect(info.Config?.Env).toContain('API_TOKEN=s3cret');
    await expect(methods()['container.inspect']({ id: 'cd-no-such' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('lists the processes of a running container with top, again and again until closed', async () => {
    const id = await createContainer('cd-top');
    const { ctx, abort } = context<never>();
    const seen: string[][][] = [];
    const started = Date.now();
    for await (const list of streams()['container.top']({ id }, ctx)) {
      seen.push(list.processes);
      expect(list.titles).toContain('PID');
      if (seen.length === 2) abort.abort();
    }
    expect(Date.now() - started).toBeGreaterThan(1500);
    expect(seen[0]!.some((p) => p.join(' ').includes('sleep 600'))).toBe(true);
  });
});

describe('files in a container through the archive endpoints', () => {
  it('lists a running container’s folder by asking the container, links and their targets included', async () => {
    const id = await createContainer('cd-files');
    const listing = await methods()['container.files.list']({ id, path: '/bin' });
    expect(listing.via).toBe('exec');
    const sh = listing.entries.find((e) => e.name === 'sh');
    expect(sh).toMatchObject({ kind: 'link', target: expect.stringMatching(/busybox$/) });
    expect(listing.entries.find((e) => e.name === 'busybox')).toMatchObject({ kind: 'file', mode: '755' });
    expect(listing.entries.find((e) => e.name === 'busybox')!.size).toBe(fs.statSync('/bin/busybox').size);
    const root = await methods()['container.files.list']({ id, path: '/' });
    expect(root.entries.slice(0, 3).every((e) => e.kind === 'folder')).toBe(true);
    await expect(methods()['container.files.list']({ id, path: '/no/such/folder' })).rejects.toThrow(/There is no folder \/no\/such\/folder/);
  });

  it('lists a stopped container’s folder from the engine’s archive', async () => {
    const id = await createContainer('cd-files-stopped', { start: false });
    const listing = await methods()['container.files.list']({ id, path: '/bin' });
    expect(listing.via).toBe('archive');
    expect(listing.truncated).toBeUndefined();
    expect(listing.entries.find((e) => e.name === 'busybox')).toMatchObject({ kind: 'file', size: fs.statSync('/bin/busybox').size });
    expect(listing.entries.find((e) => e.name === 'sh')).toMatchObject({ kind: 'link' });
  });

  it('says plainly when a path is missing or is a file, and leaves the container free afterwards', async () => {
    const id = await createContainer('cd-missing', { start: false });
    await expect(methods()['container.files.list']({ id, path: '/nope' })).rejects.toThrow('There is no /nope in the container.');
    await expect(methods()['container.files.list']({ id, path: '/bin/busybox' })).rejects.toThrow('/bin/busybox is a file, not a folder.');
    await expect(download(id, '/nope')).rejects.toThrow('There is no /nope in the container.');
    // The engine locks a container while its archive is read: one dropped half-read must not keep it locked.
    const again = await Promise.race([
      methods()['container.files.list']({ id, path: '/bin' }),
      // A locked container never answers; an engine in an emulated VM takes a few seconds to send /bin.
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the container stayed locked')), 30_000)),
    ]);
    expect(again.entries.length).toBeGreaterThan(10);
  });

  it('uploads a file and downloads it again, byte for byte', async () => {
    const id = await createContainer('cd-roundtrip');
    await engine.docker(['exec', id, 'mkdir', '-p', '/data']);
    const bytes = crypto.randomBytes(3 * UPLOAD_CHUNK_BYTES + 12_345);
    const events = await upload(id, '/data', 'blob.bin', bytes);
    expect(events.at(-1)).toEqual({ type: 'done', path: '/data/blob.bin' });
    // The first acknowledgement (0 bytes) says ready; then one per chunk.
    expect(events.filter((e) => e.type === 'uploaded').map((e) => (e as { bytes: number }).bytes)).toEqual([0, UPLOAD_CHUNK_BYTES, 2 * UPLOAD_CHUNK_BYTES, 3 * UPLOAD_CHUNK_BYTES, bytes.length]);

    const got = await download(id, '/data/blob.bin');
    expect(got.done).toMatchObject({ type: 'done', fileName: 'blob.bin', bytes: bytes.length });
    expect(sha(got.bytes)).toBe(sha(bytes));
    // And the container itself sees the same bytes.
    const inside = await engine.docker(['exec', id, 'sha256sum', '/data/blob.bin']);
    expect(inside.stdout.split(' ')[0]).toBe(sha(bytes));
  });

  it('downloads a folder as a tar archive holding its files', async () => {
    const id = await createContainer('cd-folder');
    await engine.docker(['exec', id, 'sh', '-c', 'mkdir -p /out/sub && echo hello > /out/sub/a.txt']);
    const got = await download(id, '/out');
    expect(got.done).toMatchObject({ type: 'done', fileName: 'out.tar' });
    const listing = await engine.docker(['run', '--rm', '-i', BUSYBOX_IMAGE, 'tar', '-tf', '-'], { input: got.bytes.toString('latin1') });
    expect(listing.stdout.split('\n')).toEqual(expect.arrayContaining(['out/', 'out/sub/', 'out/sub/a.txt']));
  });

  it('follows a link when downloading it', async () => {
    const id = await createContainer('cd-link');
    await engine.docker(['exec', id, 'sh', '-c', 'mkdir -p /d && echo target > /d/real && ln -s real /d/alias']);
    const got = await download(id, '/d/alias');
    expect(got.done).toMatchObject({ fileName: 'real' });
    expect(got.bytes.toString()).toBe('target\n');
  });

  it('refuses to upload into a folder that is not there, in words', async () => {
    const id = await createContainer('cd-upload-missing');
    await expect(upload(id, '/nowhere', 'x.txt', Buffer.from('x'))).rejects.toThrow('There is no /nowhere in the container.');
  });

  it('uploads an empty file', async () => {
    const id = await createContainer('cd-empty');
    expect((await upload(id, '/', 'empty', Buffer.alloc(0))).at(-1)).toEqual({ type: 'done', path: '/empty' });
    expect((await download(id, '/empty')).bytes.length).toBe(0);
  });
});

describe('live resource use of several containers in one stream', () => {
  it('sends samples for each container followed, follows a new list when told, and says when one stops', async () => {
    const a = await createContainer('cd-stats-a');
    const b = await createContainer('cd-stats-b');
    const { ctx, abort, write } = context<{ ids: string[] }>();
    const iterator = streams()['containers.stats']({ ids: [a, b] }, ctx)[Symbol.asyncIterator]();
    const next = async (): Promise<StatsBatch> => (await iterator.next()).value as StatsBatch;
    const seen = new Set<string>();
    for (let i = 0; i < 10 && seen.size < 2; i++) {
      for (const s of (await next()).samples) {
        seen.add(s.id);
        expect(s.memoryUsed).toBeGreaterThan(0);
        expect(s.memoryLimit).toBeGreaterThan(s.memoryUsed);
        expect(s.pids).toBeGreaterThanOrEqual(1);
        expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
      }
    }
    expect(seen).toEqual(new Set([a, b]));

    write({ ids: [a] });
    await next(); // a batch already under way may still hold b
    for (let i = 0; i < 3; i++) expect((await next()).samples.map((s) => s.id)).toEqual([a]);

    await engine.request('POST', `/containers/${a}/stop?t=1`);
    let ended: string[] = [];
    for (let i = 0; i < 10 && !ended.length; i++) ended = (await next()).ended;
    expect(ended).toEqual([a]);
    abort.abort();
    expect((await iterator.next()).done).toBe(true);
  });
});
