/**
 * Finding commands by what the user types: every word typed must appear in the command (its title
 * first, then its keywords and detail). A word found at the start of a word of the title counts most,
 * and a first word that matches the verb ("stop web") more still; equal matches keep registry order, so
 * "Open web" comes before "Stop web" when only "web" is typed.
 */
import type { Command } from '../../app/command-types';

export const RESULT_LIMIT = 60;

function score(command: Command, tokens: string[]): number | undefined {
  const title = command.title.toLowerCase();
  const extra = [...(command.keywords ?? []), command.detail ?? ''].join(' ').toLowerCase();
  let total = 0;
  for (const [i, token] of tokens.entries()) {
    const at = title.indexOf(token);
    if (at >= 0) {
      const wordStart = at === 0 || /[\s\-_./:]/.test(title[at - 1]!);
      total += wordStart ? 3 : 2;
      if (i === 0 && at === 0) total += 2;
    } else if (extra.includes(token)) {
      total += 1;
    } else {
      return undefined;
    }
  }
  return total;
}

export function findCommands(commands: Command[], query: string, limit = RESULT_LIMIT): Command[] {
  const tokens = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!tokens.length) return commands.filter((c) => !c.searchOnly).slice(0, limit);
  return commands
    .map((command, index) => ({ command, index, score: score(command, tokens) }))
    .filter((m): m is { command: Command; index: number; score: number } => m.score !== undefined)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map((m) => m.command);
}
