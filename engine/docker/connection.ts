/**
 * A live connection to one engine: negotiates, follows the engine's `/events` stream, and reconnects by
 * itself when the engine goes away. While connected nothing is polled: the event stream says what changed,
 * and a dropped stream is how Berth notices the engine is gone.
 */
import { EventEmitter } from 'node:events';
import type Docker from 'dockerode';
import { UserError } from '../contract/errors';
import type { EngineEndpoint, EngineStatus, ResourceKind } from '../contract/types';
import { openEngineClient } from './client';
import type { EngineClient } from './client';
import { sweepLeftoverHelpers } from './volume-helper';
import { emptyAgain } from './volumes';

const ALL_RESOURCES: ResourceKind[] = ['containers', 'images', 'volumes', 'networks', 'swarm'];
/** Events that land together (a `docker run` is create, attach, connect, start) refetch once. */
const CHANGE_DEBOUNCE_MS = 25;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 2000;

interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { Attributes?: Record<string, string> };
}

/** exec_create, exec_start: ls, exec_die, attach, resize, archive-path, ... */
const CONTAINER_ACTIONS_THAT_CHANGE_NOTHING = /^(exec_\w+|attach|detach|resize|archive-path|extract-to-dir|top|export|commit)\b/;

/** Which lists an engine event makes stale. */
export function resourcesTouchedBy(event: EngineEvent): ResourceKind[] {
  switch (event.Type) {
    case 'container':
      // A terminal or a file listing inside a container does not change any list.
      if (CONTAINER_ACTIONS_THAT_CHANGE_NOTHING.test(event.Action ?? '')) return [];
      // Removing a container can free anonymous volumes and images; connecting changes networks. A swarm
      // task's container on this node changing is that task changing.
      return [
        ...(event.Action === 'destroy' ? (['containers', 'volumes', 'images'] as const) : (['containers'] as const)),
        ...(event.Actor?.Attributes?.['com.docker.swarm.task.id'] ? (['swarm'] as const) : []),
      ];
    case 'image':
      return ['images', 'containers'];
    case 'volume':
      return ['volumes'];
    case 'network':
      return ['networks', 'containers'];
    // The swarm's own objects, reported by a manager for the whole cluster.
    case 'service':
    case 'node':
    case 'secret':
    case 'config':
      return ['swarm'];
    default:
      return [];
  }
}

export interface ConnectionOptions {
  endpoint: Omit<EngineEndpoint, 'reachable' | 'problem' | 'version'>;
  tlsPath?: string;
  /** Where to open for the endpoint's address, asked before each attempt (an SSH engine's local socket). */
  dial?: (host: string) => Promise<string>;
}

