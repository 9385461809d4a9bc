// A log search's regular expression runs on the backend over the whole log and in the page over the lines
// on screen. It runs on RE2JS, in time proportional to the line: a pattern JavaScript's engine would
// backtrack on for ever must finish (a hang fails the test by its timeout), and what RE2 cannot take
// (backreferences, lookaround) is refused in words, in the page and at the backend's door.
import { describe, expect, it } from 'vitest';
import { streams } from '../../engine/contract/contract';
import { LinearRegExp, lineFinder, searchPattern } from '../../engine/contract/log-search-pattern';

const unlucky = `${'a'.repeat(5_000)}!`;

describe('log search patterns', () => {
  it('runs patterns that backtrack for ever in JavaScript, (a|a)* and (a+)+ included, in linear time', () => {
    for (const p of ['^(a|a)*$', '^(a+)+$', '^(\\w+\\s?)*$', '^((a)*)*$', '^(a|aa)+$', '^(?<n>a+)+$', '^(a*?)+?$']) {
      const pattern = searchPattern({ text: p, regex: true, caseSensitive: false });
      expect(pattern, p).toBeInstanceOf(LinearRegExp);
      expect(pattern.test(unlucky), p).toBe(false);
      expect(pattern.test('aaaa'), p).toBe(true);
      expect(lineFinder({ text: p, regex: true, caseSensitive: false })(unlucky), p).toBe(-1);
    }
  });

  it('matches like a RegExp: positions, case, global marking with matchAll and replace', () => {
    expect(lineFinder({ text: 'err\\w+', regex: true, caseSensitive: false })('x ERROR y')).toBe(2);
    expect(lineFinder({ text: 'err\\w+', regex: true, caseSensitive: true })('x ERROR y')).toBe(-1);
    expect(lineFinder({ text: 'a.b', regex: false, caseSensitive: true })('xa.b axb')).toBe(1);
    expect(lineFinder({ text: 'A.B', regex: false, caseSensitive: false })('axb a.b')).toBe(4);
    const global = searchPattern({ text: '\\d+', regex: true, caseSensitive: false }, true);
    expect([...'a1 b22 c333'.matchAll(global)].map((m) => [m[0], m.index])).toEqual([['1', 1], ['22', 4], ['333', 8]]);
    expect('a1 b22'.replace(global, '#')).toBe('a# b#');
    expect([...'ab'.matchAll(searchPattern({ text: 'x*', regex: true, caseSensitive: false }, true))].map((m) => m.index)).toEqual([0, 1, 2]);
    const named = searchPattern({ text: '(?<word>\\w+)=(\\d+)', regex: true, caseSensitive: true }).exec('k=42');
    expect([named?.[0], named?.[1], named?.[2], named?.index]).toEqual(['k=42', 'k', '42', 0]);
  });

  it('refuses backreferences and lookaround in words, in the page and at the backend’s door; plain text is never refused', () => {
    for (const p of ['(a)\\1', '(?<q>["\'])x\\k<q>', 'foo(?=bar)', 'foo(?!bar)', '(?<=id=)\\d+', '(?<!x)y']) {
      expect(() => searchPattern({ text: p, regex: true, caseSensitive: false }), p).toThrow(/backreference or lookaround: backreferences \(\\1\) and lookaround/);
    }
    expect(() => searchPattern({ text: 'a(b', regex: true, caseSensitive: false })).toThrow(SyntaxError);
    expect(searchPattern({ text: '(a)\\1(?=x)', regex: false, caseSensitive: false }).test('y(a)\\1(?=x)')).toBe(true);
    const parsed = streams['logs.search'].input.safeParse({ containerId: 'abc', text: '(\\w)\\1', regex: true, caseSensitive: false });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/^a search Berth cannot run: it uses a backreference or lookaround/);
    expect(streams['logs.search'].input.safeParse({ containerId: 'abc', text: '(a|a)*$', regex: true, caseSensitive: false }).success).toBe(true);
  });
});
