// The backend's log search when the engine ends an answer early (or writes its error into the stream):
// the piece is read again, and a piece that stays short is an error, never wrong line positions. The engine
// here is a small Engine API server on a unix socket that answers /logs with tail, until and timestamps as
// dockerd does, and cuts the answers it is told to cut; the search under test is Berth's own.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { searchLog } from '../../engine/docker/log-search';
import type { LogSearchEvent } from '../../engine/contract/logs-types';

const LINES = 250;
/** Lines in the log now: a test can make it grow while the search runs. */
let total = LINES;
/** Line i (1-based) is "i", written i microseconds after a fixed second. */
const time = (i: number) => `2026-01-01T00:00:00.${String(i * 1000).padStart(9, '0')}Z`;
const ns = (i: number) => BigInt(Date.parse('2026-01-01T00:00:00Z')) * 1_000_000n + BigInt(i * 1000);

function frame(i: number): Buffer {
  const payload = Buffer.from(`${time(i)} ${i}\n`);
  const header = Buffer.alloc(8);
  header[0] = 1;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** `cut(tail, until)` says how many lines of that answer to send before ending it cleanly (undefined: all). */
function fakeEngine(cut: (tail: number | undefined, until: string | undefined) => number | undefined) {
  const socket = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-short-')), 'engine.sock');
  const asked: { tail?: number; until?: string }[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://engine');
    const tail = url.searchParams.has('tail') ? Number(url.searchParams.get('tail')) : undefined;
    const until = url.searchParams.get('until') ?? undefined;
    asked.push({ tail, until });
    let ids = Array.from({ length: total }, (_, i) => i + 1);
    if (tail !== undefined) ids = ids.slice(-tail);
    if (until) {
      const [s, n = '0'] = until.split('.');
      const limit = BigInt(s!) * 1_000_000_000n + BigInt(n.padEnd(9, '0'));
      ids = ids.filter((i) => ns(i) <= limit);
    }
    const n = cut(tail, until);
    if (n !== undefined) ids = ids.slice(0, n);
    res.writeHead(200, { 'Content-Type': 'application/vnd.docker.raw-stream' });
    res.end(Buffer.concat(ids.map(frame)));
  });
  return {
    asked,
    docker: new Docker({ socketPath: socket, version: 'v1.41' }),
    listen: () => new Promise<void>((r) => server.listen(socket, r)),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let engine: ReturnType<typeof fakeEngine> | undefined;
afterEach(async () => {
  total = LINES;
  await engine?.close();
});

async function search(text: string): Promise<LogSearchEvent[]> {
  const events: LogSearchEvent[] = [];
  const source = { docker: engine!.docker, containerId: 'c', tty: false, signal: new AbortController().signal };
  for await (const e of searchLog(source, { text, regex: false, caseSensitive: false }, { firstChunkLines: 100, chunkLines: 100, maxMatches: 100 })) events.push(e);
  return events;
}

describe('log search when the engine cuts an answer short', () => {
  it('reads the short piece again and gives the right positions', async () => {
    let cuts = 0;
    // The newest piece (tail=100) comes back with 16 of its lines the first time.
    engine = fakeEngine((tail) => (tail === 100 && cuts++ === 0 ? 16 : undefined));
    await engine.listen();
    const events = await search('123');
    const matches = events.flatMap((e) => (e.type === 'matches' ? e.matches : []));
    expect(matches.map((m) => [m.text, m.fromEnd])).toEqual([['123', LINES - 123 + 1]]);
    expect(events.at(-1)).toEqual({ type: 'done', totalLines: LINES, matchCount: 1, truncated: false });
    expect(engine.asked.filter((a) => a.tail === 100)).toHaveLength(2);
  });

  it('is not fooled by a log that grows while it runs: positions count from the end as it was', async () => {
    // Every answer comes with 30 more lines written since the last one.
    engine = fakeEngine(() => {
      total += 30;
      return undefined;
    });
    await engine.listen();
    const events = await search('123');
    const matches = events.flatMap((e) => (e.type === 'matches' ? e.matches : []));
    // The first request (the last line) saw 250 lines: the search covers those 250, though every later
    // answer has more.
    expect(engine.asked[0]).toEqual({ tail: 1, until: undefined });
    expect(matches.map((m) => [m.text, m.fromEnd])).toEqual([['123', 250 - 123 + 1]]);
    expect(events.at(-1)).toMatchObject({ type: 'done', totalLines: 250, matchCount: 1 });
  });

  it('says so when a piece stays short, rather than point at the wrong lines', async () => {
    engine = fakeEngine((tail) => (tail === 100 ? 16 : undefined));
    await engine.listen();
    await expect(search('123')).rejects.toThrow('The engine ended its answer before the end of a part of the log (16 lines read, 3 times); search again.');
  });
});
