/**
 * Long work is a task: a pull, a build, a push, a prune… started from anywhere, shown in the task panel
 * (the Tasks button at the foot of the sidebar), cancellable, and announced when it ends. Starting a task
 * never opens the panel over the page: the Tasks button counts what runs (and what failed), and the user
 * opens the panel when they want the details. This store owns
 * each task's contract stream, so a task keeps going when the page that started it goes away.
 *
 *   import { startTask } from '../tasks/store';
 *   const id = startTask({
 *     kind: 'pull',                                    // free text: what sort of work
 *     title: 'Pull nginx:1.27',
 *     stream: 'images.pull', input: { reference: 'nginx:1.27' },
 *     initial: { layers: [] },                         // the task's detail, folded from each event
 *     reduce: (detail, event) => nextDetail,
 *     progress: (detail) => ({ fraction: 0.4, text: '12 MB of 30 MB' }),   // what the panel shows
 *     done: (detail) => 'Pulled nginx:1.27.',          // the sentence it ends with
 *   });
 *   cancelTask(id);   // closes the stream; the backend aborts the engine request
 *
 * Optional: `upload` (a Blob sent into the stream; its write schema must be `uploadWrite` of
 * engine/contract/transfer.ts), `onDone(detail)` (after success: offer a download, go somewhere),
 * `Detail` (a component the panel shows when the task is opened), `href` (where the result is, or a
 * function of the detail asked at the end), `reveal: false` (keep its details folded when the user opens
 * the panel; by default the newest task with a `Detail` is shown unfolded).
 * Read tasks with `useTasks(selector)`.
 */
import type { ComponentType } from 'react';
import { create } from 'zustand';
import type { StreamEventOf, StreamInputOf, StreamName } from '../../../../engine/contract/contract';
import { client } from '../../app/contract-client';
import { announce, askToNotify } from './notify';
import { Uploader } from '../../app/upload';

export type TaskState = 'running' | 'done' | 'failed' | 'cancelled';

export interface TaskProgress {
  /** From 0 to 1; absent while unknown (the bar then just moves). */
  fraction?: number;
  text?: string;
}

export interface Task<D = unknown> {
  id: string;
  kind: string;
  title: string;
  state: TaskState;
  /** Milliseconds since the epoch. */
  startedAt: number;
  endedAt?: number;
  progress: TaskProgress;
  /** The sentence it ended with: what was done, or why it failed. */
  message?: string;
  detail: D;
  Detail?: ComponentType<{ task: Task<D> }>;
  href?: string;
}

export interface TaskSpec<S extends StreamName, D> {
  kind: string;
  title: string;
  stream: S;
  input: StreamInputOf<S>;
  initial: D;
  reduce(detail: D, event: StreamEventOf<S>): D;
  progress?(detail: D): TaskProgress;
  done?(detail: D): string;
  onDone?(detail: D): void;
  Detail?: ComponentType<{ task: Task<D> }>;
  /** Where the result can be seen; a function is asked when the task is done. */
  href?: string | ((detail: D) => string | undefined);
  upload?: Blob;
  /** Unfold this task's details in the panel (the panel itself opens only when the user asks). */
  reveal?: boolean;
}

interface TasksState {
  tasks: Task[];
  panelOpen: boolean;
  /** The task whose detail is shown in the panel. */
  opened: string | null;
  setPanelOpen(open: boolean): void;
  toggleOpened(id: string): void;
  dismiss(id: string): void;
  clearFinished(): void;
}

/** Finished tasks kept in the panel; the oldest go first. */
const KEPT = 30;
/** Events arrive in bursts; the panel redraws at most this often. */
const REDRAW_MS = 50;

export const useTasks = create<TasksState>()((set) => ({
  tasks: [],
  panelOpen: false,
  opened: null,
  setPanelOpen: (panelOpen) => set({ panelOpen }),
  toggleOpened: (id) => set((s) => ({ opened: s.opened === id ? null : id })),
  dismiss: (id) => set((s) => ({ tasks: s.tasks.filter((t) => t.id !== id || t.state === 'running') })),
  clearFinished: () => set((s) => ({ tasks: s.tasks.filter((t) => t.state === 'running') })),
}));

interface Running {
  close(): void;
}
const running = new Map<string, Running>();
const pending = new Map<string, Partial<Task>>();
let redraw: ReturnType<typeof setTimeout> | undefined;
let nextId = 1;

function update(id: string, change: Partial<Task>, now = false): void {
  pending.set(id, { ...pending.get(id), ...change });
  if (now) flush();
  else redraw ??= setTimeout(flush, REDRAW_MS);
}

function flush(): void {
  clearTimeout(redraw);
  redraw = undefined;
  if (!pending.size) return;
  const changes = new Map(pending);
  pending.clear();
  useTasks.setState((s) => ({ tasks: s.tasks.map((t) => (changes.has(t.id) ? { ...t, ...changes.get(t.id) } : t)) }));
}

function finish(id: string, state: Exclude<TaskState, 'running'>, message: string): Task | undefined {
  running.delete(id);
  update(id, { state, message, endedAt: Date.now() }, true);
  return useTasks.getState().tasks.find((t) => t.id === id);
}

export function startTask<S extends StreamName, D>(spec: TaskSpec<S, D>): string {
  const id = `task-${nextId++}`;
  const reveal = spec.reveal !== false;
  let detail = spec.initial;
  const task: Task<D> = {
    id,
    kind: spec.kind,
    title: spec.title,
    state: 'running',
    startedAt: Date.now(),
    progress: spec.progress?.(detail) ?? {},
    detail,
    Detail: spec.Detail,
    href: typeof spec.href === 'string' ? spec.href : undefined,
  };
  useTasks.setState((s) => {
    const finished = s.tasks.filter((t) => t.state !== 'running');
    const keep = new Set(finished.slice(0, KEPT).map((t) => t.id));
    return {
      tasks: [task as Task, ...s.tasks.filter((t) => t.state === 'running' || keep.has(t.id))],
      opened: reveal && spec.Detail ? id : s.opened,
    };
  });
  askToNotify();

  let uploader: Uploader | undefined;
  const session = client.open(spec.stream, spec.input, {
    onData: (event) => {
      const e = event as { type?: string; bytes?: number };
      if (uploader && e.type === 'uploaded' && typeof e.bytes === 'number') uploader.acknowledged(e.bytes);
      detail = spec.reduce(detail, event);
      update(id, { detail, progress: spec.progress?.(detail) ?? {} });
    },
    onEnd: (error) => {
      if (!running.has(id)) return;
      if (!error && typeof spec.href === 'function') update(id, { href: spec.href(detail) });
      const ended = error ? finish(id, 'failed', error.message) : finish(id, 'done', spec.done?.(detail) ?? 'Done.');
      if (ended) announce(ended);
      if (!error) spec.onDone?.(detail);
    },
  });
  if (spec.upload) uploader = new Uploader(spec.upload, (message) => session.write(message as never));
  running.set(id, { close: () => session.close() });
  return id;
}

/** Stops a task: its stream closes and the backend aborts the work on the engine. */
export function cancelTask(id: string): void {
  const task = running.get(id);
  if (!task) return;
  task.close();
  finish(id, 'cancelled', 'Cancelled.');
}

export function isRunning(id: string): boolean {
  return running.has(id);
}