export class EngineConnection extends EventEmitter<{ status: [EngineStatus]; changed: [ResourceKind[]] }> {
  private client: EngineClient | undefined;
  private current: EngineStatus;
  private disposed = false;
  private lastAddress: string | undefined;
  private readonly stop = new AbortController();
  private pending = new Set<ResourceKind>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.current = { state: 'starting', endpoint: this.endpoint(false) };
  }

  get status(): EngineStatus {
    return this.current;
  }

  get host(): string {
    return this.options.endpoint.host;
  }

  /** The Engine API client; throws a sentence when the engine is not connected. */
  docker(): Docker {
    if (!this.client || this.current.state !== 'running') {
      throw new UserError(this.current.reason ?? `The engine at ${this.host} is not connected yet.`, 'engine-unreachable');
    }
    return this.client.docker;
  }

  start(): void {
    void this.run();
  }

  dispose(): void {
    this.disposed = true;
    this.stop.abort();
    clearTimeout(this.flushTimer);
    this.removeAllListeners();
  }

  /** A failure said about the dialled address (an SSH link's local socket) is said about the user's address. */
  private inUserWords(message: string): string {
    const dialled = this.lastAddress;
    if (!dialled || dialled === this.host) return message;
    const socket = dialled.replace(/^unix:\/\//, '');
    return message.split(dialled).join(this.host).split(socket).join(this.host);
  }

  private endpoint(reachable: boolean, version?: string): EngineEndpoint {
    return { ...this.options.endpoint, reachable, version };
  }

  private async run(): Promise<void> {
    let attempt = 0;
    let connectedBefore = false;
    while (!this.disposed) {
      let client: EngineClient | undefined;
      try {
        const tls = this.options.tlsPath ? { certPath: this.options.tlsPath, verify: true } : undefined;
        const address = this.options.dial ? await this.options.dial(this.host) : this.host;
        this.lastAddress = address;
        client = await openEngineClient(address, tls, 3000);
        if (this.disposed) return;
        const events = await client.docker.getEvents({ since: Math.floor(Date.now() / 1000) });
        this.client = client;
        const running: EngineStatus = { state: 'running', endpoint: this.endpoint(true, client.server.version), apiVersion: client.apiVersion, server: client.server };
        this.setStatus(running);
        client.liveness.on('change', (answering) => this.answeringChanged(answering, running));
        // Whatever happened while we were away, the lists are stale now.
        if (connectedBefore) this.changed(ALL_RESOURCES);
        connectedBefore = true;
        attempt = 0;
        // Helpers a Berth that was killed mid-restore left behind (volume-helper.ts): the first connection cleans up.
        void sweepLeftoverHelpers(client.docker, emptyAgain).catch(() => undefined);
        await this.follow(events);
        if (this.disposed) return;
        this.setStatus({ state: 'unreachable', endpoint: this.endpoint(false), reason: `The engine at ${this.host} stopped answering. Reconnecting…` });
      } catch (e) {
        if (this.disposed) return;
        const reason = this.inUserWords(e instanceof Error ? e.message : String(e));
        const hung = (e as { code?: string }).code === 'engine-not-answering';
        this.setStatus({ state: hung ? 'not-answering' : 'unreachable', endpoint: this.endpoint(false), reason });
      } finally {
        client?.liveness.dispose();
      }
      attempt++;
      await sleep(Math.min(RETRY_MIN_MS * 2 ** (attempt - 1), RETRY_MAX_MS), this.stop.signal);
    }
  }

  /**
   * A hung engine keeps its event stream open, so the connection stays; the liveness watch says when it
   * stops answering and when it is back, and the lists are refetched then.
   */
  private answeringChanged(answering: boolean, running: EngineStatus): void {
    if (this.disposed || !this.client) return;
    if (answering) {
      this.setStatus(running);
      this.changed(ALL_RESOURCES);
    } else {
      this.setStatus({ ...running, state: 'not-answering', endpoint: this.endpoint(false, running.endpoint?.version), reason: this.client.liveness.reason() });
    }
  }

  /** Resolves when the event stream ends, which is how a stopped engine shows itself. */
  private follow(events: NodeJS.ReadableStream): Promise<void> {
    return new Promise((resolve) => {
      let buffered = '';
      const done = () => {
        this.stop.signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        (events as unknown as { destroy?: () => void }).destroy?.();
        done();
      };
      this.stop.signal.addEventListener('abort', onAbort, { once: true });
      events.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (!line) continue;
          try {
            this.changed(resourcesTouchedBy(JSON.parse(line) as EngineEvent));
          } catch {
            // A line that is not JSON is not an event we can use.
          }
        }
      });
      events.once('end', done);
      events.once('close', done);
      events.once('error', done);
    });
  }

  private changed(resources: ResourceKind[]): void {
    if (!resources.length) return;
    for (const r of resources) this.pending.add(r);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      const list = [...this.pending];
      this.pending.clear();
      this.emit('changed', list);
    }, CHANGE_DEBOUNCE_MS);
  }

  private setStatus(status: EngineStatus): void {
    const same = JSON.stringify(status) === JSON.stringify(this.current);
    this.current = status;
    if (!same) this.emit('status', status);
  }
}

/**
 * Waits `ms`, or less if `signal` aborts. The signal lives as long as the connection, so the listener
 * goes when the wait ends: left behind, one per retry, they piled up while an engine was down until Node
 * warned "MaxListenersExceededWarning: 11 abort listeners added to [AbortSignal]".
 */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
