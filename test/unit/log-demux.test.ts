import { describe, expect, it } from 'vitest';
import { StreamDemuxer } from '../../engine/docker/demux';
import type { OutputStream } from '../../engine/docker/demux';
import { LogLineParser } from '../../engine/docker/log-lines';
import type { ParsedLogLine } from '../../engine/docker/log-lines';

function frame(stream: OutputStream | 'stdin', payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = stream === 'stdin' ? 0 : stream === 'stdout' ? 1 : 2;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function demux(chunks: Buffer[]): [OutputStream, string][] {
  const out: [OutputStream, string][] = [];
  const d = new StreamDemuxer((stream, payload) => out.push([stream, payload.toString('utf8')]));
  for (const c of chunks) d.push(c);
  expect(d.atBoundary).toBe(true);
  return out;
}

/** Every way of cutting `bytes` in two, and in three around each pair of nearby points. */
function* cuts(bytes: Buffer): Generator<Buffer[]> {
  for (let i = 0; i <= bytes.length; i++) yield [bytes.subarray(0, i), bytes.subarray(i)];
  for (let i = 0; i <= bytes.length; i++) {
    for (let j = i; j <= Math.min(bytes.length, i + 11); j++) yield [bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)];
  }
}

const big = 'x'.repeat(70_000);
const sample: [OutputStream, string][] = [
  ['stdout', 'hello\n'],
  ['stderr', 'oops: something failed\n'],
  ['stdout', 'grüße – ✓ 🚢\n'],
  ['stderr', big],
  ['stdout', 'last line without newline'],
];

describe('the multiplexed stream demuxer', () => {
  const bytes = Buffer.concat([...sample.map(([s, p]) => frame(s, p)), frame('stdout', '')]);

  it('gives the same frames however the stream is cut into chunks, at every byte boundary', () => {
    const small = Buffer.concat(sample.filter(([, p]) => p !== big).map(([s, p]) => frame(s, p)));
    const expected = sample.filter(([, p]) => p !== big);
    let ways = 0;
    for (const chunks of cuts(small)) {
      expect(demux(chunks)).toEqual(expected);
      ways++;
    }
    expect(ways).toBeGreaterThan(small.length * 10);
  });

  it('reassembles a frame larger than any chunk, one byte at a time or in odd pieces', () => {
    const oneByOne = [...bytes].map((b) => Buffer.from([b]));
    expect(demux(oneByOne)).toEqual(sample);
    const pieces: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 4093) pieces.push(bytes.subarray(i, i + 4093));
    expect(demux(pieces)).toEqual(sample);
  });

  it('tells stdout from stderr at boundaries inside chunks, and reads stdin echoes as stdout', () => {
    const mixed = Buffer.concat([frame('stdout', 'a'), frame('stderr', 'b'), frame('stdin', 'c'), frame('stderr', 'd')]);
    for (const chunks of cuts(mixed)) expect(demux(chunks)).toEqual([['stdout', 'a'], ['stderr', 'b'], ['stdout', 'c'], ['stderr', 'd']]);
  });

  it('reads 200,000 frames in one chunk in linear time without overflowing the stack', () => {
    const n = 200_000;
    const one = frame('stdout', '2024-01-01T00:00:00.000000000Z line\n');
    const chunk = Buffer.alloc(one.length * n);
    for (let i = 0; i < n; i++) one.copy(chunk, i * one.length);
    let count = 0;
    const started = performance.now();
    new StreamDemuxer(() => count++).push(chunk);
    const ms = performance.now() - started;
    expect(count).toBe(n);
    // Quadratic copying would take minutes here; linear takes a few tens of milliseconds.
    expect(ms).toBeLessThan(1000);
  });
});

const T1 = '2024-05-01T10:00:00.000000001Z';
const T2 = '2024-05-01T10:00:00.000000002Z';
const T3 = '2024-05-01T10:00:00.000000003Z';

