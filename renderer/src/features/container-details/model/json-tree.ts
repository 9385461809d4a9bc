/**
 * The Inspect tab's JSON as rows of a foldable tree: which rows show given what is unfolded, and, while
 * searching, only what matches (a key or a value) with the branches that lead to it unfolded.
 */
import type { JsonValue } from '../../../../../engine/contract/container-details-types';

export interface JsonRow {
  /** Stable id of the node: its keys joined. */
  id: string;
  /** Keys from the root, for "copy path". */
  path: (string | number)[];
  depth: number;
  /** The key in its parent (an index in an array); null for the root. */
  key: string | number | null;
  kind: 'object' | 'array' | 'value';
  /** Primitive values only. */
  value?: string | number | boolean | null;
  /** Children, for objects and arrays. */
  size?: number;
  expanded?: boolean;
  /** Its key or value contains the search text. */
  match?: boolean;
}

const SEP = '\u0000';
export const idOf = (path: (string | number)[]) => path.join(SEP);

const isBranch = (v: JsonValue): v is JsonValue[] | { [k: string]: JsonValue } => typeof v === 'object' && v !== null;
const entriesOf = (v: JsonValue[] | { [k: string]: JsonValue }): [string | number, JsonValue][] => (Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v));

function matches(key: string | number | null, value: JsonValue, query: string): boolean {
  if (key !== null && String(key).toLowerCase().includes(query)) return true;
  return !isBranch(value) && String(value).toLowerCase().includes(query);
}

/** Whether the node or anything under it matches. */
function containsMatch(key: string | number | null, value: JsonValue, query: string): boolean {
  if (matches(key, value, query)) return true;
  return isBranch(value) && entriesOf(value).some(([k, v]) => containsMatch(k, v, query));
}

/**
 * The rows to show. Without a search, branches show their children when unfolded (`expanded` holds their
 * ids). With one, only matching rows and the branches that lead to them show, unfolded; a branch whose own
 * key matches shows folded, and unfolds to all its children.
 */
export function jsonRows(root: JsonValue, expanded: ReadonlySet<string>, search = ''): JsonRow[] {
  const query = search.trim().toLowerCase();
  const rows: JsonRow[] = [];
  const walk = (key: string | number | null, value: JsonValue, path: (string | number)[], depth: number, filtering: boolean) => {
    if (filtering && !containsMatch(key, value, query)) return;
    const id = idOf(path);
    const match = filtering ? matches(key, value, query) : undefined;
    if (!isBranch(value)) {
      rows.push({ id, path, depth, key, kind: 'value', value, match });
      return;
    }
    const children = entriesOf(value);
    const leadsToMatch = filtering && !match;
    const open = leadsToMatch || expanded.has(id);
    rows.push({ id, path, depth, key, kind: Array.isArray(value) ? 'array' : 'object', size: children.length, expanded: open, match });
    if (open) for (const [k, v] of children) walk(k, v, [...path, k], depth + 1, leadsToMatch);
  };
  walk(null, root, [], 0, query !== '');
  return rows;
}

/** How many keys and values contain the search text. */
export function countMatches(root: JsonValue, search: string): number {
  const query = search.trim().toLowerCase();
  if (!query) return 0;
  let n = 0;
  const walk = (key: string | number | null, value: JsonValue) => {
    if (matches(key, value, query)) n++;
    if (isBranch(value)) for (const [k, v] of entriesOf(value)) walk(k, v);
  };
  walk(null, root);
  return n;
}

/** The ids of every branch down to `depth`, for a first view that is neither all folded nor all open. */
export function branchesTo(root: JsonValue, depth: number): Set<string> {
  const ids = new Set<string>();
  const walk = (value: JsonValue, path: (string | number)[]) => {
    if (!isBranch(value) || path.length > depth) return;
    ids.add(idOf(path));
    for (const [k, v] of entriesOf(value)) walk(v, [...path, k]);
  };
  walk(root, []);
  return ids;
}

/** The value at a path. */
export function valueAt(root: JsonValue, path: (string | number)[]): JsonValue | undefined {
  let at: JsonValue | undefined = root;
  for (const k of path) {
    if (!at || typeof at !== 'object') return undefined;
    at = Array.isArray(at) ? at[k as number] : (at as { [key: string]: JsonValue })[k as string];
  }
  return at;
}

/** `Config.Labels["com.docker.compose.project"]`, `Mounts[0].Source` */
export function pathText(path: (string | number)[]): string {
  return path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `${i ? '.' : ''}${k}` : `[${JSON.stringify(k)}]`))
    .join('');
}
