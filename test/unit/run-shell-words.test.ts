import { describe, expect, it } from 'vitest';
import { joinShellWords, quoteShellWord, splitShellWords } from '../../renderer/src/features/run-container/model/shell-words';
import { formatBytes, formatMemoryBytes } from '../../renderer/src/components/format';
import { formatMemory, parseCpus, parseMemory } from '../../renderer/src/features/run-container/model/units';

describe('reading a command line as a shell would', () => {
  it('splits on blanks and keeps quoted blanks', () => {
    expect(splitShellWords(`sh -c 'echo "hi there"'  x`).words).toEqual(['sh', '-c', 'echo "hi there"', 'x']);
    expect(splitShellWords(`echo "a b" c\\ d`).words).toEqual(['echo', 'a b', 'c d']);
  });

  it('honours escapes inside double quotes only for " \\ $ `', () => {
    expect(splitShellWords(String.raw`"a\"b" "c\\d" "e\nf"`).words).toEqual(['a"b', 'c\\d', 'e\\nf']);
  });

  it('joins lines continued with a backslash', () => {
    expect(splitShellWords('docker run \\\n  -p 80:80 \\\r\n  nginx').words).toEqual(['docker', 'run', '-p', '80:80', 'nginx']);
  });

  it('keeps empty quoted words', () => {
    expect(splitShellWords(`--entrypoint "" img`).words).toEqual(['--entrypoint', '', 'img']);
  });

  it('keeps variables as written and reports them', () => {
    const r = splitShellWords('-e HOME=$HOME -v "$(pwd)":/src ${X}y');
    expect(r.words).toEqual(['-e', 'HOME=$HOME', '-v', '$(pwd):/src', '${X}y']);
    expect(r.expansions).toEqual(['$HOME', '$(pwd)', '${X}']);
    expect(splitShellWords(`'$HOME'`).expansions).toEqual([]);
  });

  it('stops at a command separator and says which', () => {
    expect(splitShellWords('docker run a && echo done')).toMatchObject({ words: ['docker', 'run', 'a'], stoppedAt: '&&' });
    expect(splitShellWords('a | b')).toMatchObject({ words: ['a'], stoppedAt: '|' });
    expect(splitShellWords('a ; b').stoppedAt).toBe(';');
    expect(splitShellWords("a 'x;y'").stoppedAt).toBeUndefined();
  });

  it('treats # as a comment only at the start of a word', () => {
    expect(splitShellWords('a b#c # comment').words).toEqual(['a', 'b#c']);
  });

  it('reports a quote left open', () => {
    expect(splitShellWords(`echo "oops`).unclosedQuote).toBe('"');
    expect(splitShellWords(`echo 'oops`).unclosedQuote).toBe("'");
  });

  it('quotes only what needs quoting, and reads back the same words', () => {
    expect(quoteShellWord('nginx:1.27')).toBe('nginx:1.27');
    expect(quoteShellWord('')).toBe("''");
    expect(quoteShellWord("it's")).toBe(`'it'\\''s'`);
    const words = ['sh', '-c', `echo "$HOME" && it's; done`, '', 'a b', 'tab\there', 'new\nline', '*'];
    expect(splitShellWords(joinShellWords(words)).words).toEqual(words);
  });
});

describe('sizes and CPUs as the docker CLI writes them', () => {
  it('reads sizes in powers of 1024, with or without b', () => {
    expect(parseMemory('512m')).toBe(512 * 1024 ** 2);
    expect(parseMemory('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(parseMemory('2GB')).toBe(2 * 1024 ** 3);
    expect(parseMemory('1024')).toBe(1024);
    expect(parseMemory('lots')).toBeUndefined();
    expect(parseMemory('-1m')).toBeUndefined();
  });

  it('writes sizes back in the largest exact unit', () => {
    expect(formatMemory(512 * 1024 ** 2)).toBe('512m');
    expect(formatMemory(2 * 1024 ** 3)).toBe('2g');
    expect(formatMemory(1536 * 1024 ** 2)).toBe('1536m');
    expect(formatMemory(1000)).toBe('1000');
  });

  it('reads CPUs as billionths and refuses zero', () => {
    expect(parseCpus('1.5')).toBe(1_500_000_000);
    expect(parseCpus('.25')).toBe(250_000_000);
    expect(parseCpus('0')).toBeUndefined();
    expect(parseCpus('two')).toBeUndefined();
  });

  it('shows sizes for reading: decimal units for stored bytes, binary units for memory, never mixed', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.54 kB');
    expect(formatBytes(1_980_000)).toBe('1.98 MB');
    expect(formatMemoryBytes(0)).toBe('0 B');
    expect(formatMemoryBytes(1536)).toBe('1.50 KiB');
    expect(formatMemoryBytes(512 * 1024 ** 2)).toBe('512 MiB');
    expect(formatMemoryBytes(2.25 * 1024 ** 3)).toBe('2.25 GiB');
  });
});
