/**
 * The pure parts of answering log reads in dockerd's place (vm/host/json-file-logs.ts, json-file-tail.ts):
 * the request as dockerd reads it, since/until, framing, and the tail found from ranges read backwards,
 * against a plain reading of dockerd's rules over many small files and read sizes.
 */
import { describe, expect, it } from 'vitest';
import { entryTime, formatEntries, logRequest, parseUnixTime, readPlan } from '../../vm/host/json-file-logs';
import type { LogQuery } from '../../vm/host/json-file-logs';
import { ENOENT, LogRotated, MAX_ALL_BYTES, logBytes, tailOfFile } from '../../vm/host/json-file-tail';
import type { LogFileReader, LogRange } from '../../vm/host/json-file-tail';

const ID = 'f'.repeat(64);
const LOG = `/var/lib/docker/containers/${ID}/${ID}-json.log`;

/** Files in memory, read at most `maxRead` bytes at a time. */
function memoryReader(files: Record<string, Buffer>, maxRead: number, onRead?: (path: string) => void): LogFileReader {
  return {
    maxRead,
    read: async (p, offset, length): Promise<LogRange> => {
      onRead?.(p);
      const f = files[p];
      if (!f) return { error: ENOENT, size: 0, inode: 0n, data: Buffer.alloc(0) };
      return { error: 0, size: f.length, inode: BigInt(p.length), data: f.subarray(offset, Math.min(f.length, offset + Math.min(length, maxRead))) };
    },
  };
}

/** dockerd's tail of one file, read plainly: the last n newline-ended lines (all when fewer). */
function plainTail(f: Buffer, n: number): { data: Buffer; found: number } {
  if (f.length <= 1) return { data: Buffer.alloc(0), found: 0 };
  const end = f.lastIndexOf(0x0a) + 1;
  const lines = f.subarray(0, end).toString('latin1').split(/(?<=\n)/).filter(Boolean);
  const kept = lines.slice(Math.max(0, lines.length - n));
  return { data: Buffer.from(kept.join(''), 'latin1'), found: kept.length };
}

const entry = (log: string, stream: string, time: string) => `${JSON.stringify({ log, stream, time })}\n`;
const q = (over: Partial<LogQuery> = {}): LogQuery => ({ stdout: true, stderr: true, timestamps: false, tail: -1, ...over });

describe('a log request as dockerd reads it', () => {
  it('takes Go forms of its options, and leaves follow, details and odd forms to dockerd', () => {
    expect(logRequest('GET', '/v1.41/containers/web/logs?stdout=1&tail=5')).toEqual({ versionPrefix: '/v1.41', container: 'web', query: q({ stderr: false, tail: 5 }) });
    expect(logRequest('GET', '/containers/web/logs?stdout=TRUE&stderr=no&timestamps=on')?.query).toEqual(q({ stderr: false, timestamps: true }));
    expect(logRequest('GET', '/containers/web/logs?stdout=1&tail=all')?.query.tail).toBe(-1);
    expect(logRequest('GET', '/containers/web/logs?stdout=1&tail=-4')?.query.tail).toBe(-1);
    expect(logRequest('GET', '/containers/web/logs?stdout=1&tail=%2B4')?.query.tail).toBe(4);
    expect(logRequest('GET', '/containers/web/logs?stdout=1&until=0')?.query.until).toBeUndefined();
    expect(logRequest('GET', '/containers/web/logs?stdout=1&since=12.5')?.query.since).toEqual({ s: 12, ns: 500_000_000 });
    for (const t of [
      '/containers/web/logs?stdout=1&follow=1',
      '/containers/web/logs?stdout=1&details=true',
      '/containers/web/logs',
      '/containers/web/logs?stdout=0&stderr=false',
      '/containers/web/logs?stdout=1&since=abc',
      '/containers/web/logs?stdout=1&since=1.1234567891',
      '/containers/web/logs?stdout=1;tail=1',
      '/containers/web/logs?stdout=%zz',
      '/containers/../logs?stdout=1',
      '/containers/web/logs/?stdout=1',
      '/containers/web/json',
    ])
      expect(logRequest('GET', t)).toBeUndefined();
    expect(logRequest('POST', '/containers/web/logs?stdout=1')).toBeUndefined();
  });

  it('reads Unix times with fractions as nanoseconds', () => {
    expect(parseUnixTime('1700000000')).toEqual({ s: 1700000000, ns: 0 });
    expect(parseUnixTime('1700000000.000000001')).toEqual({ s: 1700000000, ns: 1 });
    expect(parseUnixTime('1700000000.25')).toEqual({ s: 1700000000, ns: 250_000_000 });
    expect(parseUnixTime('-1')).toBeUndefined();
  });

  it("reads entries' times and prints them with nine digits", () => {
    expect(entryTime('2026-12-07T08:54:13.7185347Z')).toEqual({ at: { s: Date.UTC(2026, 11, 7, 8, 54, 13) / 1000, ns: 718534700 }, text: '2026-12-07T08:54:13.718534700Z' });
    expect(entryTime('2026-12-07T08:54:13Z')?.text).toBe('2026-12-07T08:54:13.000000000Z');
    expect(entryTime('2026-12-07T10:54:13.5+02:00')).toEqual({ at: { s: Date.UTC(2026, 11, 7, 8, 54, 13) / 1000, ns: 500_000_000 }, text: '2026-12-07T10:54:13.500000000+02:00' });
    expect(entryTime('2026-12-07 08:54:13Z')).toBeUndefined();
  });

  it('takes only an uncompressed json-file log at its own path', () => {
    const inspect = { Id: ID, LogPath: LOG, Config: { Tty: true }, State: { Status: 'exited' }, HostConfig: { LogConfig: { Type: 'json-file', Config: { 'max-file': '3', 'max-size': '1k' } } } };
    expect(readPlan(inspect)).toEqual({ id: ID, logPath: LOG, tty: true, maxFiles: 3 });
    const withLog = (Config: Record<string, string>, Type = 'json-file') => ({ ...inspect, HostConfig: { LogConfig: { Type, Config } } });
    expect(readPlan(withLog({ compress: 'true' }))).toBeUndefined();
    expect(readPlan(withLog({ compress: 'false' }))?.maxFiles).toBe(1);
    expect(readPlan(withLog({}, 'local'))).toBeUndefined();
    expect(readPlan({ ...inspect, LogPath: LOG.replace(`/${ID}-json`, '/other-json') })).toBeUndefined();
    expect(readPlan({ ...inspect, State: { Dead: true } })).toBeUndefined();
    expect(readPlan({ ...inspect, LogPath: '' })).toBeUndefined();
  });
});

