/**
 * The fixed keyboard shortcuts: keys that act on the focused item of a list, and the letter that
 * follows G to go to each page. The help overlay (?) lists these, so it cannot drift from what works.
 */
import type { ItemVerb } from './command-ids';

/**
 * Keys that act on the item whose row has focus (an element with data-item-kind and data-item-id): the
 * first of `verbs` for which the registry has that item's command (app/command-ids.ts) runs.
 */
export const itemShortcuts: { key: string; keys: string[]; label: string; verbs: ItemVerb[] }[] = [
  { key: 'Enter', keys: ['Enter'], label: 'Open', verbs: ['open'] },
  { key: 's', keys: ['S'], label: 'Start or stop', verbs: ['stop', 'start'] },
  { key: 'r', keys: ['R'], label: 'Restart', verbs: ['restart'] },
  { key: 'p', keys: ['P'], label: 'Pause or resume', verbs: ['pause', 'unpause'] },
  { key: 'l', keys: ['L'], label: 'Show logs', verbs: ['logs'] },
  { key: 'Delete', keys: ['Delete'], label: 'Remove (asks first)', verbs: ['remove'] },
];

/**
 * The letter that follows G to go to each page: the first letter of its id not already taken (then of
 * its title). Pages keep their letters as new ones are added after them.
 */
export function pageLetters<Id extends string>(list: { id: Id; title: string }[]): Map<Id, string> {
  const taken = new Set<string>();
  const letters = new Map<Id, string>();
  for (const page of list) {
    const letter = [...`${page.id}${page.title}`.toLowerCase()].find((ch) => /[a-z]/.test(ch) && !taken.has(ch));
    if (!letter) continue;
    taken.add(letter);
    letters.set(page.id, letter);
  }
  return letters;
}