function parse(tty: boolean, chunks: Buffer[]): ParsedLogLine[] {
  const lines: ParsedLogLine[] = [];
  const parser = new LogLineParser(tty, (l) => lines.push(l));
  for (const c of chunks) parser.push(c);
  parser.end();
  return lines;
}

describe('log lines from a logs request with timestamps', () => {
  it('splits each message into time and text and keeps the stream', () => {
    const bytes = Buffer.concat([frame('stdout', `${T1} one\n`), frame('stderr', `${T2} two\n`)]);
    for (const chunks of cuts(bytes)) {
      expect(parse(false, chunks)).toEqual([
        { stream: 'stdout', time: T1, text: 'one' },
        { stream: 'stderr', time: T2, text: 'two' },
      ]);
    }
  });

  it('joins a long line the log driver split into several messages, keeping the first time', () => {
    const bytes = Buffer.concat([frame('stdout', `${T1} first half, `), frame('stderr', `${T2} interleaved\n`), frame('stdout', `${T3} second half\n`)]);
    expect(parse(false, [bytes])).toEqual([
      { stream: 'stderr', time: T2, text: 'interleaved' },
      { stream: 'stdout', time: T1, text: 'first half, second half' },
    ]);
  });

  it('never mangles a UTF-8 character cut between two messages of one line', () => {
    const snowman = Buffer.from('☃');
    const bytes = Buffer.concat([
      frame('stdout', Buffer.concat([Buffer.from(`${T1} a`), snowman.subarray(0, 1)])),
      frame('stdout', Buffer.concat([Buffer.from(`${T2} `), snowman.subarray(1), Buffer.from('b\n')])),
    ]);
    expect(parse(false, [bytes])).toEqual([{ stream: 'stdout', time: T1, text: 'a☃b' }]);
  });

  it('reads a TTY container’s log (no frames, \\r\\n endings) cut at every byte', () => {
    const bytes = Buffer.from(`${T1} prompt$ ls\r\n${T2} ✓ done\r\n${T3} no newline`);
    for (const chunks of cuts(bytes)) {
      expect(parse(true, chunks)).toEqual([
        { stream: 'stdout', time: T1, text: 'prompt$ ls' },
        { stream: 'stdout', time: T2, text: '✓ done' },
        { stream: 'stdout', time: T3, text: 'no newline' },
      ]);
    }
  });

  it('keeps empty lines', () => {
    expect(parse(false, [Buffer.concat([frame('stdout', `${T1} \n`), frame('stdout', `${T2} x\n`)])])).toEqual([
      { stream: 'stdout', time: T1, text: '' },
      { stream: 'stdout', time: T2, text: 'x' },
    ]);
  });
});

describe('text the engine writes into a multiplexed log instead of frames', () => {
  const error = 'Error grabbing logs: invalid character \'x\' looking for beginning of value\n';

  it('keeps the frames before it and hands the text over, however the chunks are cut', () => {
    const bytes = Buffer.concat([frame('stdout', 'one\n'), frame('stderr', 'two\n'), Buffer.from(error)]);
    for (const chunks of cuts(bytes)) {
      const out: [OutputStream, string][] = [];
      let text = '';
      const d = new StreamDemuxer((stream, payload) => out.push([stream, payload.toString('utf8')]), (b) => (text += b.toString('utf8')));
      for (const c of chunks) d.push(c);
      expect(out).toEqual([['stdout', 'one\n'], ['stderr', 'two\n']]);
      expect(text).toBe(error);
    }
  });

  it('is what the log parser reports as the engine’s words, after the lines before it', () => {
    const lines: ParsedLogLine[] = [];
    const parser = new LogLineParser(false, (l) => lines.push(l));
    parser.push(Buffer.concat([frame('stdout', '2026-01-01T00:00:00.000000001Z hello\n'), Buffer.from(error)]));
    parser.end();
    expect(lines.map((l) => l.text)).toEqual(['hello']);
    expect(parser.engineText).toBe(error);
  });
});