describe("dockerd's output for json-file entries", () => {
  const lines = Buffer.from(
    [
      entry('one\n', 'stdout', '2026-12-07T08:00:01.000000001Z'),
      entry('two\n', 'stderr', '2026-12-07T08:00:02Z'),
      entry('partial ', 'stdout', '2026-12-07T08:00:03.5Z'),
      entry('ünï\n', 'stdout', '2026-12-07T08:00:04Z'),
      entry('', 'stdout', '2026-12-07T08:00:05Z'),
    ].join(''),
  );
  const at = (s: number, ns = 0) => ({ s: Date.UTC(2026, 11, 7, 8, 0, s) / 1000, ns });

  it('frames each entry with its stream unless there is a TTY', () => {
    const out = Buffer.concat(formatEntries(lines, q(), false).chunks);
    const frame = (stream: number, text: string) => Buffer.concat([Buffer.from([stream, 0, 0, 0, 0, 0, 0, Buffer.byteLength(text)]), Buffer.from(text)]);
    expect(out.equals(Buffer.concat([frame(1, 'one\n'), frame(2, 'two\n'), frame(1, 'partial '), frame(1, 'ünï\n'), frame(1, '')]))).toBe(true);
    expect(Buffer.concat(formatEntries(lines, q({ stderr: false }), true).chunks).toString()).toBe('one\npartial ünï\n');
  });

  it('prints timestamps with nine digits', () => {
    expect(Buffer.concat(formatEntries(lines, q({ stdout: false, timestamps: true }), true).chunks).toString()).toBe('2026-12-07T08:00:02.000000000Z two\n');
  });

  it('keeps entries from since on and up to until, both inclusive, and stops after until', () => {
    const text = (query: LogQuery) => Buffer.concat(formatEntries(lines, query, true).chunks).toString();
    expect(text(q({ since: at(1, 1) }))).toBe('one\ntwo\npartial ünï\n');
    expect(text(q({ since: at(1, 2) }))).toBe('two\npartial ünï\n');
    expect(formatEntries(lines, q({ until: at(3, 500_000_000) }), true)).toMatchObject({ stop: true });
    expect(text(q({ until: at(3, 500_000_000) }))).toBe('one\ntwo\npartial ');
    expect(text(q({ until: at(3, 499_999_999) }))).toBe('one\ntwo\n');
  });

  it('decodes escapes as Go does, surrogate pairs and lone surrogates included', () => {
    const raw = '{"log":"a\\"b\\\\c\\/\\t\\u003c\\u00e9\\ud83d\\ude00\\ud800x\\n","stream":"stdout","time":"2026-12-07T08:00:01Z"}\n';
    expect(Buffer.concat(formatEntries(Buffer.from(raw), q(), true).chunks).toString()).toBe('a"b\\c/\t<é😀\ufffdx\n');
    expect(Buffer.concat(formatEntries(Buffer.from(raw), q(), true).chunks).equals(Buffer.from(JSON.parse(raw.trim()).log.replace('\ud800', '\ufffd')))).toBe(true);
  });

  it('throws on a line that is not an entry, so dockerd answers instead', () => {
    expect(() => formatEntries(Buffer.from('{"log":"x"\n'), q(), true)).toThrow();
    expect(() => formatEntries(Buffer.from('{"log":1,"time":"2026-12-07T08:00:01Z"}\n'), q(), true)).toThrow();
  });
});

