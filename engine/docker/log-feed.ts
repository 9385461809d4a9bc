/**
 * A logs request to the engine as batches of lines, streamed: the response is read as it arrives (never
 * buffered whole, as dockerode's `logs({ follow: false })` does), parsed into lines, and handed out in
 * batches of up to `maxLines`, or whatever has arrived `maxDelayMs` after the first waiting line. When
 * the consumer falls behind, reading the response pauses (so the engine's socket fills and the engine
 * waits); ending the iteration or aborting the signal closes the request, which frees the engine's
 * connection.
 */
import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';
import { LogLineParser } from './log-lines';
import type { ParsedLogLine } from './log-lines';

export interface LogQuery {
  /** Lines from the end to start at; omitted: from the start of the log. */
  tail?: number;
  /** Engine times ("<seconds>.<nanoseconds>"), both inclusive. */
  since?: string;
  until?: string;
  follow: boolean;
}

export interface FeedOptions {
  maxLines: number;
  maxDelayMs: number;
}

/** Converts a line's RFC 3339 time into what the engine's `since`/`until` take, without losing nanoseconds. */
export function engineTime(time: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!m) throw new Error(`not an RFC 3339 time: ${time}`);
  const seconds = Math.floor(Date.parse(`${m[1]}${m[3]}`) / 1000);
  return `${seconds}.${(m[2] ?? '').padEnd(9, '0')}`;
}

/** Whose log: a container's, or a swarm service's (its tasks' lines merged from every node by the engine). */
export type LogKind = 'container' | 'service';

/**
 * Whether a container writes to a TTY, by its full id. A container's TTY is fixed when it is created and an
 * id is never given again, so each container is inspected once: the log search and page reads that follow
 * opening a container's log do not wait for an inspect before asking for the log. Names (which a new
 * container can take) and services (whose spec changes) are not kept.
 */
const ttyById = new Map<string, boolean>();
const TTY_KEPT = 1000;
const FULL_ID = /^[0-9a-f]{64}$/;

/** Whether the container (or the service's tasks) writes to a TTY (then its logs are not multiplexed). */
export async function hasTty(docker: Docker, containerId: string, kind: LogKind = 'container'): Promise<boolean> {
  if (kind === 'service') {
    const info = (await docker.getService(containerId).inspect()) as { Spec?: { TaskTemplate?: { ContainerSpec?: { TTY?: boolean } } } };
    return info.Spec?.TaskTemplate?.ContainerSpec?.TTY === true;
  }
  const kept = ttyById.get(containerId);
  if (kept !== undefined) return kept;
  const info = await docker.getContainer(containerId).inspect();
  const tty = info.Config?.Tty === true;
  if (FULL_ID.test(containerId) && info.Id === containerId) {
    if (ttyById.size >= TTY_KEPT) ttyById.delete(ttyById.keys().next().value!);
    ttyById.set(containerId, tty);
  }
  return tty;
}

/** Opens the logs request; the response is a stream whatever `follow` says. */
export function requestLogs(docker: Docker, containerId: string, query: LogQuery, signal: AbortSignal, kind: LogKind = 'container'): Promise<IncomingMessage> {
  const options: Record<string, string | number | boolean> = { stdout: true, stderr: true, timestamps: true, follow: query.follow };
  if (query.tail !== undefined) options.tail = query.tail;
  if (query.since !== undefined) options.since = query.since;
  if (query.until !== undefined) options.until = query.until;
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/${kind === 'service' ? 'services' : 'containers'}/${encodeURIComponent(containerId)}/logs?`,
        method: 'GET',
        isStream: true,
        abortSignal: signal,
        statusCodes: { 200: true, 404: kind === 'service' ? 'no such service' : 'no such container', 500: 'server error', 503: 'node is not a swarm manager' },
        options,
      },
      (err: unknown, response: unknown) => (err ? reject(err) : resolve(response as IncomingMessage)),
    );
  });
}

export class LogFeed implements AsyncIterable<ParsedLogLine[]> {
  private pending: ParsedLogLine[] = [];
  /** When the oldest line in `pending` arrived. */
  private pendingSince = 0;
  private ended = false;
  private failure: unknown;
  private paused = false;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly parser: LogLineParser;
  private readonly highWater: number;

  constructor(
    private readonly response: IncomingMessage,
    tty: boolean,
    signal: AbortSignal,
    private readonly options: FeedOptions,
  ) {
    this.highWater = options.maxLines * 4;
    this.parser = new LogLineParser(tty, (line) => {
      if (!this.pending.length) this.pendingSince = performance.now();
      this.pending.push(line);
    });
    const onAbort = () => this.close();
    signal.addEventListener('abort', onAbort, { once: true });
    response.on('data', (chunk: Buffer) => {
      this.parser.push(chunk);
      if (this.pending.length >= this.highWater && !this.paused) {
        this.paused = true;
        response.pause();
      }
      if (this.pending.length >= this.options.maxLines) this.notify();
      else if (this.pending.length && this.wake) this.armTimer();
    });
    const finish = (error?: unknown) => {
      if (this.ended) return;
      signal.removeEventListener('abort', onAbort);
      this.parser.end();
      this.ended = true;
      if (error && !signal.aborted) this.failure = error;
      // dockerd reports a failure met while reading the log as plain text in the stream, then ends it.
      const said = this.parser.engineText.trim();
      if (said && !signal.aborted) this.failure = new Error(`The engine stopped sending the log: ${said.slice(0, 300)}`);
      this.notify();
    };
    response.once('end', () => finish());
    // A connection that closes before the response's end (its last chunk) is a log cut short, not its end.
    response.once('close', () => finish(response.complete ? undefined : new Error('The engine’s connection closed before the whole log was sent.')));
    response.once('error', (e) => finish(e));
    if (signal.aborted) this.close();
  }

  /** Stops reading and closes the engine request. */
  close(): void {
    this.response.destroy();
    this.ended = true;
    this.pending = [];
    this.notify();
  }

  /** The next batch, or undefined once the log (as requested) is over. */
  async next(): Promise<ParsedLogLine[] | undefined> {
    for (;;) {
      const waited = performance.now() - this.pendingSince;
      if (this.pending.length >= this.options.maxLines || (this.pending.length && (this.ended || waited >= this.options.maxDelayMs))) {
        return this.take();
      }
      if (this.ended) {
        if (this.failure) throw this.failure;
        return undefined;
      }
      if (this.pending.length) this.armTimer();
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ParsedLogLine[]> {
    try {
      for (let batch = await this.next(); batch; batch = await this.next()) yield batch;
    } finally {
      this.close();
    }
  }

  private armTimer(): void {
    if (this.timer) return;
    const due = Math.max(0, this.options.maxDelayMs - (performance.now() - this.pendingSince));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.notify();
    }, due);
  }

  private take(): ParsedLogLine[] {
    let batch: ParsedLogLine[];
    if (this.pending.length <= this.options.maxLines) {
      batch = this.pending;
      this.pending = [];
    } else {
      batch = this.pending.slice(0, this.options.maxLines);
      this.pending = this.pending.slice(this.options.maxLines);
      this.pendingSince = performance.now();
    }
    if (this.paused && this.pending.length < this.highWater) {
      this.paused = false;
      this.response.resume();
    }
    return batch;
  }

  private notify(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
