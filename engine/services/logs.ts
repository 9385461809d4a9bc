/** Container logs, implemented on the active engine (see engine/contract/logs.ts). */
import type Docker from 'dockerode';
import type { logStreams } from '../contract/logs';
import { Readable } from 'node:stream';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LogFeed, hasTty, requestLogs } from '../docker/log-feed';
import type { LogKind } from '../docker/log-feed';
import { followLogs } from '../docker/log-follow';
import { readAfter, readAround, readBefore } from '../docker/log-pages';
import type { LogSource } from '../docker/log-pages';
import { searchLog } from '../docker/log-search';
import { streamDownload } from './download';
import type { DownloadAccess, DownloadCounts } from './download';
import type { EngineAccess, StreamHandlersFor } from './engine-access';

/**
 * Runs a stream against the engine: a sentence when there is no engine, and the engine's failures turned
 * into UserErrors (engineCall does both for whatever its function throws).
 */
export async function* onEngine<T>(engine: EngineAccess, run: (docker: Docker) => AsyncGenerator<T>): AsyncGenerator<T> {
  const docker = await engine.engineCall(async (d) => d);
  try {
    yield* run(docker);
  } catch (e) {
    throw await engine.engineCall(() => Promise.reject(e)).catch((translated: unknown) => translated);
  }
}

async function sourceFor(docker: Docker, input: { containerId: string; source?: LogKind }, signal: AbortSignal): Promise<LogSource> {
  const kind = input.source ?? 'container';
  return { docker, containerId: input.containerId, kind, tty: await hasTty(docker, input.containerId, kind), signal };
}

/** The whole log as text into `out`, a batch of lines at a time; the write waits while `out` is full. */
async function writeLog(source: LogSource, timestamps: boolean, out: Writable, report: (counts: DownloadCounts) => void): Promise<void> {
  const response = await requestLogs(source.docker, source.containerId, { follow: false }, source.signal, source.kind);
  const feed = new LogFeed(response, source.tty, source.signal, { maxLines: 8192, maxDelayMs: 0 });
  let lines = 0;
  async function* text(): AsyncGenerator<string> {
    for await (const batch of feed) {
      let chunk = '';
      for (const line of batch) chunk += timestamps && line.time ? `${line.time} ${line.text}\n` : `${line.text}\n`;
      lines += batch.length;
      report({ lines });
      if (chunk) yield chunk;
    }
  }
  // Byte mode, so the stream holds about one batch ahead of the file rather than sixteen.
  await pipeline(Readable.from(text(), { objectMode: false, highWaterMark: 256 * 1024 }), out);
}

export function logHandlers(engine: DownloadAccess): StreamHandlersFor<typeof logStreams> {
  return {
    'logs.follow': (input, { signal }) =>
      onEngine(engine, async function* (docker) {
        yield* followLogs(await sourceFor(docker, input, signal), input.from);
      }),
    'logs.page': (input, { signal }) =>
      onEngine(engine, async function* (docker) {
        const source = await sourceFor(docker, input, signal);
        switch (input.direction) {
          case 'before':
            yield await readBefore(source, input.anchor, input.lines, input.fromEnd);
            return;
          case 'after':
            yield await readAfter(source, input.anchor, input.lines, input.fromEnd);
            return;
          case 'around':
            yield await readAround(source, { time: input.time, fromEnd: input.fromEnd }, input.before, input.after);
            return;
        }
      }),
    'logs.search': ({ text, regex, caseSensitive, around, ...input }, { signal }) =>
      onEngine(engine, async function* (docker) {
        yield* searchLog(await sourceFor(docker, input, signal), { text, regex, caseSensitive, around });
      }),
    'logs.download': ({ timestamps, fileName, target, ...input }, { signal }) =>
      streamDownload(engine.downloads, target, signal, (download) =>
        engine.engineCall(async (docker) => {
          const source = await sourceFor(docker, input, signal);
          await download.save({ name: fileName, contentType: 'text/plain; charset=utf-8' }, (out, report) => writeLog(source, timestamps, out, report));
        }),
      ),
  };
}
