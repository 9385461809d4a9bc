/**
 * The backend behind the contract: one per process, shared by every window and browser tab. It owns the
 * settings, the managed engine and the connection to the active engine, and implements every method and
 * stream the contract declares. Transports (Electron IPC, the browser-mode WebSocket) only carry messages
 * to it through a SessionHost.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type Docker from 'dockerode';
import { UserError } from './contract/errors';
import type { Preferences } from './contract/preferences-types';
import type { AppInfo, AppUpdate, EngineEndpoint, EngineStatus } from './contract/types';
import { EngineConnection } from './docker/connection';
import { engineError } from './docker/engine-errors';
import type { BerthPaths } from './paths';
import { engineCandidates, probeEngines } from './providers/discovery';
import type { EngineCandidate } from './providers/discovery';
import { ManagedEngine } from './providers/managed-engine';
import { VmEngine } from './providers/vm-engine';
import { vmMethodHandlers, vmStreamHandlers } from './services/vm';
import { composeHandlers, composeStreamHandlers } from './services/compose';
import { EventQueue } from './rpc/event-queue';
import { containerHandlers } from './services/containers';
import { volumeHandlers } from './services/volumes';
import { volumeTransferHandlers } from './services/volume-transfers';
import { networkHandlers } from './services/networks';
import { diskHandlers } from './services/disk';
import type { VmDiskFacts } from './docker/disk-usage';
import { DownloadDesk } from './rpc/downloads';
import { fileHandlers } from './services/files';
import type { FileDialogs } from './services/files';
import { imageHandlers, imageStreamHandlers } from './services/images';
import { SessionCredentialStore } from './registry/credential-store';
import type { CredentialStore } from './registry/credential-store';
import { preferenceHandlers } from './services/preferences';
import type { PreferencesAccess } from './services/preferences';
import { containerDetailHandlers, containerDetailStreamHandlers } from './services/container-details';
import { runHandlers } from './services/run';
import { logHandlers } from './services/logs';
import { terminalMethodHandlers, terminalStreamHandlers } from './services/terminal';
import type { EngineAccess } from './services/engine-access';
import type { Handlers } from './rpc/session-host';
import { loadSettings, saveSettings } from './settings/settings';
import type { Settings } from './settings/settings';

/** While no engine answers, look again this often (only sockets are pinged; no engine is busy). */
const REDISCOVER_MS = 3000;

export interface BackendOptions {
  paths: BerthPaths;
  mode: AppInfo['mode'];
  version: string;
  /** Where registry logins made in Berth are kept: the desktop app passes its keychain store; otherwise memory, for the session. */
  credentials?: CredentialStore;
  /** Native file dialogs; only the desktop app has them. */
  dialogs?: FileDialogs;
}

export class Backend implements EngineAccess, PreferencesAccess {
  readonly managed: ManagedEngine;
  /** Berth's Linux VM: Berth's own engine on macOS and Windows, selectable on Linux (the managed engine is the host dockerd). */
  readonly vm: VmEngine;
  readonly credentials: CredentialStore;
  readonly dialogs: FileDialogs | undefined;
  /** Browser-mode downloads (volume backups), served by the browser-mode server. */
  readonly downloads = new DownloadDesk();
  private readonly settingsFile: string;
  private settings: Settings;
  private readonly settingsWarning: string | undefined;
  private connection: EngineConnection | undefined;
  private noEngine: EngineStatus | undefined;
  private rediscoverTimer: NodeJS.Timeout | undefined;
  private readonly updates = new EventEmitter<{ update: [AppUpdate] }>();
  private choosing: Promise<void> = Promise.resolve();

  constructor(private readonly options: BackendOptions) {
    this.updates.setMaxListeners(0);
    this.credentials = options.credentials ?? new SessionCredentialStore();
    this.dialogs = options.dialogs;
    this.settingsFile = path.join(options.paths.data, 'settings.json');
    const loaded = loadSettings(this.settingsFile);
    this.settings = loaded.settings;
    this.settingsWarning = loaded.warning;
    if (loaded.warning) console.warn(`[berth] ${loaded.warning}`);
    this.managed = new ManagedEngine(options.paths, () => this.settings.preferences.managedEngine);
    this.managed.on('change', (status) => {
      this.publish({ type: 'managed', status });
      // A managed engine that just came up may be the engine Berth was waiting for.
      if (status.state === 'running' && (this.noEngine || this.connection?.status.endpoint?.kind === 'managed')) this.reconnectSoon();
      if (this.connection?.status.endpoint?.kind === 'managed') this.publish({ type: 'status', status: this.status() });
    });
    this.vm = new VmEngine(options.paths);
    this.vm.on('change', (status) => {
      // A VM that just came up may be the engine Berth was waiting for (or the one it uses, back again).
      if (status.state === 'running' && (this.noEngine || this.connection?.status.endpoint?.kind === 'vm')) this.reconnectSoon();
      if (this.connection?.status.endpoint?.kind === 'vm') this.publish({ type: 'status', status: this.status() });
    });
  }