describe('the bytes a tail reads, from ranges read backwards', () => {
  it("finds the same lines as a plain reading of dockerd's tail, whatever the block and read sizes", async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      const parts: string[] = [];
      const count = Math.floor(random() * 12);
      for (let i = 0; i < count; i++) parts.push('x'.repeat(Math.floor(random() * 9)) + '\n');
      if (random() < 0.3) parts.push('tail without newline');
      const f = Buffer.from(parts.join(''));
      const reader = memoryReader({ [LOG]: f }, 1 + Math.floor(random() * 6));
      const n = 1 + Math.floor(random() * 14);
      const got = await tailOfFile(reader, { path: LOG, size: f.length, inode: BigInt(LOG.length) }, n, 1 + Math.floor(random() * 10));
      const want = plainTail(f, n);
      expect({ f: f.toString(), n, data: got.data.toString(), found: got.found }).toEqual({ f: f.toString(), n, data: want.data.toString(), found: want.found });
    }
  });

  it('carries the count to older rotations, oldest first, and reads only what it needs', async () => {
    const files = { [`${LOG}.2`]: Buffer.from('a1\na2\n'), [`${LOG}.1`]: Buffer.from('b1\nb2\n'), [LOG]: Buffer.from('c1\nc2\n') };
    const read: string[] = [];
    const reader = memoryReader(files, 4, (p) => read.push(p));
    const text = async (tail: number, maxFiles = 3) => (await logBytes(reader, LOG, maxFiles, tail))?.map(String).join('');
    expect(await text(3)).toBe('b2\nc1\nc2\n');
    expect(await text(-1)).toBe('a1\na2\nb1\nb2\nc1\nc2\n');
    expect(await text(100)).toBe('a1\na2\nb1\nb2\nc1\nc2\n');
    expect(await text(-1, 2)).toBe('b1\nb2\nc1\nc2\n');
    expect(await text(0)).toBe('');
    read.length = 0;
    await text(1);
    expect(read.filter((p) => p === `${LOG}.2`)).toHaveLength(1); // its size only
  });

  it('skips missing rotations and an empty current file; without a current file dockerd answers', async () => {
    const reader = memoryReader({ [`${LOG}.2`]: Buffer.from('old\n'), [LOG]: Buffer.alloc(0) }, 64);
    expect((await logBytes(reader, LOG, 3, 5))?.map(String).join('')).toBe('old\n');
    expect(await logBytes(memoryReader({}, 64), LOG, 3, 5)).toBeUndefined();
  });

  it('leaves a read of all of a very large log to dockerd, and still tails it', async () => {
    const size = MAX_ALL_BYTES + 1;
    const reader: LogFileReader = {
      maxRead: 64,
      read: async (_p, offset, length) => ({ error: 0, size, inode: 1n, data: Buffer.alloc(Math.min(length, 64, size - offset), 0x0a) }),
    };
    expect(await logBytes(reader, LOG, 1, -1)).toBeUndefined();
    expect((await logBytes(reader, LOG, 1, 2))?.map(String).join('')).toBe('\n\n');
  });

  it('notices a file rotated while it is read', async () => {
    const files = { [LOG]: Buffer.from('one\ntwo\n') };
    const base = memoryReader(files, 3);
    let reads = 0;
    const reader: LogFileReader = { maxRead: 3, read: async (p, o, l) => ({ ...(await base.read(p, o, l)), inode: ++reads > 1 ? 99n : BigInt(LOG.length) }) };
    await expect(logBytes(reader, LOG, 1, -1)).rejects.toBeInstanceOf(LogRotated);
  });
});
