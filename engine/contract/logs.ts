/**
 * The contract of container logs. Everything is a stream, so a slow read of a huge log can be cancelled:
 * following the end of a log, reading a page of lines anywhere in it, searching it on the backend, and
 * downloading it. Lines carry the engine's times, which is how pages are placed (see engine/docker/log-pages.ts).
 */
import { z } from 'zod';
import { engineObjectId, stream } from './define';
import type { LogFollowEvent, LogPage, LogSearchEvent } from './logs-types';
import { downloadFileName, saveTarget } from './download';
import type { DownloadEvent } from './download';
import { searchPattern } from './log-search-pattern';

/** RFC 3339 in UTC with up to nanoseconds, as the engine writes it. */
const logTime = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/, 'a time like 2024-05-01T10:00:00.123456789Z');
const anchor = z.object({ time: logTime, sameTime: z.number().int().min(0).max(1_000_000_000) }).strict();
/** Lines from a line (counted) to the end of the log. */
const fromEnd = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const pageLines = z.number().int().min(1).max(20_000);
/** Whose log `containerId` names: a container's (the default) or a swarm service's, merged from every node. */
const source = z.enum(['container', 'service']).optional();

export const logStreams = {
  /** The last lines, then new ones as they come, until the container stops or the UI closes it. */
  'logs.follow': stream<LogFollowEvent>()(
    z
      .object({
        containerId: engineObjectId,
        source,
        from: z.union([z.object({ tail: pageLines }).strict(), z.object({ after: anchor, fromEnd: fromEnd.optional() }).strict()]),
      })
      .strict(),
  ),
  /** One page of lines before or after lines the UI has, or around a search match; sends one LogPage. */
  'logs.page': stream<LogPage>()(
    z.discriminatedUnion('direction', [
      z.object({ direction: z.literal('before'), containerId: engineObjectId, source, anchor, lines: pageLines, fromEnd: fromEnd.optional() }).strict(),
      z.object({ direction: z.literal('after'), containerId: engineObjectId, source, anchor, lines: pageLines, fromEnd: fromEnd.optional() }).strict(),
      z
        .object({ direction: z.literal('around'), containerId: engineObjectId, source, time: logTime, fromEnd, before: pageLines, after: pageLines })
        .strict(),
    ]),
  ),
  /** Searches the whole log on the backend; sends matches with their places, newest first. */
  'logs.search': stream<LogSearchEvent>()(
    z
      .object({
        containerId: engineObjectId,
        source,
        text: z.string().min(1, 'Type something to search for.').max(1000),
        regex: z.boolean(),
        caseSensitive: z.boolean(),
        /** Lines to send around the first match with its `found` event (the search has them in hand). */
        around: z.object({ before: pageLines, after: pageLines }).strict().optional(),
      })
      .strict()
      .superRefine((q, ctx) => {
        if (!q.regex) return;
        try {
          searchPattern(q);
        } catch (e) {
          const message = (e as Error).message;
          ctx.addIssue({ code: 'custom', path: ['text'], message: message.startsWith('it uses') || message.startsWith("Berth's search") ? `a search Berth cannot run: ${message}` : `not a valid regular expression (${message})` });
        }
      }),
  ),
  /** The whole log as a text file, by the one download path (download.ts); `fileName` is what the browser saves it as. */
  'logs.download': stream<DownloadEvent>()(
    z.object({ containerId: engineObjectId, source, timestamps: z.boolean(), fileName: downloadFileName, target: saveTarget }).strict(),
  ),
} as const;
