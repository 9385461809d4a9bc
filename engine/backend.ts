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
import { EnginePool } from './engine-pool';
import type { LiveEngine, Offered } from './engine-pool';
import { engineError } from './docker/engine-errors';
import type { BerthPaths } from './paths';
import { MachineEngines, probeEngines } from './providers/discovery';
import { ManagedEngine } from './providers/managed-engine';
import { ManagedEngineProvider } from './providers/managed-provider';
import type { EngineCandidate, EngineProvider, ProviderState } from './providers/provider';
import { SshLinks } from './remote/ssh-links';
import { remoteEngineHandlers } from './services/remote-engines';
import type { RemoteEngineHost } from './services/remote-engines';
import { currentScope, newSessionScope } from './rpc/session-scope';
import type { SessionScope } from './rpc/session-scope';
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
import { swarmHandlers } from './services/swarm';
import { logHandlers } from './services/logs';
import { terminalMethodHandlers, terminalStreamHandlers } from './services/terminal';
import { TerminalSessions } from './services/terminal-sessions';
import type { EngineAccess } from './services/engine-access';
import type { Handlers } from './rpc/session-host';
import { runInScope as runAs } from './rpc/session-scope';
import { refuseUnconfirmedStop } from './services/stop-confirmation';
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

/** The user of a live engine that stands for every window without an engine of its own. */
const DEFAULT_USER = 'default';

