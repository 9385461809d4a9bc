/**
 * The log search measured at the backend, against the engine's raw read of the same lines, in one run:
 *   - rawTailMs: reading the newest d lines straight from the Engine API (`tail=d`), which is what the
 *     engine needs to hand over the lines that hold a match d lines from the end;
 *   - firstMatchMs.found: from starting a search for that line until its match is known, position included
 *     (its `found` event, sent as soon as the line is read);
 *   - firstMatchMs.chunkEnd: in the same search, until the first `matches` event (the whole chunk holding
 *     the match read), which is when the search as it was before `found` showed its first match;
 *   - doneMs: until the whole log is searched.
 * With BENCH_BEFORE=1, "before200k" adds the search as it was before growing chunks (200,000-line chunks
 * from the start, JavaScript's RegExp). With BENCH_BASELINE=<another checkout of Berth>, "baseline" adds
 * that checkout's search (its engine/docker/log-search.ts, e.g. main's, to compare a change with what it
 * changes), alternating which of the two goes first. Raw reads and searches are alternated per round, so a
 * busy machine weighs on each alike. Used by logs.ts (BENCH_PARTS=firsthit).
 */
import path from 'node:path';
import Docker from 'dockerode';
import { DEFAULT_LIMITS, searchLog } from '../../engine/docker/log-search';
import type { SearchLimits } from '../../engine/docker/log-search';
import type { LogSearchQuery } from '../../engine/contract/log-search-pattern';
import { median, rawTail, round } from './bench-setup';

const BEFORE: SearchLimits = { firstChunkLines: 200_000, chunkLines: 200_000, maxMatches: 10_000 };

/**
 * One search, timed three ways: `firstFoundMs` until its first match is known (a `found` event, sent as
 * soon as the match is read, or the first `matches`), `firstMatchesMs` until the first `matches` (a whole
 * chunk read: when the search as it was before `found` showed its first match; the reading is the same),
 * and `doneMs` until the whole log is searched.
 */
async function timeSearch(docker: Docker, id: string, query: LogSearchQuery, limits?: SearchLimits, find?: (text: string) => number, search: typeof searchLog = searchLog) {
  const t0 = performance.now();
  let firstFoundMs = NaN;
  let firstMatchesMs = NaN;
  let fromEnd = NaN;
  let foundFromEnd = NaN;
  const source = { docker, containerId: id, tty: false, signal: new AbortController().signal };
  for await (const e of search(source, query, limits, find)) {
    if (e.type === 'found' && Number.isNaN(firstFoundMs)) {
      firstFoundMs = performance.now() - t0;
      foundFromEnd = e.match.fromEnd;
    }
    if (e.type === 'matches' && Number.isNaN(firstMatchesMs)) {
      firstMatchesMs = performance.now() - t0;
      if (Number.isNaN(firstFoundMs)) [firstFoundMs, foundFromEnd] = [firstMatchesMs, e.matches.at(-1)!.fromEnd];
      fromEnd = e.matches.at(-1)!.fromEnd;
    }
  }
  return { firstFoundMs, firstMatchesMs, doneMs: performance.now() - t0, fromEnd, foundFromEnd };
}

const summary = (xs: number[]) => ({ median: round(median(xs)), all: xs.map((x) => round(x)) });

/** `total` lines numbered 1..total; searches for the lines `depths` from the end, `rounds` times each. */
export async function firstHit(socketPath: string, id: string, total: number, depths: number[], rounds = 3, withBefore = false, baselineCheckout?: string) {
  const docker = new Docker({ socketPath });
  const baselineSearch = baselineCheckout ? ((await import(path.resolve(baselineCheckout, 'engine/docker/log-search.ts'))) as { searchLog: typeof searchLog }).searchLog : undefined;
  const results: Record<string, unknown> = {};
  for (const depth of depths) {
    const target = total - depth + 1;
    const query: LogSearchQuery = { text: `^${target}$`, regex: true, caseSensitive: false };
    // The search as it was matched with JavaScript's RegExp (its refusal of (a+)+ aside).
    const v8 = new RegExp(query.text, 'i');
    const v8Find = (text: string) => v8.exec(text)?.index ?? -1;
    const raw: number[] = [];
    const before: Awaited<ReturnType<typeof timeSearch>>[] = [];
    const after: Awaited<ReturnType<typeof timeSearch>>[] = [];
    const baseline: Awaited<ReturnType<typeof timeSearch>>[] = [];
    for (let r = 0; r < rounds; r++) {
      raw.push(await rawTail(socketPath, id, depth));
      if (withBefore) before.push(await timeSearch(docker, id, query, BEFORE, v8Find));
      if (baselineSearch && r % 2 === 0) baseline.push(await timeSearch(docker, id, query, undefined, undefined, baselineSearch));
      const a = await timeSearch(docker, id, query, DEFAULT_LIMITS);
      if (baselineSearch && r % 2 === 1) baseline.push(await timeSearch(docker, id, query, undefined, undefined, baselineSearch));
      if (a.fromEnd !== depth || a.foundFromEnd !== depth) throw new Error(`the search put line ${target} at ${a.foundFromEnd} / ${a.fromEnd} from the end, not ${depth}`);
      after.push(a);
    }
    const rawMs = median(raw);
    const ratio = (xs: number[]) => round(median(xs) / rawMs, 2);
    results[`line ${depth.toLocaleString('en')} from the end`] = {
      rawTailMs: summary(raw),
      firstMatchMs: {
        ...(withBefore ? { before200k: summary(before.map((b) => b.firstMatchesMs)) } : {}),
        chunkEnd: summary(after.map((a) => a.firstMatchesMs)),
        found: summary(after.map((a) => a.firstFoundMs)),
        ...(baselineSearch ? { baselineFound: summary(baseline.map((b) => b.firstFoundMs)) } : {}),
      },
      overRawTail: { ...(withBefore ? { before200k: ratio(before.map((b) => b.firstMatchesMs)) } : {}), chunkEnd: ratio(after.map((a) => a.firstMatchesMs)), found: ratio(after.map((a) => a.firstFoundMs)), ...(baselineSearch ? { baselineFound: ratio(baseline.map((b) => b.firstFoundMs)) } : {}) },
      doneMs: { ...(withBefore ? { before200k: summary(before.map((b) => b.doneMs)) } : {}), now: summary(after.map((a) => a.doneMs)), ...(baselineSearch ? { baseline: summary(baseline.map((b) => b.doneMs)) } : {}) },
    };
  }
  return results;
}
