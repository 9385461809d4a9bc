/**
 * Live resource use of several containers as one stream. The engine has one stats stream per container
 * (a sample a second each); they are followed side by side and their samples sent on together, about
 * every half second, so twenty containers on screen cost the UI two messages a second, not twenty.
 */
import type Docker from 'dockerode';
import type { StatsBatch, StatsSample } from '../contract/container-details-types';
import { EventQueue } from '../rpc/event-queue';
import { suspectEngine } from './liveness';

const BATCH_MS = 500;
/** No sample from any followed container for this long (they come every second) makes Berth ask the engine. */
const QUIET_MS = 3000;

interface RawStats {
  read?: string;
  pids_stats?: { current?: number };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
}

interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/**
 * One engine sample as `docker stats` shows it; undefined when it carries no measurement yet (the first
 * sample has no previous one to compare CPU time with) or the container is not running.
 */
export function toStatsSample(id: string, raw: RawStats): StatsSample | undefined {
  const at = Date.parse(raw.read ?? '');
  const cpu = raw.cpu_stats;
  const pre = raw.precpu_stats;
  if (!Number.isFinite(at) || at <= 0 || !cpu?.system_cpu_usage || !pre?.system_cpu_usage) return undefined;
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const systemDelta = cpu.system_cpu_usage - pre.system_cpu_usage;
  const cpus = cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 1;
  const cpuPercent = systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;

  // Page cache the kernel can drop is not "used" (cgroup v1 reports total_inactive_file, v2 inactive_file).
  const memory = raw.memory_stats ?? {};
  const usage = memory.usage ?? 0;
  const inactive = memory.stats?.total_inactive_file ?? memory.stats?.inactive_file ?? 0;
  const memoryUsed = inactive < usage ? usage - inactive : usage;

  let networkRx = 0;
  let networkTx = 0;
  for (const n of Object.values(raw.networks ?? {})) {
    networkRx += n.rx_bytes ?? 0;
    networkTx += n.tx_bytes ?? 0;
  }
  let blockRead = 0;
  let blockWrite = 0;
  for (const e of raw.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = e.op?.toLowerCase();
    if (op === 'read') blockRead += e.value ?? 0;
    else if (op === 'write') blockWrite += e.value ?? 0;
  }
  return {
    id,
    at,
    cpuPercent: Math.round(cpuPercent * 100) / 100,
    memoryUsed,
    memoryLimit: memory.limit ?? 0,
    networkRx,
    networkTx,
    blockRead,
    blockWrite,
    pids: raw.pids_stats?.current ?? 0,
  };
}

/** Keeps the newest sample of each container when the UI has not taken the previous batch yet. */
function mergeBatches(queued: StatsBatch, next: StatsBatch): StatsBatch {
  const byId = new Map(queued.samples.map((s) => [s.id, s]));
  for (const s of next.samples) byId.set(s.id, s);
  return { samples: [...byId.values()], ended: [...new Set([...queued.ended, ...next.ended])] };
}

export class StatsFollower {
  readonly batches: EventQueue<StatsBatch>;
  private readonly following = new Map<string, AbortController>();
  private pending = new Map<string, StatsSample>();
  private ended = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** When the last sample came, and the timer that notices samples stopping (see watchQuiet). */
  private lastSample = Date.now();
  private quietTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly docker: Docker,
    signal: AbortSignal,
  ) {
    this.batches = new EventQueue<StatsBatch>(signal, mergeBatches);
    signal.addEventListener('abort', () => this.follow([]), { once: true });
  }

  /** Follows exactly these containers from now on. */
  follow(ids: string[]): void {
    const wanted = new Set(ids);
    for (const [id, controller] of this.following) {
      if (!wanted.has(id)) {
        controller.abort();
        this.following.delete(id);
      }
    }
    for (const id of wanted) {
      if (this.following.has(id)) continue;
      // A new stream's first sample takes a moment: the quiet counts from now.
      this.lastSample = Date.now();
      this.start(id);
    }
    if (!wanted.size) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.watchQuiet();
  }

  /**
   * A running container's stats come once a second; when none has come from any followed container for
   * QUIET_MS, the engine may be hung (it keeps streams open and silent), so Berth asks it (liveness.ts).
   * This is the one case where a hung engine is noticed without a request waiting: a window showing running
   * containers.
   */
  private watchQuiet(): void {
    clearTimeout(this.quietTimer);
    if (!this.following.size) return;
    this.quietTimer = setTimeout(() => {
      if (this.following.size && Date.now() - this.lastSample >= QUIET_MS) suspectEngine(this.docker, this.lastSample);
      this.watchQuiet();
    }, QUIET_MS);
    this.quietTimer.unref();
  }

  private start(id: string): void {
    const controller = new AbortController();
    this.following.set(id, controller);
    void this.read(id, controller.signal).finally(() => {
      // Stopped or removed: say so, so the UI stops waiting; it may ask again when the container runs.
      if (this.following.get(id) !== controller) return;
      this.following.delete(id);
      this.ended.add(id);
      this.schedule();
    });
  }

  private async read(id: string, signal: AbortSignal): Promise<void> {
    try {
      const stream = (await this.docker.getContainer(id).stats({ stream: true, abortSignal: signal } as { stream: true })) as NodeJS.ReadableStream;
      let buffered = '';
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        buffered += chunk.toString('utf8');
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          if (!line.trim()) continue;
          const raw = JSON.parse(line) as RawStats;
          // A container that is not running answers with empty samples: there is nothing to follow.
          if (!raw.read || raw.read.startsWith('0001-')) return;
          const sample = toStatsSample(id, raw);
          if (sample) {
            this.lastSample = Date.now();
            this.pending.set(id, sample);
            this.schedule();
          }
        }
      }
    } catch {
      // Aborted, or the container went away: either way this container's stream is over.
    }
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const batch: StatsBatch = { samples: [...this.pending.values()], ended: [...this.ended] };
      this.pending = new Map();
      this.ended = new Set();
      if (batch.samples.length || batch.ended.length) this.batches.push(batch);
    }, BATCH_MS);
  }
}
