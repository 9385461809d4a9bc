/**
 * What a log search means, shared by the backend (which searches the whole log) and the UI (which marks
 * the matches in the lines on screen), so both read a query the same way. Plain text is matched literally.
 */
export interface LogSearchQuery {
  text: string;
  regex: boolean;
  caseSensitive: boolean;
}

const QUANTIFIER = /^(?:[*+?]|\{\d+(?:,(\d*))?\})/;

/**
 * Whether a pattern repeats an open-ended repetition, like (a+)+ or (\w+\s?)*: the shape with which
 * JavaScript's regular expressions can try exponentially many ways on one unlucky line, freezing whoever
 * runs it (the backend reading the log, the page marking matches). Read from the pattern's text: groups,
 * escapes and character classes are followed; a bounded repetition such as (ab?)+ or (a{1,3}){2} is fine.
 * Not caught: alternatives that overlap under a repetition, like (a|a)*, the rarer way to the same trouble.
 */
export function repeatsARepetition(source: string): boolean {
  // For each open group: whether something inside it repeats without end.
  const groups: boolean[] = [false];
  /** What the next quantifier applies to: a group just closed (and whether it repeats inside), or an atom. */
  let last: { group: boolean; repeats: boolean } | undefined;
  for (let i = 0; i < source.length; ) {
    const ch = source[i]!;
    const quantifier = QUANTIFIER.exec(source.slice(i));
    if (quantifier && last) {
      const open = quantifier[0] === '*' || quantifier[0] === '+' || (quantifier[1] !== undefined && quantifier[1] === '');
      if (open && last.group && last.repeats) return true;
      if (open) groups[groups.length - 1] = true;
      last = undefined;
      i += quantifier[0].length;
      if (source[i] === '?') i++; // lazy
      continue;
    }
    if (ch === '\\') {
      last = { group: false, repeats: false };
      i += 2;
    } else if (ch === '[') {
      // A class: up to the first ] that is not escaped and not its first character.
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      last = { group: false, repeats: false };
      i = j + 1;
    } else if (ch === '(') {
      groups.push(false);
      last = undefined;
      i++;
    } else if (ch === ')') {
      const repeats = groups.length > 1 ? groups.pop()! : false;
      if (repeats) groups[groups.length - 1] = true;
      last = { group: true, repeats };
      i++;
    } else if (ch === '|' || ch === '^' || ch === '$') {
      last = undefined;
      i++;
    } else {
      last = { group: false, repeats: false };
      i++;
    }
  }
  return false;
}

/** The pattern a query means; throws SyntaxError for an invalid regular expression, or one that may never end. */
export function searchPattern(query: LogSearchQuery, global = false): RegExp {
  const source = query.regex ? query.text : query.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(source, `${query.caseSensitive ? '' : 'i'}${global ? 'g' : ''}`);
  if (query.regex && repeatsARepetition(source)) {
    throw new SyntaxError('it repeats a repetition, like (a+)+, which can take for ever on some lines: repeat the inner part once, e.g. (a+) or (ab)+');
  }
  return pattern;
}
