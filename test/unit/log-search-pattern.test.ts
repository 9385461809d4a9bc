// A log search's regular expression runs on the backend over the whole log and in the page over the lines
// on screen; one that can backtrack for ever on an unlucky line would freeze either, so it is refused.
import { describe, expect, it } from 'vitest';
import { streams } from '../../engine/contract/contract';
import { repeatsARepetition, searchPattern } from '../../engine/contract/log-search-pattern';

describe('log search patterns', () => {
  it('finds an open-ended repetition repeated again, however it is written', () => {
    for (const p of ['(a+)+$', '(x+x+)+y', '(\\w+\\s?)*$', '(?<n>a+)+', '((a)*)*', '(?:(?:a+)b)*', '(a+){2,}', '(a*?)+?', '([ab]+)+', '(a{2,})*', '(a|b+)*']) {
      expect(repeatsARepetition(p), p).toBe(true);
    }
  });

  it('lets ordinary patterns through, bounded repetitions and quantifier characters that are literal included', () => {
    for (const p of ['error|warn', '^\\d+ GET /api/(users|orders)', '(ab?)+', '(a{1,3}){2}', '(a+){2,5}', '[(]+)+', '\\(a+\\)+', 'a{2,}', '(?<=id=)\\d+', '[a-z]+@example\\.com']) {
      expect(repeatsARepetition(p), p).toBe(false);
    }
  });

  it('refuses such a pattern in words, in the page and at the backend’s door; plain text is never refused', () => {
    expect(() => searchPattern({ text: '(a+)+$', regex: true, caseSensitive: false })).toThrow(/repeats a repetition, like \(a\+\)\+/);
    expect(searchPattern({ text: '(a+)+$', regex: false, caseSensitive: false }).test('x(a+)+$y')).toBe(true);
    const parsed = streams['logs.search'].input.safeParse({ containerId: 'abc', text: '(\\w+\\s?)*$', regex: true, caseSensitive: false });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/^a search that could run for ever: it repeats a repetition/);
  });
});