export class Backend implements EngineAccess, PreferencesAccess, RemoteEngineHost {
  readonly managed: ManagedEngine;
  /** Berth's Linux VM: Berth's own engine on macOS and Windows, selectable on Linux (the managed engine is the host dockerd). */
  readonly vm: VmEngine;
  /**
   * Where engines come from, in the order Berth prefers them when the user has not chosen: the engines
   * on this machine, Berth’s managed engine, Berth’s VM, then any the user added (addProvider).
   */
  private readonly providers: EngineProvider[] = [];
  private readonly providerListeners = new Map<EngineProvider, (state: ProviderState) => void>();
  /** Every engine connected now: the default one and those windows stay on. */
  private readonly pool = new EnginePool();
  /** SSH connections to remote engines, one per host, kept open. */
  readonly sshLinks: SshLinks;
  readonly credentials: CredentialStore;
  readonly dialogs: FileDialogs | undefined;
  /** Browser-mode downloads (every download: engine/services/download.ts), served by the browser-mode server. */
  readonly downloads = new DownloadDesk();
  /** Terminals in containers, kept while Berth runs whichever window watches them. */
  readonly terminals = new TerminalSessions();
  private readonly settingsFile: string;
  private settings: Settings;
  private readonly settingsWarning: string | undefined;
  /** The engine in use for every window whose address names none. */
  private defaultEngine: LiveEngine | undefined;
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
    this.managed.on('change', (status) => this.publish({ type: 'managed', status }));
    this.vm = new VmEngine(options.paths);
    this.sshLinks = new SshLinks({ runtimeDir: options.paths.runtime });
    this.pool.on('update', (id, update) => {
      if (id === this.defaultEngine?.id) this.publish(update);
    });
    this.addProvider(
      new MachineEngines(
        () => this.providers.filter((p) => p.id !== 'machine').flatMap((p) => p.discover().map((c) => c.host)),
        process.env,
        (host) => this.dial(host),
      ),
    );
    this.addProvider(new ManagedEngineProvider(this.managed));
    this.addProvider(this.vm);
  }

  /**
   * Adds a source of engines (a remote engine the user added, say). Its engines are offered from now on;
   * its id must be new.
   */
  addProvider(provider: EngineProvider): void {
    if (this.providers.some((p) => p.id === provider.id)) throw new Error(`An engine provider “${provider.id}” is already registered.`);
    const listener = (state: ProviderState) => {
      const mine = this.pool.all().filter((e) => e.offered.provider === provider);
      // An engine that just came up may be the one Berth was waiting for (or one in use, back again):
      // reconnect at once rather than wait out the connection's backoff.
      if (state.running) {
        for (const engine of mine) if (provider.overlay) this.pool.reconnect(engine);
        if (this.noEngine) void this.chooseEngine();
      }
      for (const engine of mine) this.publishFor(engine, { type: 'status', status: this.pool.statusOf(engine) });
    };
    provider.on('state', listener);
    this.providerListeners.set(provider, listener);
    this.providers.push(provider);
  }

  /** Removes a provider the user added; the engine in use is given up if it was one of its engines. */
  async removeProvider(id: string): Promise<void> {
    const provider = this.providers.find((p) => p.id === id);
    if (!provider) return;
    this.providers.splice(this.providers.indexOf(provider), 1);
    const listener = this.providerListeners.get(provider);
    if (listener) provider.off('state', listener);
    this.providerListeners.delete(provider);
    await provider.dispose('keep-running');
    if (this.defaultEngine?.offered.provider === provider) {
      this.pool.release(this.defaultEngine, DEFAULT_USER);
      this.defaultEngine = undefined;
      await this.chooseEngine();
    }
  }

  /**
   * A connected UI's own scope (one per window or browser tab): the engine it stays on when its address
   * names one, let go when it disconnects.
   */
  newScope(): SessionScope {
    const scope = newSessionScope();
    scope.onDispose = () => this.unpin(scope);
    return scope;
  }

  get runtimeDir(): string {
    return this.options.paths.runtime;
  }

  liveDocker(id: string): Docker | undefined {
    const engine = this.pool.get(id);
    try {
      return engine?.connection.docker();
    } catch {
      return undefined;
    }
  }

  dialAddress(host: string): Promise<string> {
    return this.dial(host);
  }

  /** An engine whose context Berth removed: it is not the default any more, and its SSH link closes. */
  async forgetEngine(id: string, host: string): Promise<void> {
    if (this.settings.engine.selected === id) {
      this.settings = { ...this.settings, engine: { ...this.settings.engine, selected: undefined } };
      await saveSettings(this.settingsFile, this.settings);
    }
    if (this.defaultEngine?.id === id) await this.chooseEngine();
    if (host.startsWith('ssh://') && !this.pool.all().some((e) => e.offered.candidate.host === host)) this.sshLinks.close(host);
  }

  /** The address to open for an engine: an SSH engine's is its private local socket, through its link. */
  private async dial(host: string): Promise<string> {
    if (!host.startsWith('ssh://')) return host;
    const socket = await this.sshLinks.socketFor(host);
    const link = this.sshLinks.linkFor(host);
    if (link && link.state !== 'connected') throw new UserError(link.reason ?? `The SSH connection to ${host} is down. Reconnecting…`, 'engine-unreachable');
    return `unix://${socket}`;
  }

  /** Finds and connects to the engine to use. */
  start(): Promise<void> {
    for (const provider of this.providers) void provider.resume?.();
    return this.chooseEngine();
  }

  /**
   * Stops following the engine. Each provider applies the user's choice for an engine it owns (stop it,
   * or leave it running for the next Berth); an engine another Berth uses or owns is never stopped.
   */
  async dispose(): Promise<void> {
    clearTimeout(this.rediscoverTimer);
    // Their processes would otherwise run on in the containers (the engine does not end them).
    await this.terminals.closeAll();
    this.pool.dispose();
    this.defaultEngine = undefined;
    this.sshLinks.dispose();
    const onQuit = this.settings.preferences.engineOnQuit;
    await Promise.all(this.providers.map((p) => p.dispose(onQuit).catch(() => undefined)));
  }

  vmDisk(): VmDiskFacts | undefined {
    return this.callerEngine()?.offered.provider.diskFacts?.();
  }

  /** The status of the caller's engine: its window's own, or the default. */
  status(): EngineStatus {
    const engine = this.callerEngine();
    if (engine) return this.pool.statusOf(engine);
    return this.noEngine ?? { state: 'starting' };
  }

  /** The engine the calling window uses (the default outside any window: the tray, tests). */
  private callerEngine(): LiveEngine | undefined {
    const pinned = currentScope()?.engineId;
    return pinned ? this.pool.get(pinned) : this.defaultEngine;
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
    const engine = this.callerEngine();
    if (!engine) throw new UserError(this.status().reason ?? 'No engine is connected.', 'no-engine');
    return engine.connection.docker();
  }

  /** The caller's engine address, as the user knows it (ssh://…, tcp://…, unix://…). */
  engineHost(): string {
    return this.callerEngine()?.offered.candidate.host ?? '';
  }

  /** An address a program started by Berth (Compose, the docker CLI) reaches the caller's engine at, with its TLS folder. */
  async engineAddress(): Promise<{ host: string; tlsPath?: string } | undefined> {
    const engine = this.callerEngine();
    if (!engine) return undefined;
    return { host: await this.dial(engine.offered.candidate.host), tlsPath: engine.offered.candidate.tlsPath };
  }

  /**
   * Makes the caller's window stay on an engine (null: follow the default again). Windows on the same
   * engine, the default's included, share its one connection.
   */
  private async pin(id: string | null): Promise<EngineStatus> {
    const scope = currentScope();
    if (!scope) throw new UserError('Only a window can stay on an engine of its own.', 'invalid-input');
    if (id === null) {
      this.unpin(scope);
    } else if (scope.engineId !== id) {
      const offered = this.offered().find((o) => o.candidate.id === id);
      if (!offered) throw new UserError(`There is no engine “${id}” any more. Choose another on the Engines page.`, 'not-found');
      this.unpin(scope);
      const engine = this.pool.acquire(offered, `window:${scope.id}`);
      scope.engineId = id;
      await this.pool.settled(engine);
    }
    scope.onEngineChange?.();
    return this.status();
  }

  private unpin(scope: SessionScope): void {
    if (!scope.engineId) return;
    this.pool.release(this.pool.get(scope.engineId), `window:${scope.id}`);
    scope.engineId = undefined;
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
        if (this.defaultEngine) await this.pool.settled(this.defaultEngine);
        return this.status();
      },
      'engine.pin': ({ id }) => this.pin(id),
      'managed.status': async () => this.managed.status(),
      'managed.start': () => this.managed.start(),
      'managed.stop': (input) => {
        refuseUnconfirmedStop(this.managed.others(), input?.othersConfirmed);
        return this.managed.stop();
      },
      'managed.restart': (input) => {
        refuseUnconfirmedStop(this.managed.others(), input?.othersConfirmed);
        return this.managed.restart();
      },
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
      ...terminalMethodHandlers(this, this.terminals),
      ...vmMethodHandlers(this),
      ...remoteEngineHandlers(this),
      ...composeHandlers(this),
      ...swarmHandlers(this),
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
        const scope = currentScope();
        queue.push({ type: 'status', status: this.status() });
        queue.push({ type: 'managed', status: this.managed.status() });
        // A window on an engine of its own hears that engine's status and changes, not the default's.
        const mine = (u: AppUpdate) => u.type !== 'status' && u.type !== 'changed';
        const off = this.onUpdate((u) => {
          if (!scope?.engineId || mine(u)) queue.push(u);
        });
        const offPinned = (id: string, u: AppUpdate) => {
          if (scope?.engineId === id) queue.push(u);
        };
        this.pool.on('update', offPinned);
        if (scope) scope.onEngineChange = () => queue.push({ type: 'status', status: runAs(scope, () => this.status()) });
        signal.addEventListener(
          'abort',
          () => {
            off();
            this.pool.off('update', offPinned);
            if (scope) scope.onEngineChange = undefined;
          },
          { once: true },
        );
        return queue;
      },
      ...imageStreamHandlers(this),
      ...volumeTransferHandlers(this),
      ...containerDetailStreamHandlers(this),
      ...logHandlers(this),
      ...terminalStreamHandlers(this.terminals),
      ...vmStreamHandlers(this),
      ...composeStreamHandlers(this),
    },
  };

  describe(e: unknown): string {
    return engineError(e, this.engineHost()).message;
  }

  async engineCall<T>(run: (docker: Docker) => Promise<T>): Promise<T> {
    const docker = this.docker();
    try {
      return await run(docker);
    } catch (e) {
      throw engineError(e, this.engineHost());
    }
  }

  /** Every engine the providers offer, in their order; an address offered twice counts once (the first). */
  offered(): Offered[] {
    const seen = new Set<string>();
    const list: Offered[] = [];
    for (const provider of this.providers) {
      for (const candidate of provider.discover()) {
        if (seen.has(candidate.host)) continue;
        seen.add(candidate.host);
        list.push({ candidate, provider });
      }
    }
    return list;
  }

  private candidates(): EngineCandidate[] {
    return this.offered().map((o) => o.candidate);
  }

  /** Asks each offered engine whether it answers: through its provider when that has its own way. */
  private probe(offered: Offered[]): Promise<EngineEndpoint[]> {
    return Promise.all(offered.map(async (o) => (o.provider.probe ? o.provider.probe(o.candidate) : (await probeEngines([o.candidate], undefined, (host) => this.dial(host)))[0]!)));
  }

  private async listEngines(): Promise<EngineEndpoint[]> {
    const offered = this.offered();
    const probed = await this.probe(offered);
    // An engine Berth can start is listed while stopped; one it cannot start only when it answers.
    return probed.filter((e, i) => e.reachable || offered[i]!.provider.listedWhenStopped(offered[i]!.candidate));
  }

  /** Serialises engine choice so a select during a rediscovery cannot leave two connections. */
  private chooseEngine(): Promise<void> {
    this.choosing = this.choosing.then(() => this.doChooseEngine()).catch((e) => console.error('[berth] choosing an engine failed:', e));
    return this.choosing;
  }

  private async doChooseEngine(): Promise<void> {
    clearTimeout(this.rediscoverTimer);
    const offered = this.offered();
    const selected = this.settings.engine.selected;
    let chosen = selected ? offered.find((o) => o.candidate.id === selected) : undefined;
    if (!chosen) {
      const probed = await this.probe(offered);
      const first = probed.find((e) => e.reachable);
      chosen = first && offered.find((o) => o.candidate.id === first.id);
    }
    const previous = this.defaultEngine;
    if (chosen && previous?.id === chosen.candidate.id && previous.offered.candidate.host === chosen.candidate.host) return;
    this.defaultEngine = undefined;
    this.pool.release(previous, DEFAULT_USER);
    if (!chosen) {
      this.noEngine = { state: 'none', reason: `No container engine is running on this machine. ${this.noEngineOffer()}` };
      this.publish({ type: 'status', status: this.status() });
      this.rediscoverTimer = setTimeout(() => void this.chooseEngine(), REDISCOVER_MS);
      this.rediscoverTimer.unref();
      return;
    }
    this.noEngine = undefined;
    this.defaultEngine = this.pool.acquire(chosen, DEFAULT_USER);
    this.publish({ type: 'status', status: this.pool.statusOf(this.defaultEngine) });
  }

  /** What the user can start or install when no engine answers, from the first provider that can help. */
  private noEngineOffer(): string {
    const hints = this.providers.map((p) => p.noEngineHint?.()).filter((h) => h !== undefined);
    const hint = hints[0];
    if (hint?.start) return `Start Docker or Podman, or ${hint.start}.`;
    if (hint?.install) return `Start Docker or Podman. To let Berth run its own engine: ${hint.install}`;
    return 'Start Docker or Podman.';
  }

  private publish(update: AppUpdate): void {
    this.updates.emit('update', update);
  }

  /** An update about one live engine: to the windows on it (and everyone, when it is the default). */
  private publishFor(engine: LiveEngine, update: AppUpdate): void {
    this.pool.emit('update', engine.id, update);
  }
}
