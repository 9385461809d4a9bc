/**
 * The log search measured at the backend, against the engine's raw read of the same lines, in one run:
 *   - rawTailMs: reading the newest d lines straight from the Engine API (`tail=d`), which is what the
 *     engine needs to hand over the lines that hold a match d lines from the end;
 *   - firstHitMs: from starting a search for that line until its match is known (position included);
 *   - doneMs: until the whole log is searched.
 * "before" is the search as it was: 200,000-line chunks from the start and JavaScript's RegExp; "after" is
 * today's (2,000-line chunks doubling, RE2JS). The three are alternated per round, so a busy machine
 * weighs on each alike. Used by logs.ts (BENCH_PARTS=firsthit).
 */
import http from 'node:http';
import Docker from 'dockerode';
import { DEFAULT_LIMITS, searchLog } from '../../engine/docker/log-search';
import type { SearchLimits } from '../../engine/docker/log-search';
import type { LogSearchQuery } from '../../engine/contract/log-search-pattern';
import { median, round } from './bench-setup';

const BEFORE: SearchLimits = { firstChunkLines: 200_000, chunkLines: 200_000, maxMatches: 10_000 };

/** Reads `tail=lines` of a container's log from the engine and throws the bytes away. */
function rawTail(socketPath: string, id: string, lines: number): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: `/containers/${id}/logs?stdout=1&stderr=1&tail=${lines}` }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(performance.now() - t0));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function timeSearch(docker: Docker, id: string, query: LogSearchQuery, limits: SearchLimits, find?: (text: string) => number): Promise<{ firstHitMs: number; doneMs: number; fromEnd: number }> {
  const t0 = performance.now();
  let firstHitMs = NaN;
  let fromEnd = NaN;
  const source = { docker, containerId: id, tty: false, signal: new AbortController().signal };
  for await (const e of searchLog(source, query, limits, find)) {
    if (e.type === 'matches' && Number.isNaN(firstHitMs)) {
      firstHitMs = performance.now() - t0;
      fromEnd = e.matches.at(-1)!.fromEnd;
    }
  }
  return { firstHitMs, doneMs: performance.now() - t0, fromEnd };
}

const summary = (xs: number[]) => ({ median: round(median(xs)), all: xs.map((x) => round(x)) });

/** `total` lines numbered 1..total; searches for the lines `depths` from the end, `rounds` times each. */
export async function firstHit(socketPath: string, id: string, total: number, depths: number[], rounds = 3) {
  const docker = new Docker({ socketPath });
  const results: Record<string, unknown> = {};
  for (const depth of depths) {
    const target = total - depth + 1;
    const query: LogSearchQuery = { text: `^${target}$`, regex: true, caseSensitive: false };
    // The search as it was matched with JavaScript's RegExp (its refusal of (a+)+ aside).
    const v8 = new RegExp(query.text, 'i');
    const v8Find = (text: string) => v8.exec(text)?.index ?? -1;
    const raw: number[] = [];
    const before: { firstHitMs: number; doneMs: number }[] = [];
    const after: { firstHitMs: number; doneMs: number }[] = [];
    for (let r = 0; r < rounds; r++) {
      raw.push(await rawTail(socketPath, id, depth));
      const b = await timeSearch(docker, id, query, BEFORE, v8Find);
      const a = await timeSearch(docker, id, query, DEFAULT_LIMITS);
      if (a.fromEnd !== depth || b.fromEnd !== depth) throw new Error(`the search put line ${target} at ${a.fromEnd} / ${b.fromEnd} from the end, not ${depth}`);
      before.push(b);
      after.push(a);
    }
    const firstAfter = median(after.map((a) => a.firstHitMs));
    results[`line ${depth.toLocaleString('en')} from the end`] = {
      rawTailMs: summary(raw),
      firstHitMs: { before: summary(before.map((b) => b.firstHitMs)), after: summary(after.map((a) => a.firstHitMs)) },
      firstHitOverRawTail: { before: round(median(before.map((b) => b.firstHitMs)) / median(raw), 2), after: round(firstAfter / median(raw), 2) },
      doneMs: { before: summary(before.map((b) => b.doneMs)), after: summary(after.map((a) => a.doneMs)) },
    };
  }
  return results;
}
