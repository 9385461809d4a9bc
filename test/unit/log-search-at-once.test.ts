// The backend's log search asks for the log's last line and its first chunks at once, each chunk finding where
// the newer one begins in its own answer, and the chunks still meet exactly: when lines share a time across
// a boundary and when the log grows between the requests. The engine here is a small Engine API server on
// a unix socket that answers /logs with tail, until and timestamps as dockerd does.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { searchLog } from '../../engine/docker/log-search';
import type { LogSearchEvent } from '../../engine/contract/logs-types';

/** Time number n (nanoseconds after a fixed second, 9 digits). */
const ns = (n: number) => BigInt(Date.parse('2026-01-01T00:00:00Z')) * 1_000_000n + BigInt(n);
// dockerd drops a fraction's trailing zeros; so does this engine, so times of different lengths meet.
const rfc = (n: number) => `2026-01-01T00:00:00.${String(n).padStart(9, '0').replace(/0+$/, '') || '0'}Z`;

/** Line i (1-based) is "line i"; `timeOf(i)` numbers its time. */
function fakeEngine(initial: number, timeOf: (i: number) => number) {
  const socket = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-at-once-')), 'engine.sock');
  const state = {
    total: initial,
    /** Lines written before each answer. */
    growth: 0,
    /** The log's length when the last line was asked for (tail=1). */
    lengthAtLastLine: 0,
    asked: [] as { tail?: number; until?: string }[],
    /** Answers wait until this many requests have come (or 2 s have passed, then `waitedOut`). */
    holdUntil: 0,
    waitedOut: false,
  };
  let wake: () => void = () => undefined;
  const all = new Promise<void>((r) => (wake = r));
  const timer = setTimeout(() => {
    state.waitedOut = true;
    wake();
  }, 2000);
  const frame = (i: number) => {
    const payload = Buffer.from(`${rfc(timeOf(i))} line ${i}\n`);
    const header = Buffer.alloc(8);
    header[0] = 1;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://engine');
    const tail = url.searchParams.has('tail') ? Number(url.searchParams.get('tail')) : undefined;
    const until = url.searchParams.get('until') ?? undefined;
    state.asked.push({ tail, until });
    state.total += state.growth;
    if (tail === 1) state.lengthAtLastLine = state.total;
    let ids = Array.from({ length: state.total }, (_, i) => i + 1);
    if (tail !== undefined) ids = ids.slice(-tail);
    if (until) {
      const [s, n = '0'] = until.split('.');
      const limit = BigInt(s!) * 1_000_000_000n + BigInt(n.padEnd(9, '0'));
      const stop = ids.findIndex((i) => ns(timeOf(i)) > limit);
      if (stop >= 0) ids = ids.slice(0, stop);
    }
    if (state.asked.length >= state.holdUntil) wake();
    void all.then(() => {
      res.writeHead(200, { 'Content-Type': 'application/vnd.docker.raw-stream' });
      res.end(Buffer.concat(ids.map(frame)));
    });
  });
  return {
    state,
    docker: new Docker({ socketPath: socket, version: 'v1.41' }),
    listen: () => new Promise<void>((r) => server.listen(socket, r)),
    close: () => {
      clearTimeout(timer);
      wake();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

let engine: ReturnType<typeof fakeEngine> | undefined;
afterEach(() => engine?.close());

async function search(text: string, regex = false): Promise<LogSearchEvent[]> {
  const events: LogSearchEvent[] = [];
  const source = { docker: engine!.docker, containerId: 'c', tty: false, signal: new AbortController().signal };
  for await (const e of searchLog(source, { text, regex, caseSensitive: false }, { firstChunkLines: 100, chunkLines: 400, maxMatches: 10_000 })) events.push(e);
  return events;
}

const matchesOf = (events: LogSearchEvent[]) => events.flatMap((e) => (e.type === 'matches' ? e.matches : []));

describe('the log search asks for its first chunks at once', () => {
  it('sends the requests for the log’s last line and the first two chunks before any answer comes', async () => {
    engine = fakeEngine(1000, (i) => i * 1000);
    // The last line, and chunks of 100 and 200 lines (tail=100, 300); the next (tail=700) once one ends.
    engine.state.holdUntil = 3;
    await engine.listen();
    const events = await search('^(line 950|line 850|line 150)$', true);
    expect(engine.state.waitedOut).toBe(false);
    expect(engine.state.asked.slice(0, 3)).toEqual([{ tail: 1 }, { tail: 100 }, { tail: 300 }]);
    expect(events.find((e) => e.type === 'found')).toEqual({ type: 'found', match: { fromEnd: 51, time: rfc(950_000), stream: 'stdout', text: 'line 950' } });
    expect(matchesOf(events).map((m) => [m.text, m.fromEnd])).toEqual([
      ['line 950', 51],
      ['line 850', 151],
      ['line 150', 851],
    ]);
    expect(events.at(-1)).toEqual({ type: 'done', totalLines: 1000, matchCount: 3, truncated: false });
  });

  it('counts every line once when lines share a time across chunk boundaries and the log grows meanwhile', async () => {
    // Seven lines to a time (lines 99..105 share one: the first boundary falls inside that run), and 13
    // lines written before each answer: no two requests see the same log.
    engine = fakeEngine(1500, (i) => Math.floor(i / 7) * 1000);
    engine.state.growth = 13;
    await engine.listen();
    const events = await search('line');
    const done = events.at(-1);
    // The search covers the log up to the line that was last when it began (and lines sharing its time,
    // which cannot be told apart by time); lines written after are left out.
    const length = engine.state.lengthAtLastLine;
    const lastTime = Math.floor(length / 7) * 1000;
    let total = length;
    while (Math.floor((total + 1) / 7) * 1000 === lastTime && total < engine.state.total) total++;
    expect(done).toEqual({ type: 'done', totalLines: total, matchCount: total, truncated: false });
    const matches = matchesOf(events);
    // Each line once, at its place counted from the end of the log as the search saw it.
    const seen = new Set(matches.map((m) => m.text));
    expect(seen.size).toBe(total);
    for (const m of matches) expect(m.fromEnd).toBe(total - Number(m.text.split(' ')[1]) + 1);
    // And no chunk had to be read again to get there.
    const tails = engine.state.asked.flatMap((a) => (a.tail && a.tail > 1 ? [a.tail] : []));
    expect(new Set(tails).size).toBe(tails.length);
  });
});
