import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Backend } from '../../engine/backend';
import { streams as contractStreams } from '../../engine/contract/contract';
import type { LogFollowEvent, LogLine, LogPage, LogSearchEvent } from '../../engine/contract/logs-types';
import type { StreamContext } from '../../engine/rpc/session-host';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';

const engine = testEngine();
let backend: Backend;
let dataDir: string;
let proxy: EngineProxy;
const made: string[] = [];
const streams = () => backend.handlers.streams;

/**
 * A pass-through socket in front of the engine that knows what each connection last asked for, so a test
 * can see the engine's connection for a stream close. (Connections are reused for several requests.)
 */
interface EngineProxy {
  socketPath: string;
  /** Open connections whose latest request's path matches. */
  open(path: RegExp): number;
  close(): void;
}

const REQUEST_LINE = /(?:^|\r\n)(?:GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/g;

function engineProxy(socketPath: string, target: string): Promise<EngineProxy> {
  const connections = new Set<{ latest: string; closed: boolean; sockets: net.Socket[] }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    const c = { latest: '', closed: false, sockets: [client, upstream] };
    connections.add(c);
    client.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString('latin1').matchAll(REQUEST_LINE)) c.latest = m[1]!;
    });
    client.pipe(upstream).pipe(client);
    const end = () => {
      c.closed = true;
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return new Promise((resolve) =>
    server.listen(socketPath, () =>
      resolve({
        socketPath,
        open: (p) => [...connections].filter((c) => !c.closed && p.test(c.latest)).length,
        close: () => {
          for (const c of connections) c.sockets.forEach((s) => s.destroy());
          server.close();
        },
      }),
    ),
  );
}

function context() {
  const abort = new AbortController();
  const ctx: StreamContext<never> = { signal: abort.signal, onWrite: () => undefined };
  return { ctx, abort };
}

async function run(name: string, cmd: string[], body: Record<string, unknown> = {}): Promise<string> {
  const res = await engine.request('POST', `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: cmd, HostConfig: { Init: true }, ...body });
  expect(res.status, res.text).toBe(201);
  const id = res.json.Id as string;
  made.push(id);
  expect((await engine.request('POST', `/containers/${id}/start`)).status).toBe(204);
  return id;
}

async function runToEnd(name: string, script: string, body: Record<string, unknown> = {}): Promise<string> {
  const id = await run(name, ['sh', '-c', script], body);
  expect((await engine.request('POST', `/containers/${id}/wait`)).json.StatusCode).toBe(0);
  return id;
}

/**
 * A container that prints a long log and is stopped only once the engine has written all of it. An engine
 * whose log copier falls behind (dockerd in an emulated VM writes ~3,000 lines a second) stops copying
 * 2 s + 10 s after the container exits and truncates the log ("cannot write because the output file was closed"), so
 * a container that just exits leaves a log that ends wherever the copier was.
 */
async function runUntilLogged(name: string, script: string, lastLine: string): Promise<string> {
  const id = await run(name, ['sh', '-c', `${script}; exec sleep 3600`]);
  const deadline = Date.now() + 300_000;
  for (;;) {
    const tail = await engine.request('GET', `/containers/${id}/logs?stdout=1&stderr=1&tail=1`);
    if (tail.text.endsWith(`${lastLine}\n`)) break;
    if (Date.now() > deadline) throw new Error(`the engine had not logged “${lastLine}” after 300 s; its last line: ${JSON.stringify(tail.text.slice(8))}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  expect((await engine.request('POST', `/containers/${id}/kill`)).status).toBe(204);
  await engine.request('POST', `/containers/${id}/wait`);
  return id;
}

/** Everything `logs.follow` sends for a container that has stopped (so the stream ends by itself). */
async function follow(containerId: string, from: { tail: number }): Promise<{ lines: LogLine[]; events: LogFollowEvent[] }> {
  const events: LogFollowEvent[] = [];
  for await (const e of streams()['logs.follow']({ containerId, from }, context().ctx)) events.push(e);
  return { lines: events.flatMap((e) => (e.type === 'lines' ? e.lines : [])), events };
}

async function page(input: Parameters<ReturnType<typeof streams>['logs.page']>[0]): Promise<LogPage> {
  const pages: LogPage[] = [];
  for await (const p of streams()['logs.page'](input, context().ctx)) pages.push(p);
  expect(pages).toHaveLength(1);
  return pages[0]!;
}

const texts = (lines: LogLine[]) => lines.map((l) => l.text);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-logs-'));
  proxy = await engineProxy(path.join(dataDir, 'engine.sock'), engine.socketPath);
  process.env.DOCKER_HOST = `unix://${proxy.socketPath}`;
  backend = new Backend({ paths: { data: dataDir, runtime: path.join(dataDir, 'run') }, mode: 'browser', version: 'test' });
  await backend.start();
  for (let i = 0; backend.status().state !== 'running'; i++) {
    if (i > 300) throw new Error('the engine did not connect');
    await new Promise((r) => setTimeout(r, 50));
  }
});

