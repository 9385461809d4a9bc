// The backend's log search sends its first match as soon as it has read it, while the engine is still
// sending the rest of that part of the log: the engine here is a small Engine API server on a unix socket
// that answers /logs with tail, until and timestamps as dockerd does, and holds one answer open halfway.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { searchLog } from '../../engine/docker/log-search';
import type { LogSearchEvent } from '../../engine/contract/logs-types';

const LINES = 250;
/** Line i (1-based) is "line i" ("old line i" for 5, 15 … 45), written i microseconds after a fixed second. */
const time = (i: number) => `2026-01-01T00:00:00.${String(i * 1000).padStart(9, '0')}Z`;
const ns = (i: number) => BigInt(Date.parse('2026-01-01T00:00:00Z')) * 1_000_000n + BigInt(i * 1000);

function frame(i: number): Buffer {
  const payload = Buffer.from(`${time(i)} ${i <= 50 && i % 10 === 5 ? 'old ' : ''}line ${i}\n`);
  const header = Buffer.alloc(8);
  header[0] = 1;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** An engine whose answers to `tail=<holdTail>` stop after line `holdAfter` until `release()`. */
function fakeEngine(holdTail: number, holdAfter: number) {
  const socket = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-found-')), 'engine.sock');
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let holding = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://engine');
    const tail = url.searchParams.has('tail') ? Number(url.searchParams.get('tail')) : undefined;
    const until = url.searchParams.get('until') ?? undefined;
    let ids = Array.from({ length: LINES }, (_, i) => i + 1);
    if (tail !== undefined) ids = ids.slice(-tail);
    if (until) {
      const [s, n = '0'] = until.split('.');
      const limit = BigInt(s!) * 1_000_000_000n + BigInt(n.padEnd(9, '0'));
      ids = ids.filter((i) => ns(i) <= limit);
    }
    res.writeHead(200, { 'Content-Type': 'application/vnd.docker.raw-stream' });
    if (tail !== holdTail) return res.end(Buffer.concat(ids.map(frame)));
    holding = true;
    res.write(Buffer.concat(ids.filter((i) => i <= holdAfter).map(frame)));
    void released.then(() => {
      holding = false;
      res.end(Buffer.concat(ids.filter((i) => i > holdAfter).map(frame)));
    });
  });
  return {
    release,
    holding: () => holding,
    docker: new Docker({ socketPath: socket, version: 'v1.41' }),
    listen: () => new Promise<void>((r) => server.listen(socket, r)),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let engine: ReturnType<typeof fakeEngine> | undefined;
afterEach(async () => {
  engine?.release();
  await engine?.close();
});

async function search(text: string, onEvent: (e: LogSearchEvent) => void = () => undefined, around?: { before: number; after: number }): Promise<LogSearchEvent[]> {
  const events: LogSearchEvent[] = [];
  const source = { docker: engine!.docker, containerId: 'c', tty: false, signal: new AbortController().signal };
  for await (const e of searchLog(source, { text, regex: false, caseSensitive: false, around }, { firstChunkLines: 100, chunkLines: 100, maxMatches: 100 })) {
    events.push(e);
    onEvent(e);
  }
  return events;
}

/** Searches an engine that holds its answer to `tail=holdTail` after line `holdAfter`, until the first match is found. */
async function searchHeld(holdTail: number, holdAfter: number, pattern: string) {
  engine = fakeEngine(holdTail, holdAfter);
  await engine.listen();
  let heldWhenFound: boolean | undefined;
  const events = await search(pattern, (e) => {
    if (e.type !== 'found') return;
    heldWhenFound = engine!.holding();
    engine!.release();
  });
  return { events, heldWhenFound };
}

describe('the log search sends its first match as soon as it is read', () => {
  it('sends it while the engine is still sending that part of the log, then again with the rest of it', async () => {
    // Lines 51..150 are the second part (tail=200); the engine holds it after line 130.
    const { events, heldWhenFound } = await searchHeld(200, 130, 'line 12');
    expect(heldWhenFound).toBe(true);
    const found = events.filter((e) => e.type === 'found');
    // The first match read is the oldest of that part; its place is exact for a log that did not grow.
    expect(found).toEqual([{ type: 'found', match: { fromEnd: LINES - 120 + 1, time: time(120), stream: 'stdout', text: 'line 120' } }]);
    const types = events.map((e) => e.type).filter((t) => t !== 'progress');
    expect(types).toEqual(['found', 'matches', 'matches', 'done']);
    const matches = events.flatMap((e) => (e.type === 'matches' ? e.matches.map((m) => [m.text, m.fromEnd]) : []));
    expect(matches).toEqual([
      ...Array.from({ length: 10 }, (_, i) => [`line ${120 + i}`, LINES - 120 - i + 1]),
      ['line 12', LINES - 12 + 1],
    ]);
  });

  it('sends a match of an older part while the newest part is still being sent', async () => {
    // Lines 151..250 are the newest part (tail=100), held after line 160; "line 12" is first in 51..150.
    const { events, heldWhenFound } = await searchHeld(100, 160, 'line 12');
    expect(heldWhenFound).toBe(true);
    expect(events.filter((e) => e.type === 'found')).toEqual([{ type: 'found', match: { fromEnd: LINES - 120 + 1, time: time(120), stream: 'stdout', text: 'line 120' } }]);
    const matches = events.flatMap((e) => (e.type === 'matches' ? e.matches.map((m) => [m.text, m.fromEnd]) : []));
    expect(matches).toEqual([...Array.from({ length: 10 }, (_, i) => [`line ${120 + i}`, LINES - 120 - i + 1]), ['line 12', LINES - 12 + 1]]);
  });

  it('sends nothing early for the part that starts the log (it is shorter than asked for)', async () => {
    // Lines 1..50 are the oldest part (tail=300); the engine holds it after line 20.
    engine = fakeEngine(300, 20);
    await engine.listen();
    let found = 0;
    const events = await search('old', (e) => {
      if (e.type === 'found') found++;
      if (engine!.holding()) engine!.release();
    });
    expect(found).toBe(0);
    const matches = events.flatMap((e) => (e.type === 'matches' ? e.matches.map((m) => [m.text, m.fromEnd]) : []));
    expect(matches).toEqual([5, 15, 25, 35, 45].map((i) => [`old line ${i}`, LINES - i + 1]));
  });

  it('sends the lines around it with it when asked, each at its place, while the engine still holds the rest', async () => {
    // Lines 51..150 are the second part (tail=200), held after line 130; the first match is line 120.
    engine = fakeEngine(200, 130);
    await engine.listen();
    const arounds: { lines: number[]; focus?: number; fromEnd?: number; atStart: boolean; atEnd: boolean; held: boolean }[] = [];
    const ask = async (around: { before: number; after: number }) => {
      await search('line 12', (e) => {
        if (e.type !== 'found' || !e.around) return;
        const { lines, ...page } = e.around;
        arounds.push({ ...page, lines: lines.map((l) => Number(l.text.split(' ').at(-1))), held: engine!.holding() });
        expect(lines.map((l) => l.time)).toEqual(lines.map((l) => time(Number(l.text.split(' ').at(-1)))));
        engine!.release();
      }, around);
    };
    await ask({ before: 30, after: 5 });
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    // `fromEnd` counts from the page's first line: line 90 is 161 lines from the end of 250.
    expect(arounds[0]).toEqual({ lines: range(90, 125), focus: 30, fromEnd: LINES - 90 + 1, atStart: false, atEnd: false, held: true });
    await engine.close();
    // More lines before than the part holds: it starts at the part's first line (51), each line still once.
    engine = fakeEngine(200, 130);
    await engine.listen();
    await ask({ before: 100, after: 1 });
    expect(arounds[1]).toEqual({ lines: range(51, 121), focus: 69, fromEnd: LINES - 51 + 1, atStart: false, atEnd: false, held: true });
  });

  it('sends lines up to the end of the log when the match is near it, saying so', async () => {
    // "line 24" first matches line 240, in the newest part (151..250); only 10 lines follow it.
    engine = fakeEngine(0, 0);
    await engine.listen();
    const events = await search('line 24', () => undefined, { before: 3, after: 50 });
    const found = events.find((e) => e.type === 'found');
    expect(found?.type === 'found' && found.around && { ...found.around, lines: found.around.lines.map((l) => l.text) }).toEqual({
      lines: Array.from({ length: 14 }, (_, i) => `line ${237 + i}`),
      focus: 3,
      fromEnd: LINES - 237 + 1,
      atStart: false,
      atEnd: true,
    });
  });
});
