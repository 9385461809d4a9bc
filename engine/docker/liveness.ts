/**
 * Notices an engine that has stopped answering, and when it answers again, without asking it anything on a
 * timer while all is well.
 *
 * A hung dockerd (stopped by SIGSTOP, deadlocked, its machine swapping) keeps its socket open: the kernel
 * still accepts connections, the `/events` stream stays open and quiet, and every request simply waits. So
 * the event stream ending cannot tell, and a fixed timeout per request cannot either: stopping a container
 * waits out its grace period, a prune or a big image's removal takes minutes, an upload takes as long as the
 * bytes do. What tells a busy engine from a hung one is `/_ping`, which dockerd answers at once whatever
 * else it is doing.
 *
 * So: every Engine API request is watched until the engine answers it (a plain request until its body is
 * read; a stream — logs, events, pulls, builds, exec — until its first response, after which it is the
 * stream's own business). Once one has waited SLOW_REQUEST_MS, Berth pings; if the ping is not answered
 * within PING_TIMEOUT_MS the engine is declared not answering: the requests waiting for it fail with a
 * sentence, new ones fail at once, and a ping every RECOVERY_PING_MS notices when it is back. The one other
 * cue is a stats stream gone quiet (container-stats.ts calls suspectEngine): a window showing running
 * containers gets a sample a second. While nothing waits and nothing goes quiet, nothing is sent: an idle
 * Berth notices a hung engine when something asks it.
 */
import { EventEmitter } from 'node:events';
import type Docker from 'dockerode';
import { UserError } from '../contract/errors';

export interface LivenessTiming {
  /** A request that has waited this long makes Berth ask whether the engine is there at all. */
  slowRequestMs: number;
  /** An engine that is alive answers /_ping well within this, however busy. */
  pingTimeoutMs: number;
  /** While the engine does not answer, ask this often whether it is back. */
  recoveryPingMs: number;
}

export const LIVENESS_TIMING: LivenessTiming = { slowRequestMs: 2000, pingTimeoutMs: 3000, recoveryPingMs: 1000 };

/** The watch of each Engine API client, for code that holds only the client (see suspectEngine). */
const watches = new WeakMap<Docker, EngineLiveness>();

/**
 * Says that something that normally flows from the engine has gone quiet (a stats stream's once-a-second
 * samples): Berth asks /_ping, as for a slow request, and the engine is declared not answering if it is silent.
 */
export function suspectEngine(docker: Docker, quietSince: number): void {
  watches.get(docker)?.suspect(quietSince);
}

type Dial = Docker['modem']['dial'];
type DialOptions = Parameters<Dial>[0] & { abortSignal?: AbortSignal };
type DialCallback = NonNullable<Parameters<Dial>[1]>;

interface Waiting {
  started: number;
  method: string;
  abort: AbortController;
}

export class EngineLiveness extends EventEmitter<{ change: [answering: boolean] }> {
  private readonly waiting = new Set<Waiting>();
  private readonly dial: Dial;
  private timer: NodeJS.Timeout | undefined;
  private lastPing = 0;
  private pinging = false;
  private answering = true;
  /** How long the oldest request had waited when the engine was declared not answering (a fixed fact, not a clock). */
  private silentForMs = 0;
  private disposed = false;

  constructor(
    docker: Docker,
    private readonly host: string,
    private readonly timing: LivenessTiming = LIVENESS_TIMING,
  ) {
    super();
    this.dial = docker.modem.dial.bind(docker.modem);
    // Every dockerode call, and Berth's own raw dials, go through the modem's dial.
    docker.modem.dial = ((options: DialOptions, callback: DialCallback) => this.watched(options, callback)) as Dial;
    watches.set(docker, this);
  }

  /** Asks the engine at once whether it is there (at most once per slowRequestMs); quiet since `since`. */
  suspect(since: number): void {
    if (this.disposed || !this.answering || this.pinging || Date.now() - this.lastPing < this.timing.slowRequestMs) return;
    void this.verify(since);
  }

  get isAnswering(): boolean {
    return this.answering;
  }

