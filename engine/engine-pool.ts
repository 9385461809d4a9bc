/**
 * The engines Berth is connected to at once. The engine in use for every window (the default) is one of
 * them; a window whose address names another engine holds that one too. Each live engine has one
 * connection, shared by everyone who uses it, and is let go when the last user leaves. One engine dropping
 * never disturbs the others: each connection reconnects on its own.
 */
import { EventEmitter } from 'node:events';
import type { AppUpdate, EngineStatus } from './contract/types';
import type { EngineConnection } from './docker/connection';
import type { EngineCandidate, EngineProvider } from './providers/provider';

/** An engine a provider offers, with the provider that offered it (and so connects to it). */
export interface Offered {
  candidate: EngineCandidate;
  provider: EngineProvider;
}

export interface LiveEngine {
  readonly id: string;
  readonly offered: Offered;
  connection: EngineConnection;
  /** Who holds it: 'default', or a window's scope id. */
  readonly users: Set<string>;
}

/** How long a first connection may take before `acquire` answers anyway (the status says the rest). */
const FIRST_STATUS_WAIT_MS = 3000;

export class EnginePool extends EventEmitter<{ update: [string, AppUpdate] }> {
  private readonly live = new Map<string, LiveEngine>();

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  get(id: string): LiveEngine | undefined {
    return this.live.get(id);
  }

  /** The engine's status as its provider and connection know it. */
  statusOf(engine: LiveEngine): EngineStatus {
    const s = engine.connection.status;
    return engine.offered.provider.overlay?.(s) ?? s;
  }

  /** Connects (or joins the connection already open) for a user; see `settled` to wait for the first answer. */
  acquire(offered: Offered, user: string): LiveEngine {
    const id = offered.candidate.id;
    let engine = this.live.get(id);
    if (!engine || engine.offered.candidate.host !== offered.candidate.host) {
      if (engine) this.drop(engine);
      engine = { id, offered, connection: this.connect(id, offered), users: new Set() };
      this.live.set(id, engine);
    }
    engine.users.add(user);
    return engine;
  }

  /** Resolves once the engine has answered or failed once (at most a few seconds). */
  settled(engine: LiveEngine): Promise<void> {
    if (engine.connection.status.state !== 'starting') return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, FIRST_STATUS_WAIT_MS);
      function done() {
        clearTimeout(timer);
        engine.connection.off('status', done);
        resolve();
      }
      engine.connection.on('status', done);
    });
  }

  release(engine: LiveEngine | undefined, user: string): void {
    if (!engine) return;
    engine.users.delete(user);
    if (engine.users.size === 0 && this.live.get(engine.id) === engine) this.drop(engine);
  }

  /** Opens a new connection for an engine whose provider just brought it up (no waiting out a backoff). */
  reconnect(engine: LiveEngine): void {
    engine.connection.dispose();
    engine.connection = this.connect(engine.id, engine.offered);
  }

  /** Every live engine (for the overview and for quitting). */
  all(): LiveEngine[] {
    return [...this.live.values()];
  }

  dispose(): void {
    for (const engine of this.live.values()) engine.connection.dispose();
    this.live.clear();
  }

  private drop(engine: LiveEngine): void {
    engine.connection.dispose();
    this.live.delete(engine.id);
  }

  private connect(id: string, offered: Offered): EngineConnection {
    const connection = offered.provider.connect(offered.candidate);
    connection.on('status', () => {
      const engine = this.live.get(id);
      if (engine?.connection === connection) this.emit('update', id, { type: 'status', status: this.statusOf(engine) });
    });
    connection.on('changed', (resources) => {
      if (this.live.get(id)?.connection === connection) this.emit('update', id, { type: 'changed', resources });
    });
    connection.start();
    return connection;
  }
}
