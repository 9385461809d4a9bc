/**
 * The combined log of a Compose project: the last lines of each of its containers, merged by time, then
 * new lines from all of them as they come. Each container has its own follow stream; lines gathered in
 * one animation frame are merged into the window together, so a slower container's lines still land in
 * time order. A container that stops and starts again is followed again from where it left off.
 */
import type { LogAnchor, LogLine } from '../../../../engine/contract/logs-types';
import { client } from '../../app/contract-client';
import { watchConnection } from '../../app/watch-connection';
import { FrameBatch } from './frame-batch';
import { LogWindow, mergeByTime } from './log-window';
import type { ShownLine } from './log-window';

const TAIL_PER_CONTAINER = 500;

export interface ProjectLogSnapshot {
  version: number;
  lines: readonly ShownLine[];
  /** Ids of the containers followed right now. */
  following: number;
  errors: string[];
}

interface Followed {
  index: number;
  stream: { close(): void } | undefined;
  last: LogAnchor | undefined;
  error: string | undefined;
}


export class ProjectLogSession {
  private readonly window = new LogWindow();
  private readonly followed = new Map<string, Followed>();
  /** Each stream's batches of a frame, merged by time when the frame comes. */
  private readonly arriving = new FrameBatch<LogLine[]>((batches) => this.add(batches));
  private snapshot: ProjectLogSnapshot = { version: 0, lines: [], following: 0, errors: [] };
  private readonly listeners = new Set<() => void>();
  private members: readonly { id: string; running: boolean }[] = [];
  private offConnection: (() => void) | undefined;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ProjectLogSnapshot => this.snapshot;

  /**
   * Follows these containers (index = the colour and label each one's lines get). Running containers
   * without a stream get one; the others keep what they showed.
   */
  sync(containers: readonly { id: string; running: boolean }[]): void {
    this.members = containers;
    // After a lost connection, each container carries on from its last line (the client would start over).
    this.offConnection ??= watchConnection({
      lost: () => {
        for (const f of this.followed.values()) {
          f.stream?.close();
          f.stream = undefined;
        }
        this.publish();
      },
      back: () => this.sync(this.members),
    });
    containers.forEach(({ id, running }, index) => {
      let f = this.followed.get(id);
      if (!f) {
        f = { index, stream: undefined, last: undefined, error: undefined };
        this.followed.set(id, f);
        this.open(id, f);
      } else if (running && !f.stream) {
        this.open(id, f);
      }
    });
    this.publish();
  }

  dispose(): void {
    this.offConnection?.();
    this.offConnection = undefined;
    for (const f of this.followed.values()) f.stream?.close();
    this.followed.clear();
    this.arriving.clear();
  }

  private open(id: string, f: Followed): void {
    const from = f.last ? { after: f.last } : { tail: TAIL_PER_CONTAINER };
    const stream = client.open(
      'logs.follow',
      { containerId: id, from },
      {
        onData: (event) => {
          if (event.type !== 'lines' || f.stream !== stream) return;
          for (const line of event.lines) (line as ShownLine).source = f.index;
          const last = event.lines.at(-1)!;
          let sameTime = 0;
          for (let i = event.lines.length - 1; i >= 0 && event.lines[i]!.time === last.time; i--) sameTime++;
          f.last = last.time === f.last?.time ? { time: last.time, sameTime: f.last.sameTime + sameTime } : { time: last.time, sameTime };
          this.arriving.push([event.lines]);
        },
        onEnd: (error) => {
          if (f.stream !== stream) return;
          f.stream = undefined;
          f.error = error?.message;
          this.publish();
        },
      },
    );
    f.stream = stream;
    f.error = undefined;
  }

  private add(batches: LogLine[][]): void {
    let lines: LogLine[] = [];
    for (const batch of batches) lines = mergeByTime(lines, batch);
    this.window.insertInTimeOrder(lines);
    this.publish();
  }

  private publish(): void {
    const errors = [...this.followed.values()].flatMap((f) => (f.error ? [f.error] : []));
    const following = [...this.followed.values()].filter((f) => f.stream).length;
    this.snapshot = { version: this.snapshot.version + 1, lines: this.window.lines, following, errors };
    this.listeners.forEach((l) => l());
  }
}
