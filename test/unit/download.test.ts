/**
 * The one download path's writing side (engine/services/download.ts), in plain Node: the desktop app's
 * file on this machine (which cannot be run here without Electron) and browser mode's one-time address.
 * The engine is played by a Readable; the page by an HTTP client.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadEvent, SaveTarget } from '../../engine/contract/download';
import { DownloadDesk } from '../../engine/rpc/downloads';
import { streamDownload } from '../../engine/services/download';
import type { DownloadFile } from '../../engine/services/download';

const MiB = 1024 * 1024;
let dir: string;
beforeAll(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-download-unit-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `megabytes` of seeded pseudo-random bytes, made as they are read; `onChunk` sees each one go out. */
function engineOutput(megabytes: number, options: { failAfter?: number; hangAfter?: number; onChunk?(sent: number): void } = {}): { source: Readable; sha: string } {
  const hash = crypto.createHash('sha256');
  const chunks: Buffer[] = [];
  for (let i = 0; i < megabytes; i++) {
    const chunk = crypto.createHash('sha512').update(String(i)).digest();
    chunks.push(Buffer.concat(Array.from({ length: MiB / chunk.length }, () => chunk)));
    hash.update(chunks[i]!);
  }
  let sent = 0;
  const source = new Readable({
    read() {
      if (options.failAfter !== undefined && sent >= options.failAfter) return void this.destroy(new Error('the engine went away'));
      if (options.hangAfter !== undefined && sent >= options.hangAfter) return;
      if (sent >= megabytes) return void this.push(null);
      options.onChunk?.(sent);
      this.push(chunks[sent++]);
    },
  });
  return { source, sha: hash.digest('hex') };
}

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function run(target: SaveTarget, source: Readable, options: { desk?: DownloadDesk; signal?: AbortSignal; file?: Partial<DownloadFile> } = {}) {
  const events: DownloadEvent[] = [];
  const stream = streamDownload(options.desk ?? new DownloadDesk(), target, options.signal ?? new AbortController().signal, (download) =>
    download.save({ name: 'data.bin', contentType: 'application/octet-stream', ...options.file }, (out) => pipeline(source, out)),
  );
  let error: unknown;
  try {
    for await (const e of stream) events.push(e);
  } catch (e) {
    error = e;
  }
  return { events, error: error as Error | undefined };
}

/** Polls (the partial file is removed just after a cancel ends the stream). */
async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('a download saved to a file on this machine (the desktop app)', () => {
  it('writes the bytes as they come, keeps the file only when complete, and reports progress', async () => {
    const file = path.join(dir, 'complete.bin');
    let ahead = 0;
    const { source, sha: expected } = engineOutput(48, {
      // How far the engine got ahead of the disk: backpressure keeps it to a few megabytes, whatever the size.
      onChunk: (sent) => {
        const partial = fs.readdirSync(dir).find((f) => f.startsWith('.complete.bin.partial-'));
        const onDisk = partial ? fs.statSync(path.join(dir, partial)).size : 0;
        ahead = Math.max(ahead, sent * MiB - onDisk);
        if (sent === 24) expect(fs.existsSync(file)).toBe(false);
      },
    });
    const { events, error } = await run({ kind: 'path', path: file }, source, { file: { totalBytes: 48 * MiB } });
    expect(error).toBeUndefined();
    expect(sha(file)).toBe(expected);
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
    expect(ahead).toBeLessThanOrEqual(4 * MiB);
    expect(events[0]).toEqual({ type: 'started', fileName: 'data.bin', totalBytes: 48 * MiB });
    expect(events.at(-1)).toEqual({ type: 'done', fileName: 'data.bin', bytes: 48 * MiB, file });
    expect(events.filter((e) => e.type === 'download')).toEqual([]);
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('removes the partial file when cancelled half-way, and leaves the file it would replace as it was', async () => {
    const file = path.join(dir, 'cancelled.bin');
    fs.writeFileSync(file, 'the old file');
    const abort = new AbortController();
    const { source } = engineOutput(64, { hangAfter: 8 });
    const events: DownloadEvent[] = [];
    const stream = streamDownload(new DownloadDesk(), { kind: 'path', path: file }, abort.signal, (download) =>
      download.save({ name: 'cancelled.bin', contentType: 'application/octet-stream' }, (out) => pipeline(source, out)),
    );
    const partialExists = () => fs.readdirSync(dir).some((f) => f.startsWith('.cancelled.bin.partial-'));
    for await (const e of stream) {
      events.push(e);
      if (e.type === 'started') {
        await eventually(() => partialExists() && fs.statSync(path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('.cancelled.bin.partial-'))!)).size > 0);
        abort.abort();
      }
    }
    await eventually(() => !partialExists());
    expect(source.destroyed).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('the old file');
    expect(events.some((e) => e.type === 'done')).toBe(false);
  });

  it('removes the partial file when the engine fails half-way, and says why', async () => {
    const file = path.join(dir, 'failed.bin');
    const { events, error } = await run({ kind: 'path', path: file }, engineOutput(16, { failAfter: 4 }).source);
    expect(error?.message).toBe('the engine went away');
    expect(events.some((e) => e.type === 'done')).toBe(false);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.failed.bin'))).toEqual([]);
  });

  it('says in words when the folder is missing or the name is a folder', async () => {
    const missing = await run({ kind: 'path', path: path.join(dir, 'nowhere', 'x.bin') }, engineOutput(1).source);
    expect(missing.error?.message).toBe(`The folder ${path.join(dir, 'nowhere')} does not exist: choose another place to save.`);
    fs.mkdirSync(path.join(dir, 'a-folder'));
    const folder = await run({ kind: 'path', path: path.join(dir, 'a-folder') }, engineOutput(1).source);
    expect(folder.error?.message).toBe(`${path.join(dir, 'a-folder')} is a folder: choose a file name.`);
  });
});