  /** Finds and connects to the engine to use. */
  start(): Promise<void> {
    void this.vm.resume();
    return this.chooseEngine();
  }

  /** Stops following the engine and stops the managed engine if Berth started it. */
  async dispose(): Promise<void> {
    clearTimeout(this.rediscoverTimer);
    this.connection?.dispose();
    this.connection = undefined;
    if (this.managed.status().state !== 'stopped') await this.managed.stop().catch(() => undefined);
    await this.vm.dispose().catch(() => undefined);
  }

  vmDisk(): VmDiskFacts | undefined {
    return this.connection?.status.endpoint?.kind === 'vm' ? this.vm.diskFacts() : undefined;
  }

  status(): EngineStatus {
    if (this.connection) {
      const s = this.connection.status;
      if (s.endpoint?.kind === 'managed') {
        // The managed engine's own state is known before the connection notices it.
        const m = this.managed.status();
        if (m.state === 'starting' && s.state !== 'running') return { ...s, state: 'starting', reason: 'Berth’s managed engine is starting…' };
        if (m.state === 'stopping') return { ...s, state: 'stopped', reason: 'Berth’s managed engine is stopping…' };
        if ((m.state === 'stopped' || m.state === 'failed') && s.state !== 'running') {
          return { ...s, state: 'stopped', reason: m.error ?? 'Berth’s managed engine is stopped. Start it to manage containers.' };
        }
      }
      if (s.endpoint?.kind === 'vm' && s.state !== 'running') {
        const v = this.vm.status();
        if (v.state === 'starting') return { ...s, state: 'starting', reason: 'Berth’s VM is starting…' };
        if (v.state !== 'running') return { ...s, state: 'stopped', reason: v.error ?? 'Berth’s VM is stopped. Start it to manage containers.' };
      }
      return s;
    }
    return this.noEngine ?? { state: 'starting' };
  }

  /** Subscribes to status and change notices; used by the tray as well as the UI. */
  onUpdate(listener: (update: AppUpdate) => void): () => void {
    this.updates.on('update', listener);
    return () => this.updates.off('update', listener);
  }

  preferences(): Preferences {
    return this.settings.preferences;
  }

  async savePreferences(preferences: Preferences): Promise<void> {
    this.settings = { ...this.settings, preferences };
    this.publish({ type: 'preferences', preferences });
    await saveSettings(this.settingsFile, this.settings);
  }

  docker(): Docker {
    if (!this.connection) throw new UserError(this.status().reason ?? 'No engine is connected.', 'no-engine');
    return this.connection.docker();
  }

  readonly handlers: Handlers = {
    methods: {
      'app.info': async () => ({
        version: this.options.version,
        mode: this.options.mode,
        platform: process.platform,
        dataDir: this.options.paths.data,
        settingsWarning: this.settingsWarning,
      }),
      'engine.status': async () => this.status(),
      'engine.list': async () => this.listEngines(),
      'engine.select': async ({ id }) => {
        const candidate = this.candidates().find((c) => c.id === id);
        if (!candidate) throw new UserError(`There is no engine “${id}” any more. Refresh the list and choose again.`, 'not-found');
        this.settings = { ...this.settings, engine: { ...this.settings.engine, selected: id } };
        await saveSettings(this.settingsFile, this.settings);
        await this.chooseEngine();
        return this.status();
      },
      'managed.status': async () => this.managed.status(),
      'managed.start': () => this.managed.start(),
      'managed.stop': () => this.managed.stop(),
      'managed.restart': () => this.managed.restart(),
      'managed.log': async () => this.managed.log(),
      ...containerHandlers(this),
      ...volumeHandlers(this),
      ...networkHandlers(this),
      ...diskHandlers(this),
      ...imageHandlers(this),
      ...fileHandlers(this),
      ...preferenceHandlers(this),
      ...runHandlers(this),
      ...containerDetailHandlers(this),
      ...terminalMethodHandlers(this),
      ...vmMethodHandlers(this),
      ...composeHandlers(this),
    },
    streams: {
      'app.updates': (_input, { signal }) => {
        // Status notices replace each other; "changed" notices merge, so a slow UI never builds a backlog.
        const queue = new EventQueue<AppUpdate>(signal, (queued, next) => {
          if (queued.type !== next.type) return undefined;
          if (next.type === 'changed' && queued.type === 'changed') {
            return { type: 'changed', resources: [...new Set([...queued.resources, ...next.resources])] };
          }
          return next;
        });
        queue.push({ type: 'status', status: this.status() });
        queue.push({ type: 'managed', status: this.managed.status() });
        const off = this.onUpdate((u) => queue.push(u));
        signal.addEventListener('abort', off, { once: true });
        return queue;
      },
      ...imageStreamHandlers(this),
      ...volumeTransferHandlers(this),
      ...containerDetailStreamHandlers(this),
      ...logHandlers(this),
      ...terminalStreamHandlers(this),
      ...vmStreamHandlers(this),
      ...composeStreamHandlers(this),
    },
  };

