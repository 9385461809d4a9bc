/**
 * One live stats stream per window, shared by everything that shows resource use: the rows of the
 * Containers list that are on screen and the Stats tab of a details page. It follows exactly the
 * containers someone is looking at, and nothing while the window is hidden; the backend is told the new
 * list (a write into the same stream) whenever that changes, instead of opening a stream per row.
 */
import type { StatsBatch, StatsSample } from '../../../../engine/contract/container-details-types';
import { client } from '../../app/contract-client';
import type { StreamSession } from '../../rpc/client';

/** How much history a chart can show. */
export const HISTORY_MS = 5 * 60_000;
/** Subscriptions that change together (a scroll, a page switch) update the stream once. */
const SYNC_DELAY_MS = 60;
/** After the stream fails (the engine restarted, say), try again this long after. */
const REOPEN_MS = 2000;

type Listener = () => void;

class StatsHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly history = new Map<string, StatsSample[]>();
  private session: StreamSession<{ ids: string[] }> | undefined;
  private following = '';
  private syncTimer: ReturnType<typeof setTimeout> | undefined;
  private reopenTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', () => this.scheduleSync());
  }

  subscribe(id: string, listener: Listener): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    this.scheduleSync();
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(id);
      this.scheduleSync();
    };
  }

  /** The samples of the last minutes, oldest first; the same array until a new sample arrives. */
  samples(id: string): readonly StatsSample[] {
    return this.history.get(id) ?? EMPTY;
  }

  private scheduleSync(): void {
    clearTimeout(this.syncTimer);
    this.syncTimer = setTimeout(() => this.sync(), SYNC_DELAY_MS);
  }

  private sync(force = false): void {
    const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
    const ids = visible ? [...this.listeners.keys()].sort() : [];
    const key = ids.join();
    if (!ids.length) {
      this.session?.close();
      this.session = undefined;
      this.following = '';
      return;
    }
    if (!this.session) this.open(ids);
    else if (force || key !== this.following) this.session.write({ ids });
    this.following = key;
  }

  private open(ids: string[]): void {
    clearTimeout(this.reopenTimer);
    const session = client.open('containers.stats', { ids }, {
      onData: (batch) => this.receive(batch),
      onEnd: () => {
        if (this.session !== session) return;
        this.session = undefined;
        this.following = '';
        this.reopenTimer = setTimeout(() => this.scheduleSync(), REOPEN_MS);
      },
    });
    this.session = session;
  }

  private receive(batch: StatsBatch): void {
    for (const sample of batch.samples) {
      const list = this.history.get(sample.id) ?? [];
      const since = sample.at - HISTORY_MS;
      const kept = list.length && list[0]!.at < since ? list.filter((s) => s.at >= since) : list;
      this.history.set(sample.id, [...kept, sample]);
      this.notify(sample.id);
    }
    if (batch.ended.some((id) => this.listeners.has(id))) {
      // A container that stopped, or restarted: ask again in a while; the backend follows it again if it runs.
      clearTimeout(this.reopenTimer);
      this.reopenTimer = setTimeout(() => this.sync(true), REOPEN_MS);
    }
    for (const id of batch.ended) {
      this.history.delete(id);
      this.notify(id);
    }
  }

  private notify(id: string): void {
    this.listeners.get(id)?.forEach((l) => l());
  }
}

const EMPTY: readonly StatsSample[] = [];

export const statsHub = new StatsHub();