describe('a download in browser mode (the /downloads route)', () => {
  let server: http.Server;
  let desk: DownloadDesk;
  let origin: string;
  beforeAll(async () => {
    desk = new DownloadDesk();
    server = http.createServer((req, res) => {
      if (!desk.serve(req, res, new URL(req.url!, 'http://x').pathname)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Fetches like the browser's download manager: the body into a file, or the way it failed. */
  function fetchTo(href: string, file: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; complete: boolean }> {
    return new Promise((resolve, reject) => {
      http.get(`${origin}${href}`, (res) => {
        const out = fs.createWriteStream(file);
        pipeline(res, out).then(
          () => resolve({ status: res.statusCode!, headers: res.headers, complete: res.complete }),
          () => resolve({ status: res.statusCode!, headers: res.headers, complete: false }),
        );
      }).on('error', reject);
    });
  }

  it('streams the file once, under its name, to the address it handed the page', async () => {
    const { source, sha: expected } = engineOutput(24);
    const file = path.join(dir, 'browser.bin');
    let fetched: ReturnType<typeof fetchTo> | undefined;
    const events: DownloadEvent[] = [];
    const stream = streamDownload(desk, { kind: 'download' }, new AbortController().signal, (download) =>
      download.save({ name: 'héllo wörld.bin', contentType: 'application/octet-stream', exactBytes: 24 * MiB }, (out) => pipeline(source, out)),
    );
    for await (const e of stream) {
      events.push(e);
      if (e.type === 'download') fetched = fetchTo(e.href, file);
    }
    const got = await fetched!;
    expect(got.status).toBe(200);
    expect(got.complete).toBe(true);
    expect(got.headers['content-disposition']).toBe(`attachment; filename="h_llo w_rld.bin"; filename*=UTF-8''h%C3%A9llo%20w%C3%B6rld.bin`);
    expect(got.headers['content-length']).toBe(String(24 * MiB));
    expect(sha(file)).toBe(expected);
    expect(events.at(-1)).toEqual({ type: 'done', fileName: 'héllo wörld.bin', bytes: 24 * MiB });
    // The address works once.
    const again = await fetchTo((events[0] as { href: string }).href, path.join(dir, 'again.bin'));
    expect(again.status).toBe(404);
  });

  it('cuts the response off when cancelled, so the browser keeps no partial file', async () => {
    const abort = new AbortController();
    const { source } = engineOutput(64, { hangAfter: 8 });
    let fetched: ReturnType<typeof fetchTo> | undefined;
    const stream = streamDownload(desk, { kind: 'download' }, abort.signal, (download) =>
      download.save({ name: 'cut.bin', contentType: 'application/octet-stream' }, (out) => pipeline(source, out)),
    );
    for await (const e of stream) {
      if (e.type === 'download') fetched = fetchTo(e.href, path.join(dir, 'cut.bin'));
      if (e.type === 'started') setTimeout(() => abort.abort(), 50);
    }
    const got = await fetched!;
    expect(got.status).toBe(200);
    expect(got.complete).toBe(false);
    await eventually(() => source.destroyed);
  });
});
