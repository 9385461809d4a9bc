/** Container logs, implemented on the active engine (see engine/contract/logs.ts). */
import type Docker from 'dockerode';
import type { logStreams } from '../contract/logs';
import type { LogDownloadChunk } from '../contract/logs-types';
import { LogFeed, hasTty, requestLogs } from '../docker/log-feed';
import type { LogKind } from '../docker/log-feed';
import { followLogs } from '../docker/log-follow';
import { readAfter, readAround, readBefore } from '../docker/log-pages';
import type { LogSource } from '../docker/log-pages';
import { searchLog } from '../docker/log-search';
import type { EngineAccess, StreamHandlersFor } from './engine-access';

/** About this many characters per download chunk. */
const DOWNLOAD_CHUNK = 512 * 1024;

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

async function* download(source: LogSource, timestamps: boolean): AsyncGenerator<LogDownloadChunk> {
  // Text builds up to a chunk inside one read; the read pauses (backpressure) while a chunk is sent.
  const parts: string[] = [];
  let size = 0;
  let lines = 0;
  const flush = (): LogDownloadChunk => {
    const chunk = { text: parts.join(''), lines };
    parts.length = 0;
    size = 0;
    lines = 0;
    return chunk;
  };
  const response = await requestLogs(source.docker, source.containerId, { follow: false }, source.signal, source.kind);
  const feed = new LogFeed(response, source.tty, source.signal, { maxLines: 8192, maxDelayMs: 0 });
  for await (const batch of feed) {
    for (const line of batch) {
      const text = timestamps && line.time ? `${line.time} ${line.text}\n` : `${line.text}\n`;
      parts.push(text);
      size += text.length;
      lines++;
    }
    if (size >= DOWNLOAD_CHUNK) yield flush();
  }
  if (lines) yield flush();
}

export function logHandlers(engine: EngineAccess): StreamHandlersFor<typeof logStreams> {
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
    'logs.search': ({ text, regex, caseSensitive, ...input }, { signal }) =>
      onEngine(engine, async function* (docker) {
        yield* searchLog(await sourceFor(docker, input, signal), { text, regex, caseSensitive });
      }),
    'logs.download': ({ timestamps, ...input }, { signal }) =>
      onEngine(engine, async function* (docker) {
        yield* download(await sourceFor(docker, input, signal), timestamps);
      }),
  };
}
