/**
 * What a log search means, shared by the backend (which searches the whole log) and the UI (which marks
 * the matches in the lines on screen), so both read a query the same way. Plain text is matched literally.
 *
 * A regular expression runs on RE2JS (the JavaScript port of RE2), which takes time in proportion to the
 * line whatever the pattern: JavaScript's own engine backtracks, and a pattern like (a|a)* or (a+)+ can
 * take for ever on one unlucky line, freezing the backend reading the log or the page marking matches.
 * RE2JS is plain JavaScript (no native module to build for each Electron, no wasm to load), and the same
 * code runs in the backend and the page. The price: what needs backtracking — backreferences (\1, \k<n>)
 * and lookaround ((?=…), (?!…), (?<=…), (?<!…)) — is refused, in words, before the search starts.
 */
import { RE2JS } from 're2js';

export interface LogSearchQuery {
  text: string;
  regex: boolean;
  caseSensitive: boolean;
}

/** The part of the refusal the UI and README quote: what the search cannot take, and why. */
export const LINEAR_LIMITS = 'backreferences (\\1) and lookaround ((?=…), (?!…), (?<=…), (?<!…)) need a search that can take for ever on some lines, which Berth does not run';

function linearFlags(flags: string): number {
  return (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) | (flags.includes('s') ? RE2JS.DOTALL : 0) | (flags.includes('m') ? RE2JS.MULTILINE : 0);
}

/** Whether a pattern uses a backreference or lookaround, read outside character classes and escapes. */
export function needsBacktracking(source: string): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      // RE2JS's translation reads \k as a plain k, as JavaScript does without named groups: caught here.
      if (!inClass && /^[1-9]|^k</.test(source.slice(i + 1, i + 3))) return true;
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true;
      if (source[i + 1] === ']') i++;
    } else if (ch === '(' && /^\?(?:[=!]|<[=!])/.test(source.slice(i + 1, i + 4))) {
      return true;
    }
  }
  return false;
}

/** Compiles a pattern JavaScript accepts for RE2; throws a SyntaxError that says what it cannot take. */
function compileLinear(source: string, flags: string): RE2JS {
  if (needsBacktracking(source)) throw new SyntaxError(`it uses a backreference or lookaround: ${LINEAR_LIMITS}`);
  try {
    return RE2JS.compile(RE2JS.translateRegExp(source), linearFlags(flags));
  } catch (e) {
    throw new SyntaxError(`Berth's search does not understand part of it (${(e as Error).message.replace(/^error parsing regexp: /, '')})`);
  }
}

/**
 * A RegExp whose matching runs on RE2JS. Everything that matches with a RegExp (test, String#replace,
 * matchAll, split) goes through `exec`, so code that takes a RegExp gets the linear-time engine unchanged;
 * JavaScript's engine only checks the pattern's syntax when it is built, which takes no time to speak of.
 */
export class LinearRegExp extends RegExp {
  readonly linear: RE2JS;

  constructor(pattern: string | RegExp, flags?: string) {
    const source = typeof pattern === 'string' ? pattern : pattern.source;
    const f = flags ?? (typeof pattern === 'string' ? '' : pattern.flags);
    super(source, f);
    this.linear = compileLinear(source, f);
  }

  override exec(text: string): RegExpExecArray | null {
    const stateful = this.global || this.sticky;
    const from = stateful ? this.lastIndex : 0;
    if (from > text.length) {
      this.lastIndex = 0;
      return null;
    }
    const m = this.linear.matcher(text);
    if (!m.find(from) || (this.sticky && m.start() !== from)) {
      if (stateful) this.lastIndex = 0;
      return null;
    }
    const groups: (string | undefined)[] = [];
    for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g) ?? undefined);
    const result = Object.assign(groups, { index: m.start(), input: text, groups: undefined }) as unknown as RegExpExecArray;
    if (stateful) this.lastIndex = m.end();
    return result;
  }
}

/** The pattern a query means; throws SyntaxError for an invalid regular expression or one it cannot take. */
export function searchPattern(query: LogSearchQuery, global = false): RegExp {
  const flags = `${query.caseSensitive ? '' : 'i'}${global ? 'g' : ''}`;
  // Escaped plain text has nothing to backtrack over: JavaScript's own engine runs it, fastest.
  if (!query.regex) return new RegExp(query.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
  return new LinearRegExp(query.text, flags);
}

/**
 * Where a line first matches, or -1: the backend's test of each line of a log. Case-sensitive plain text
 * is a substring search; a regular expression asks RE2JS whether the line matches (its literal prefilter
 * and DFA, without building a match) and finds where only for the lines that do.
 */
export function lineFinder(query: LogSearchQuery): (text: string) => number {
  if (!query.regex && query.caseSensitive) return (text) => text.indexOf(query.text);
  const pattern = searchPattern(query);
  if (!(pattern instanceof LinearRegExp)) return (text) => pattern.exec(text)?.index ?? -1;
  const linear = pattern.linear;
  return (text) => (linear.test(text) ? (pattern.exec(text)?.index ?? -1) : -1);
}
