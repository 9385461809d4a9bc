/**
 * The pure parts of answering log reads in dockerd's place (vm/host/json-file-logs.ts, json-file-tail.ts):
 * the request as dockerd reads it, since/until, framing, and the tail found from ranges read backwards,
 * against a plain reading of dockerd's rules over many small files and read sizes.
 */
import { describe, expect, it } from 'vitest';
import { entryTime, formatEntries, logRequest, parseUnixTime, readPlan } from '../../vm/host/json-file-logs';
import type { LogQuery } from '../../vm/host/json-file-logs';
import { ENOENT, IN_FLIGHT, LogRotated, logBytes, logSegments, tailStart, wholeLines } from '../../vm/host/json-file-tail';
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
      const { start, found } = await tailStart(reader, { path: LOG, size: f.length, inode: BigInt(LOG.length) }, n, 1 + Math.floor(random() * 10));
      const data = found ? f.subarray(start, f.lastIndexOf(0x0a) + 1) : Buffer.alloc(0);
      const want = plainTail(f, n);
      expect({ f: f.toString(), n, data: data.toString(), found }).toEqual({ f: f.toString(), n, data: want.data.toString(), found: want.found });
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

  it('reads a large log forward with a few reads ahead of a slow consumer, and stops when it stops', async () => {
    // 64 MiB of 1,000-byte lines, made up as they are read (nothing of that size is held here).
    const size = 64 * 1024 * 1024;
    const line = Buffer.alloc(1000, 0x78);
    line[999] = 0x0a;
    let issued = 0;
    const reader: LogFileReader = {
      maxRead: 256 * 1024,
      read: async (_p, offset, length) => {
        if (length) issued++;
        const data = Buffer.alloc(Math.max(0, Math.min(length, 256 * 1024, size - offset)));
        for (let i = 0; i < data.length; i++) data[i] = line[(offset + i) % 1000]!;
        return { error: 0, size, inode: 1n, data };
      },
    };
    const segments = (await logSegments(reader, LOG, 1, -1))!;
    let consumed = 0;
    let bytes = 0;
    let most = 0;
    for await (const run of wholeLines(reader, segments, { logPath: LOG, maxFiles: 1, followRenames: () => false })) {
      consumed++;
      bytes += run.length;
      expect(run[run.length - 1]).toBe(0x0a);
      most = Math.max(most, issued - Math.ceil(consumed / 2)); // two runs a range: the line cut by its start, the rest
      if (consumed % 16 === 0) await new Promise((r) => setTimeout(r, 1)); // a slow client
      if (consumed === 400) break;
    }
    expect(most).toBeLessThanOrEqual(IN_FLIGHT);
    expect(bytes).toBe(Math.floor((200 * 256 * 1024) / 1000) * 1000);
    const after = issued;
    await new Promise((r) => setTimeout(r, 20));
    expect(issued).toBe(after); // stopping stops the reads
    expect(issued).toBeLessThanOrEqual(200 + IN_FLIGHT);
  });

  it('reads on from a rotation by inode once part of the answer is out, and gives up on a truncated file', async () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join('');
    const files: Record<string, Buffer> = { [LOG]: Buffer.from(text) };
    const inodes: Record<string, bigint> = { [LOG]: 7n };
    let reads = 0;
    const reader: LogFileReader = {
      maxRead: 16,
      read: async (p, offset, length) => {
        // After a few reads the log is rotated: the file (inode 7) is now .1 and a new, empty one replaces it.
        if (length && ++reads === 5) {
          files[`${LOG}.1`] = files[LOG]!;
          inodes[`${LOG}.1`] = 7n;
          files[LOG] = Buffer.alloc(0);
          inodes[LOG] = 8n;
        }
        const f = files[p];
        if (!f) return { error: ENOENT, size: 0, inode: 0n, data: Buffer.alloc(0) };
        return { error: 0, size: f.length, inode: inodes[p]!, data: f.subarray(offset, Math.min(f.length, offset + Math.min(length, 16))) };
      },
    };
    const segments = (await logSegments(reader, LOG, 3, -1))!;
    const parts: Buffer[] = [];
    for await (const run of wholeLines(reader, segments, { logPath: LOG, maxFiles: 3, followRenames: () => true })) parts.push(run);
    expect(Buffer.concat(parts).toString()).toBe(text);

    // Truncated in place (max-file 1): the same inode, shorter: nothing to read on from.
    let truncatingReads = 0;
    files[LOG] = Buffer.from(text);
    inodes[LOG] = 9n;
    const truncating: LogFileReader = {
      maxRead: 16,
      read: async (p, o, l) => {
        if (l && ++truncatingReads === 2) files[LOG] = files[LOG]!.subarray(0, 4);
        return reader.read(p, o, l);
      },
    };
    const lines = wholeLines(truncating, (await logSegments(truncating, LOG, 1, -1))!, { logPath: LOG, maxFiles: 1, followRenames: () => true });
    await expect((async () => { for await (const _ of lines); })()).rejects.toBeInstanceOf(LogRotated);
  });

  it('notices a file rotated while it is read', async () => {
    const files = { [LOG]: Buffer.from('one\ntwo\n') };
    const base = memoryReader(files, 3);
    let reads = 0;
    const reader: LogFileReader = { maxRead: 3, read: async (p, o, l) => ({ ...(await base.read(p, o, l)), inode: ++reads > 1 ? 99n : BigInt(LOG.length) }) };
    await expect(logBytes(reader, LOG, 1, -1)).rejects.toBeInstanceOf(LogRotated);
  });
});
