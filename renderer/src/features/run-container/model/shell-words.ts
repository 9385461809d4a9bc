/**
 * Shell words the way a POSIX shell reads a command line, without running anything: quotes, backslashes
 * and line continuations are honoured; variables and substitutions are kept as written (and reported, since
 * a shell would have replaced them); a command separator ends the command.
 */

export interface ShellWords {
  words: string[];
  /** Variables or substitutions a shell would have expanded, as written (`$HOME`, `$(pwd)`). */
  expansions: string[];
  /** Where the command stopped early: the separator found (`;`, `&&`, `|`), if any. */
  stoppedAt?: string;
  /** A quote left open at the end. */
  unclosedQuote?: '"' | "'";
}

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes a word for a POSIX shell only when it needs it. */
export function quoteShellWord(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function joinShellWords(words: string[]): string {
  return words.map(quoteShellWord).join(' ');
}

/** Reads the `$...` at `i` (which is a `$`), returning its text. */
function readExpansion(text: string, i: number): string {
  const next = text[i + 1];
  if (next === '{') {
    const end = text.indexOf('}', i + 2);
    return end < 0 ? text.slice(i) : text.slice(i, end + 1);
  }
  if (next === '(') {
    let depth = 0;
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')' && --depth === 0) return text.slice(i, j + 1);
    }
    return text.slice(i);
  }
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(text.slice(i));
  return m ? m[0] : '$';
}

export function splitShellWords(input: string): ShellWords {
  // A backslash before a line break joins the lines, in and out of double quotes alike.
  const text = input.replace(/\\\r?\n/g, '');
  const words: string[] = [];
  const expansions: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const finish = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const expansion = () => {
    const found = readExpansion(text, i);
    if (found.length > 1) expansions.push(found);
    word += found;
    inWord = true;
    i += found.length;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) {
        word += text.slice(i + 1);
        words.push(word);
        return { words, expansions, unclosedQuote: "'" };
      }
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      i++;
      for (;;) {
        if (i >= text.length) {
          words.push(word);
          return { words, expansions, unclosedQuote: '"' };
        }
        const d = text[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) {
          word += text[i + 1];
          i += 2;
        } else if (d === '$') expansion();
        else {
          word += d;
          i++;
        }
      }
    } else if (c === '\\') {
      if (i + 1 < text.length) word += text[i + 1];
      inWord = true;
      i += 2;
    } else if (c === '$') {
      expansion();
    } else if (/\s/.test(c)) {
      finish();
      i++;
    } else if (c === ';' || c === '|' || c === '&' || (c === '#' && !inWord)) {
      finish();
      const op = /^(&&|\|\||;|\||&|#)/.exec(text.slice(i))?.[0] ?? c;
      return op === '#' ? { words, expansions } : { words, expansions, stoppedAt: op };
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  finish();
  return { words, expansions };
}
