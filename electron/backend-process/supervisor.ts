/**
 * The main process's side of the backend process: starts it, answers what it asks of the main process
 * (native dialogs, the keychain), hands out page connections, starts it again when it stops unasked, and
 * stops it when Berth quits. It knows nothing of Electron: the process comes from a BackendChild, which is
 * an Electron utility process in the app (../backend-host.ts) and a Node child in tests (./node-ports.ts).
 */
import { EventEmitter } from 'node:events';
import type { Preferences } from '../../engine/contract/preferences-types';
import type { FileDialogRequest } from '../../engine/services/files';
import type { TrayAction, TrayFacts } from '../tray-model';
import type { BackendMessage, BackendRequest, BackendStart, MainMessage } from './messages';

/** A running backend process, whatever starts it. `Page` is the main process's end of a page's channel. */
export interface BackendChild<Page> {
  readonly pid: number | undefined;
  send(message: MainMessage): void;
  /** Opens a channel, hands one end to the backend for `page` (a `connect` message), returns the other. */
  connectPage(page: number): Page;
  onMessage(listener: (message: BackendMessage) => void): void;
  onExit(listener: (code: number) => void): void;
  /** Ends it at once (it gets no chance to clean up). */
  kill(): void;
}

/** What only the main process can do for the backend. */
export interface MainServices {
  chooseFile(request: FileDialogRequest): Promise<string | null>;
  encrypt(text: string): Buffer;
  decrypt(data: Buffer): string;
}

export interface SupervisorOptions<Page> {
  spawn(): BackendChild<Page>;
  start: Omit<BackendStart, 'type'>;
  services: MainServices;
}

/** After this long without stopping, a backend counts as healthy again and the next stop restarts it at once. */
const HEALTHY_AFTER_MS = 60_000;
/** Stopping this many times in a row, each before it was healthy, means starting it again will not help. */
const MAX_QUICK_CRASHES = 5;
const FIRST_RESTART_MS = 500;
/** After `stop`, how long a backend may take to exit once asked; past this it is ended. */
const KILL_GRACE_MS = 2_000;

export interface SupervisorEvents {
  /** The backend serves (again, when `restarted`): pages must connect to it. */
  ready: [preferences: Preferences, restarted: boolean];
  preferences: [Preferences];
  tray: [TrayFacts];
  notify: [title: string, body: string];
  /** The backend stopped unasked. `restartInMs` when it will be started again; undefined: it gave up. */
  crash: [code: number, restartInMs: number | undefined];
  /** The backend cannot run at all; the sentence says why. Nothing is restarted. */
  failed: [message: string];
}

export class BackendSupervisor<Page> extends EventEmitter<SupervisorEvents> {
  private child: BackendChild<Page> | undefined;
  /** Set once the child said `ready`: before that, pages wait for the `ready` event. */
  private serving = false;
  private startedAt = 0;
  private quickCrashes = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  private started = false;
  private failed = false;

  constructor(private readonly options: SupervisorOptions<Page>) {
    super();
  }

  /** The backend's process id while one runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.child || this.stopping) return;
    const restarted = this.started;
    this.started = true;
    const child = this.options.spawn();
    this.child = child;
    this.serving = false;
    this.startedAt = Date.now();
    child.onMessage((message) => {
      if (this.child === child) this.receive(child, message, restarted);
    });
    child.onExit((code) => this.exited(child, code));
    child.send({ type: 'start', ...this.options.start });
  }

  /** Connects a page to the backend; undefined while none serves (the page connects on the next `ready`). */
  connectPage(page: number): Page | undefined {
    return this.serving ? this.child?.connectPage(page) : undefined;
  }

  disconnectPage(page: number): void {
    if (this.serving) this.child?.send({ type: 'disconnect', page });
  }

  trayAction(action: TrayAction): void {
    if (this.serving) this.child?.send({ type: 'tray-action', action });
  }

  /** Asks the backend to let go of the engine and exit; ends it after `limitMs` if it has not. */
  stop(limitMs: number): Promise<void> {
    clearTimeout(this.restartTimer);
    this.stopping ??= this.stopChild(limitMs);
    return this.stopping;
  }

  private async stopChild(limitMs: number): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
    child.send({ type: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), limitMs)));
    if ((await Promise.race([exited, late])) === 'late') {
      console.error(`[berth] the backend did not stop within ${limitMs / 1000} s; ending it`);
      child.kill();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, KILL_GRACE_MS))]);
    }
    clearTimeout(timer);
  }

  private receive(child: BackendChild<Page>, message: BackendMessage, restarted: boolean): void {
    switch (message.type) {
      case 'ready':
        this.serving = true;
        this.emit('ready', message.preferences, restarted);
        return;
      case 'preferences':
        this.emit('preferences', message.preferences);
        return;
      case 'tray':
        this.emit('tray', message.facts);
        return;
      case 'notify':
        this.emit('notify', message.title, message.body);
        return;
      case 'request':
        void this.answer(child, message.id, message.request);
        return;
      case 'failed':
        this.failed = true;
        this.emit('failed', message.message);
        return;
      case 'stopped':
        return;
    }
  }

  private async answer(child: BackendChild<Page>, id: number, request: BackendRequest): Promise<void> {
    const { services } = this.options;
    let reply: MainMessage;
    try {
      const value =
        request.kind === 'choose-file'
          ? await services.chooseFile(request.request)
          : request.kind === 'encrypt'
            ? services.encrypt(request.text)
            : services.decrypt(Buffer.from(request.data));
      reply = { type: 'reply', id, ok: true, value };
    } catch (e) {
      reply = { type: 'reply', id, ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    // A backend that died meanwhile has no one waiting for the answer.
    if (this.child === child) child.send(reply);
  }

  private exited(child: BackendChild<Page>, code: number): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.serving = false;
    if (this.stopping || this.failed) return;
    console.error(`[berth] the backend stopped unexpectedly (exit code ${code})`);
    this.quickCrashes = Date.now() - this.startedAt >= HEALTHY_AFTER_MS ? 1 : this.quickCrashes + 1;
    if (this.quickCrashes >= MAX_QUICK_CRASHES) {
      this.emit('crash', code, undefined);
      return;
    }
    const delay = this.quickCrashes === 1 ? 0 : FIRST_RESTART_MS * 2 ** (this.quickCrashes - 2);
    this.emit('crash', code, delay);
    this.restartTimer = setTimeout(() => this.start(), delay);
  }
}
