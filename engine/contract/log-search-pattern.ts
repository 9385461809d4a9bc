/**
 * What a log search means, shared by the backend (which searches the whole log) and the UI (which marks
 * the matches in the lines on screen), so both read a query the same way. Plain text is matched literally.
 */

export interface LogSearchQuery {
  text: string;
  regex: boolean;
  caseSensitive: boolean;
}

/** The pattern a query means; throws SyntaxError for an invalid regular expression. */
export function searchPattern(query: LogSearchQuery, global = false): RegExp {
  const source = query.regex ? query.text : query.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(source, `${query.caseSensitive ? '' : 'i'}${global ? 'g' : ''}`);
}
