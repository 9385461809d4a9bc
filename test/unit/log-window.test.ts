import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../engine/contract/logs-types';
import { engineTime } from '../../engine/docker/log-feed';
import { ansiPieces, markMatches, plainText } from '../../renderer/src/features/container-logs/ansi';
import { LogWindow } from '../../renderer/src/features/container-logs/log-window';
import { searchPattern } from '../../engine/contract/log-search-pattern';

const at = (n: number) => `2024-05-01T10:00:00.${String(n).padStart(9, '0')}Z`;
const lines = (from: number, to: number, time = at): LogLine[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ stream: 'stdout', time: time(from + i), text: String(from + i) }));
const texts = (w: LogWindow) => w.lines.map((l) => l.text);

describe('the window of log lines the UI holds', () => {
  it('keeps keys consecutive through appends and prepends, so a key finds its line at once', () => {
    const w = new LogWindow(100);
    w.reset(lines(50, 59), false, 0);
    w.prepend(lines(40, 49), false);
    w.append(lines(60, 64));
    expect(texts(w)).toEqual(lines(40, 64).map((l) => l.text));
    const keys = w.lines.map((l) => l.key);
    expect(keys.every((k, i) => i === 0 || k === keys[i - 1]! + 1)).toBe(true);
    expect(w.lines[w.indexOfKey(keys[7]!)]!.text).toBe('47');
  });

  it('drops the oldest lines in steps once past its limit while following, and knows it no longer starts the log', () => {
    const w = new LogWindow(100);
    w.reset(lines(1, 100), true, 0);
    expect(w.append(lines(101, 110))).toBe(0);
    expect(w.append(lines(111, 130))).toBe(30);
    expect(w.lines).toHaveLength(100);
    expect(w.lines[0]!.text).toBe('31');
    expect(w.atStart).toBe(false);
  });

  it('drops the newest lines when older ones push it past its limit, counting them as below', () => {
    const w = new LogWindow(100);
    w.reset(lines(51, 150), false, 0);
    expect(w.prepend(lines(1, 50), true)).toBe(50);
    expect(texts(w).at(-1)).toBe('100');
    expect(w.below).toBe(50);
    expect(w.fromEndOfFirst()).toBe(150);
    expect(w.fromEndOfLast()).toBe(51);
  });

  it('names the places before its first and after its last line, counting lines that share a time', () => {
    const w = new LogWindow();
    const same = (n: number) => at(n < 3 ? 1 : n > 7 ? 9 : n);
    w.reset(lines(1, 9, same), false, 0);
    expect(w.firstAnchor()).toEqual({ time: at(1), sameTime: 2 });
    expect(w.lastAnchor()).toEqual({ time: at(9), sameTime: 2 });
    expect(w.indexOfTime(at(5))).toBe(4);
    expect(w.indexOfTime(at(100))).toBe(-1);
  });

  it('merges lines arriving late from another container into time order', () => {
    const w = new LogWindow();
    w.reset(lines(1, 5).filter((l) => Number(l.text) % 2), false, 0);
    w.insertInTimeOrder(lines(2, 4).filter((l) => Number(l.text) % 2 === 0));
    expect(texts(w)).toEqual(['1', '2', '3', '4', '5']);
    const keys = w.lines.map((l) => l.key);
    expect(keys.every((k, i) => i === 0 || k === keys[i - 1]! + 1)).toBe(true);
  });
});

describe('log text on screen', () => {
  it('turns ANSI colours into classes for the 16 basic colours and styles for the others', () => {
    const pieces = ansiPieces({ text: '\x1b[31mred\x1b[0m plain \x1b[1;38;5;208mpalette\x1b[0m \x1b[38;2;10;20;30mtrue' });
    expect(pieces.map((p) => [p.text, p.className, p.style?.color])).toEqual([
      ['red', 'ansi-red-fg', undefined],
      [' plain ', undefined, undefined],
      ['palette', 'ansi-bold', 'rgb(255, 135, 0)'],
      [' ', undefined, undefined],
      ['true', undefined, 'rgb(10, 20, 30)'],
    ]);
    expect(plainText({ text: '\x1b[32mok\x1b[0m done' })).toBe('ok done');
  });

  it('marks search matches across colour changes', () => {
    const pieces = markMatches(ansiPieces({ text: 'say \x1b[31mhel\x1b[0mlo hello' }), searchPattern({ text: 'hello', regex: false, caseSensitive: false }, true));
    expect(pieces.filter((p) => p.mark).map((p) => p.text)).toEqual(['hel', 'lo', 'hello']);
    expect(pieces.map((p) => p.text).join('')).toBe('say hello hello');
  });

  it('marks a regular expression’s matches with the linear-time engine, empty matches skipped, on a line that would freeze a backtracking one', () => {
    const pieces = markMatches(ansiPieces({ text: 'id=7 \x1b[32mid=42\x1b[0m x' }), searchPattern({ text: 'id=\\d*', regex: true, caseSensitive: false }, true));
    expect(pieces.filter((p) => p.mark).map((p) => p.text)).toEqual(['id=7', 'id=42']);
    const unlucky = `${'a'.repeat(3_000)}!`;
    expect(markMatches(ansiPieces({ text: unlucky }), searchPattern({ text: '^(a|a)*$', regex: true, caseSensitive: false }, true)).some((p) => p.mark)).toBe(false);
  });

  it('searches plain text literally and regular expressions as such', () => {
    expect(searchPattern({ text: 'a.b(c)', regex: false, caseSensitive: true }).test('xa.b(c)y')).toBe(true);
    expect(searchPattern({ text: 'a.b(c)', regex: false, caseSensitive: true }).test('axbc')).toBe(false);
    expect(searchPattern({ text: '^err\\w+', regex: true, caseSensitive: false }).test('ERROR x')).toBe(true);
  });
});

describe('engine times', () => {
  it('turns a line’s RFC 3339 time into the engine’s since/until without losing nanoseconds', () => {
    expect(engineTime('2024-05-01T10:00:00.123456789Z')).toBe('1714557600.123456789');
    expect(engineTime('2024-05-01T10:00:00.5Z')).toBe('1714557600.500000000');
    expect(engineTime('2024-05-01T10:00:00Z')).toBe('1714557600.000000000');
  });
});