  /** Why requests fail while the engine does not answer. */
  reason(method = 'GET'): string {
    const seconds = Math.max(1, Math.round(this.silentForMs / 1000));
    const outcome = method === 'GET' ? '' : ' Whether it did what was asked will show once it answers.';
    return `The engine at ${this.host} is not answering (nothing for ${seconds} s): Berth stopped waiting for it, and reconnects by itself when it answers again.${outcome}`;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.removeAllListeners();
  }

  private watched(options: DialOptions, callback: DialCallback): void {
    const method = (options.method ?? 'GET').toUpperCase();
    if (!this.answering) {
      callback(new UserError(this.reason(method), 'engine-not-answering'), null);
      return;
    }
    const entry: Waiting = { started: Date.now(), method, abort: new AbortController() };
    const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, entry.abort.signal]) : entry.abort.signal;
    this.waiting.add(entry);
    this.schedule();
    this.dial({ ...options, abortSignal: signal } as DialOptions, (err, data) => {
      this.waiting.delete(entry);
      if (entry.abort.signal.aborted) return callback(new UserError(this.reason(method), 'engine-not-answering'), null);
      callback(err, data);
    });
  }

  /** Arms one timer for when the oldest waiting request turns slow (and never twice within a ping's spacing). */
  private schedule(): void {
    if (this.timer || this.disposed || !this.answering || this.waiting.size === 0) return;
    let oldest = Infinity;
    for (const w of this.waiting) oldest = Math.min(oldest, w.started);
    const due = Math.max(oldest, this.lastPing) + this.timing.slowRequestMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.check();
    }, Math.max(0, due - Date.now()));
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const now = Date.now();
    const slow = [...this.waiting].filter((w) => now - w.started >= this.timing.slowRequestMs);
    if (slow.length === 0 || this.pinging) return this.schedule();
    await this.verify(Math.min(...slow.map((w) => w.started)));
  }

  /** Pings; when nothing comes back, the engine is not answering (silent since `since` at least). */
  private async verify(since: number): Promise<void> {
    this.pinging = true;
    const answer = await this.ping().finally(() => (this.pinging = false));
    if (this.disposed || !this.answering) return;
    // A refused or reset ping is an engine that is gone, not hung: its event stream ending says so, and
    // the waiting requests fail by themselves.
    if (answer !== 'silent') return this.schedule();
    this.silentForMs = Date.now() - since;
    this.answering = false;
    for (const w of this.waiting) w.abort.abort();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.emit('change', false);
    this.awaitRecovery();
  }

  private awaitRecovery(): void {
    if (this.disposed) return;
    this.timer = setTimeout(async () => {
      this.timer = undefined;
      if ((await this.ping()) !== 'answered') return this.awaitRecovery();
      if (this.disposed) return;
      this.answering = true;
      this.emit('change', true);
      this.schedule();
    }, this.timing.recoveryPingMs);
    this.timer.unref();
  }

  /**
   * GET /_ping with its own deadline, around the watch (it must never wait on itself). `answered` whatever
   * the status (an engine that says 500 still answers), `silent` when nothing came back in time.
   */
  private ping(): Promise<'answered' | 'silent' | 'failed'> {
    this.lastPing = Date.now();
    // A controller of its own, disarmed once answered: a deadline firing after the answer would tear
    // down a response that has already ended.
    const deadline = new AbortController();
    let answered = false;
    // Timers run before I/O in Node's loop: had Berth itself been busy past the deadline, an answer waiting
    // in the socket would lose to it. setImmediate runs after I/O, so such an answer is read first.
    const timer = setTimeout(() => setImmediate(() => answered || deadline.abort()), this.timing.pingTimeoutMs);
    return new Promise((resolve) => {
      this.dial({ path: '/_ping', method: 'GET', statusCodes: { 200: true, 500: 'server error' }, options: {}, abortSignal: deadline.signal } as DialOptions, (err) => {
        answered = true;
        clearTimeout(timer);
        if (!err || (err as { statusCode?: number }).statusCode !== undefined) resolve('answered');
        else resolve(deadline.signal.aborted ? 'silent' : 'failed');
      });
    });
  }
}