  describe(e: unknown): string {
    return engineError(e, this.connection?.host ?? '').message;
  }

  async engineCall<T>(run: (docker: Docker) => Promise<T>): Promise<T> {
    const docker = this.docker();
    try {
      return await run(docker);
    } catch (e) {
      throw engineError(e, this.connection?.host ?? '');
    }
  }

  private candidates(): EngineCandidate[] {
    return engineCandidates({ managedSocket: this.managed.socket, vmHost: this.vm.offered ? this.vm.dockerHost : undefined });
  }

  private async listEngines(): Promise<EngineEndpoint[]> {
    const probed = await probeEngines(this.candidates());
    const managed = this.managed.status();
    // The managed engine is always offered on Linux (it can be started); elsewhere only when it answers.
    return probed.filter((e) => e.reachable || e.kind !== 'managed' || managed.supported);
  }

  /** Serialises engine choice so a select during a rediscovery cannot leave two connections. */
  private chooseEngine(): Promise<void> {
    this.choosing = this.choosing.then(() => this.doChooseEngine()).catch((e) => console.error('[berth] choosing an engine failed:', e));
    return this.choosing;
  }

  private async doChooseEngine(): Promise<void> {
    clearTimeout(this.rediscoverTimer);
    const candidates = this.candidates();
    const selected = this.settings.engine.selected;
    let chosen = selected ? candidates.find((c) => c.id === selected) : undefined;
    if (!chosen) {
      const probed = await probeEngines(candidates);
      const first = probed.find((e) => e.reachable);
      chosen = first && candidates.find((c) => c.id === first.id);
    }
    if (chosen && this.connection?.host === chosen.host && this.connection.status.endpoint?.id === chosen.id) return;
    this.connection?.dispose();
    this.connection = undefined;
    if (!chosen) {
      const managed = this.managed.status();
      const offer = !managed.supported
        ? this.vm.offered ? 'Start Docker or Podman, or start Berth’s VM.' : 'Start Docker or Podman.'
        : managed.installed
          ? 'Start Docker or Podman, or start Berth’s managed engine.'
          : `Start Docker or Podman. To let Berth run its own engine: ${managed.installHint}`;
      this.noEngine = { state: 'none', reason: `No container engine is running on this machine. ${offer}` };
      this.publish({ type: 'status', status: this.status() });
      this.rediscoverTimer = setTimeout(() => void this.chooseEngine(), REDISCOVER_MS);
      this.rediscoverTimer.unref();
      return;
    }
    this.noEngine = undefined;
    const { tlsPath, ...endpoint } = chosen;
    const connection = new EngineConnection({ endpoint, tlsPath });
    this.connection = connection;
    connection.on('status', () => this.publish({ type: 'status', status: this.status() }));
    connection.on('changed', (resources) => this.publish({ type: 'changed', resources }));
    this.publish({ type: 'status', status: this.status() });
    connection.start();
  }

  private reconnectSoon(): void {
    if (this.connection?.status.endpoint?.kind === 'managed' || this.connection?.status.endpoint?.kind === 'vm') {
      // Restart the connection so it does not wait out its backoff.
      const { endpoint } = this.connection.status;
      this.connection.dispose();
      this.connection = undefined;
      if (endpoint) void this.chooseEngine();
      return;
    }
    void this.chooseEngine();
  }

  private publish(update: AppUpdate): void {
    this.updates.emit('update', update);
  }
}