afterAll(async () => {
  await backend?.dispose();
  delete process.env.DOCKER_HOST;
  await Promise.all(made.map((id) => engine.request('DELETE', `/containers/${id}?force=1`)));
  proxy?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('container logs on a real engine', () => {
  it('tells stdout from stderr, in order, across thousands of frames cut anywhere by the socket', async () => {
    // Lines of many lengths on both streams, so frame headers and payloads land across chunk boundaries.
    const script = 'i=0; while [ $i -lt 6000 ]; do echo "out $i $(seq -s , 1 $((i % 40)))"; [ $((i % 3)) -eq 0 ] && echo "err $i" >&2; i=$((i+1)); done';
    const id = await runToEnd('logs-streams', script);
    const { lines } = await follow(id, { tail: 20_000 });
    const out = lines.filter((l) => l.stream === 'stdout');
    const err = lines.filter((l) => l.stream === 'stderr');
    expect(out.map((l) => l.text.split(' ')[1])).toEqual(range(0, 5999));
    expect(out[39]!.text).toBe(`out 39 ${range(1, 39).join(',')}`);
    expect(err.map((l) => l.text)).toEqual(range(0, 5999).filter((n) => Number(n) % 3 === 0).map((n) => `err ${n}`));
    // Every line has the engine's time, in order within each stream.
    for (const stream of [out, err]) for (let i = 1; i < stream.length; i++) expect(stream[i]!.time >= stream[i - 1]!.time).toBe(true);
  });

  it('saves the whole log to a file on this machine as `docker logs` prints it, by the one download path', async () => {
    const id = await runUntilLogged('logs-download', 'seq 1 60000; echo "grüße ✓ 🚢"; echo "to stderr" >&2; echo last-line', 'last-line');
    const folder = fs.mkdtempSync(path.join(dataDir, 'download-'));
    const file = path.join(folder, 'logs-download.log');
    const events = [];
    for await (const e of streams()['logs.download']({ containerId: id, timestamps: false, fileName: 'ignored.log', target: { kind: 'path', path: file } }, context().ctx)) events.push(e);
    expect(events.at(-1)).toMatchObject({ type: 'done', fileName: 'ignored.log', file, lines: 60_003, bytes: fs.statSync(file).size });
    expect(fs.readdirSync(folder)).toEqual(['logs-download.log']);
    const oracle = await engine.docker(['logs', id]);
    const saved = fs.readFileSync(file, 'utf8');
    // The CLI prints stdout and stderr apart; the file keeps the engine's order of both.
    expect(saved.split('\n').filter((l) => l !== 'to stderr').join('\n')).toBe(oracle.stdout);
    expect(oracle.stderr).toBe('to stderr\n');
    expect(saved).toContain('\nto stderr\n');
  });

  it('joins a line longer than the log driver’s 16 KiB buffer back into one, and keeps UTF-8 intact', async () => {
    const id = await runToEnd('logs-long', 'printf "%040000d\\n" 7; echo "grüße ✓ 🚢"; echo tail-end >&2');
    const { lines } = await follow(id, { tail: 10 });
    // stdout and stderr reach the log separately, so only the order within each is certain.
    const out = lines.filter((l) => l.stream === 'stdout');
    expect(out.map((l) => l.text.length)).toEqual([40_000, 'grüße ✓ 🚢'.length]);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(['tail-end']);
    const [long, utf8] = out as [LogLine, LogLine];
    expect(long.text).toBe('0'.repeat(39_999) + '7');
    expect(utf8.text).toBe('grüße ✓ 🚢');
  });

  it('reads a TTY container’s log, which has no frames, as stdout without the \\r', async () => {
    const id = await runToEnd('logs-tty', 'echo one; echo two >&2', { Tty: true });
    const { lines } = await follow(id, { tail: 10 });
    expect(lines.map((l) => [l.stream, l.text])).toEqual([
      ['stdout', 'one'],
      ['stdout', 'two'],
    ]);
  });

  it('gives the last lines with tail, then pages back by counting from the end, and by time when it cannot count', async () => {
    const id = await runToEnd('logs-pages', 'seq 1 5000');
    const { lines, events } = await follow(id, { tail: 100 });
    expect(texts(lines)).toEqual(range(4901, 5000));
    expect(events).toContainEqual({ type: 'start', atStart: false });

    const anchor = { time: lines[0]!.time, sameTime: lines.filter((l) => l.time === lines[0]!.time).length };
    const counted = await page({ direction: 'before', containerId: id, anchor, lines: 300, fromEnd: 100 });
    expect(texts(counted.lines)).toEqual(range(4601, 4900));
    expect(counted).toMatchObject({ atStart: false, fromEnd: 400 });
    const byTime = await page({ direction: 'before', containerId: id, anchor, lines: 300 });
    expect(texts(byTime.lines)).toEqual(range(4601, 4900));

    // Older and older until the start of the log, which the page says.
    const start = await page({ direction: 'before', containerId: id, anchor: { time: counted.lines[0]!.time, sameTime: 1 }, lines: 5000, fromEnd: 400 });
    expect(texts(start.lines)).toEqual(range(1, 4600));
    expect(start.atStart).toBe(true);

    // And forwards again from the middle, to the end.
    const middle = counted.lines[0]!;
    const after = await page({ direction: 'after', containerId: id, anchor: { time: middle.time, sameTime: 1 }, lines: 1000, fromEnd: 400 });
    expect(texts(after.lines)).toEqual(range(4602, 5000));
    expect(after.atEnd).toBe(true);
  });

  it('pages by time with since/until when lines share no count, e.g. after the log grew', async () => {
    const id = await runToEnd('logs-since', 'seq 1 3000');
    const { lines } = await follow(id, { tail: 3000 });
    const line = lines[1999]!; // "2000"
    // A wrong count (as if the log had grown since) is detected from the times and corrected.
    const after = await page({ direction: 'after', containerId: id, anchor: { time: line.time, sameTime: 1 }, lines: 10, fromEnd: 5 });
    expect(texts(after.lines)).toEqual(range(2001, 2010));
    const before = await page({ direction: 'before', containerId: id, anchor: { time: line.time, sameTime: 1 }, lines: 10, fromEnd: 5 });
    expect(texts(before.lines)).toEqual(range(1990, 1999));
  });

  it('finds a line deep in the log by searching on the backend, and reads the lines around it', async () => {
    // 300,000 lines on the host engine, 7,000 through the VM (test/harness/provided.ts): line 1234 is in the
    // oldest chunk either way, past every chunk boundary.
    const total = inject('searchLogLines') ?? 300_000;
    const id = await runUntilLogged('logs-search', `seq 1 ${total}`, String(total));
    const events: LogSearchEvent[] = [];
    for await (const e of streams()['logs.search']({ containerId: id, text: '^1234$', regex: true, caseSensitive: false }, context().ctx)) events.push(e);
    const matches = events.flatMap((e) => (e.type === 'matches' ? e.matches : []));
    expect(matches).toEqual([{ fromEnd: total - 1234 + 1, time: expect.any(String), stream: 'stdout', text: '1234' }]);
    expect(events.at(-1)).toEqual({ type: 'done', totalLines: total, matchCount: 1, truncated: false });

    const around = await page({ direction: 'around', containerId: id, time: matches[0]!.time, fromEnd: matches[0]!.fromEnd, before: 10, after: 20 });
    expect(around.lines[around.focus!]!.text).toBe('1234');
    expect(texts(around.lines)).toEqual(range(1224, 1254));

    // A line in a chunk that does not start the log: its match may come early, as a `found` event sent while
    // the engine still sends that chunk (whether it does depends on how far the engine got meanwhile; the
    // unit test log-search-found holds the engine back to make sure). Then it names the same line at the
    // same place as the chunk's `matches`, which come after it.
    const target = total > 260_000 ? total - 200_000 : total - 5_000;
    const deep: LogSearchEvent[] = [];
    for await (const e of streams()['logs.search']({ containerId: id, text: `^${target}$`, regex: true, caseSensitive: false, around: { before: 10, after: 20 } }, context().ctx)) deep.push(e);
    const exact = { fromEnd: total - target + 1, time: expect.any(String), stream: 'stdout', text: String(target) };
    expect(deep.flatMap((e) => (e.type === 'matches' ? e.matches : []))).toEqual([exact]);
    const early = deep.filter((e) => e.type === 'found' || e.type === 'matches').map((e) => (e.type === 'found' ? { found: e.match } : { matches: e.matches }));
    if (early.length === 2) expect(early).toEqual([{ found: exact }, { matches: [exact] }]);
    else expect(early).toEqual([{ matches: [exact] }]);
    // With it, the lines around it asked for, each at its place: the same as a page read around it.
    const found = deep.find((e) => e.type === 'found');
    if (found?.type === 'found') {
      const { lines, ...place } = found.around!;
      expect(texts(lines)).toEqual(range(target - 10, target + 20));
      expect(place).toEqual({ focus: 10, fromEnd: total - (target - 10) + 1, atStart: false, atEnd: false });
      const read = await page({ direction: 'around', containerId: id, time: found.match.time, fromEnd: found.match.fromEnd, before: 10, after: 20 });
      expect(lines).toEqual(read.lines);
    }

    // Plain text: case-insensitive by default, its dots are dots, and matches within one piece of the log
    // come in its order. (A small log: no need to read the big one again.)
    const small = await runToEnd('logs-search-plain', 'printf "Ship 1.5\\nshipyard\\nSHIP 105\\nboat\\n"');
    const plain: LogSearchEvent[] = [];
    for await (const e of streams()['logs.search']({ containerId: small, text: 'ship 1.5', regex: false, caseSensitive: false }, context().ctx)) plain.push(e);
    expect(plain.flatMap((e) => (e.type === 'matches' ? e.matches : []))).toEqual([{ fromEnd: 4, time: expect.any(String), stream: 'stdout', text: 'Ship 1.5' }]);
    const many: LogSearchEvent[] = [];
    for await (const e of streams()['logs.search']({ containerId: small, text: 'SHIP', regex: false, caseSensitive: false }, context().ctx)) many.push(e);
    expect(many.flatMap((e) => (e.type === 'matches' ? e.matches.map((m) => [m.fromEnd, m.text]) : []))).toEqual([
      [4, 'Ship 1.5'],
      [3, 'shipyard'],
      [2, 'SHIP 105'],
    ]);
  }, 900_000);

  it('refuses an invalid regular expression with a sentence', () => {
    const parsed = contractStreams['logs.search'].input.safeParse({ containerId: 'x', text: 'a(b', regex: true, caseSensitive: false });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/not a valid regular expression/);
  });

  it('follows new lines as they are written, and closing the stream frees the engine’s connection', async () => {
    const id = await run('logs-live', ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; usleep 20000; done']);
    const { ctx, abort } = context();
    const seen: string[] = [];
    const iterator = streams()['logs.follow']({ containerId: id, from: { tail: 5 } }, ctx)[Symbol.asyncIterator]();
    while (seen.length < 30) {
      const next = await iterator.next();
      if (next.done) break;
      if (next.value.type === 'lines') seen.push(...texts(next.value.lines));
    }
    const numbers = seen.map((t) => Number(t.split(' ')[1]));
    expect(numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1)).toBe(true);
    const following = /\/containers\/[0-9a-f]+\/logs\?.*follow=true/;
    expect(proxy.open(following)).toBe(1);

    abort.abort();
    await iterator.return?.();
    await expect.poll(() => proxy.open(following), { timeout: 2000 }).toBe(0);
  });

  it('ends the follow stream when the container stops', async () => {
    const id = await run('logs-stops', ['sh', '-c', 'echo started; sleep 600']);
    const { ctx } = context();
    const ended = (async () => {
      const lines: string[] = [];
      for await (const e of streams()['logs.follow']({ containerId: id, from: { tail: 10 } }, ctx)) if (e.type === 'lines') lines.push(...texts(e.lines));
      return lines;
    })();
    await new Promise((r) => setTimeout(r, 300));
    expect((await engine.request('POST', `/containers/${id}/stop?t=1`)).status).toBe(204);
    expect(await ended).toEqual(['started']);
  });

  it('says in words when the container’s logging driver keeps no logs the engine can read', async () => {
    const id = await runToEnd('logs-none', 'echo gone', { HostConfig: { Init: true, LogConfig: { Type: 'none', Config: {} } } });
    const read = async () => {
      for await (const _ of streams()['logs.follow']({ containerId: id, from: { tail: 10 } }, context().ctx)) void _;
    };
    await expect(read()).rejects.toMatchObject({ code: 'not-supported', message: expect.stringMatching(/logging driver sends its logs elsewhere/) });
  });

  it('says so in words when the container does not exist', async () => {
    const read = async () => {
      for await (const _ of streams()['logs.follow']({ containerId: 'no-such-container', from: { tail: 10 } }, context().ctx)) void _;
    };
    await expect(read()).rejects.toMatchObject({ name: 'UserError', code: 'not-found', message: expect.stringMatching(/No such container/i) });
  });
});
