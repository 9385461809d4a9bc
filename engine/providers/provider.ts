/**
 * An engine provider: one source of container engines Berth can use. The backend holds a list of them
 * (Backend.providers) and never asks which kind a provider is: it asks each one for the engines it
 * offers, connects to the one chosen through the provider that offered it, lets a provider that runs its
 * own engine say what it knows before the connection does, and tells every provider when Berth quits.
 *
 * Today: the engines found on this machine (discovery.ts), Berth's managed dockerd, Berth's VM. A remote
 * engine (SSH, TLS) is a provider too, added by the user at run time with Backend.addProvider and removed
 * with Backend.removeProvider; each engine it offers has its own id and is probed on its own, so several
 * engines each show their own reachability in the Engines list.
 */
import type { EngineEndpoint, EngineStatus } from '../contract/types';
import { EngineConnection } from '../docker/connection';
import type { VmDiskFacts } from '../docker/disk-usage';

/** An engine a provider offers: where it is and how to reach it. */
export interface EngineCandidate extends Omit<EngineEndpoint, 'reachable' | 'problem' | 'version'> {
  /** Folder with ca.pem, cert.pem and key.pem for a TLS engine. */
  tlsPath?: string;
}

/** What an engine provider that runs its own engine (the managed dockerd, the VM) says about it. */
export interface ProviderState {
  /** Its engine runs and should answer: an engine Berth waits for may be this one. */
  running: boolean;
}

/** What happens to a provider's own engine when its owner quits: the user's preference. */
export type OnQuit = 'stop' | 'keep-running';

export interface EngineProvider {
  /** `state` when its own engine comes up or goes away (providers that run none never emit it). */
  on(event: 'state', listener: (state: ProviderState) => void): unknown;
  off(event: 'state', listener: (state: ProviderState) => void): unknown;
  /** Unique among the backend's providers: 'machine', 'managed', 'vm'; a remote one e.g. 'ssh:build-box'. */
  readonly id: string;
  /** Describes itself, in the user's words: "Berth’s managed engine", "Engines on this machine". */
  readonly label: string;
  /**
   * The engines it offers now, best first. Their ids are unique across providers. Synchronous and
   * cheap (called on every choice): a provider that must look remotely keeps its last answer.
   */
  discover(): EngineCandidate[];
  /** Whether an engine of its own is listed while it does not answer (it can be started from Berth). */
  listedWhenStopped(candidate: EngineCandidate): boolean;
  /**
   * Opens a connection to one of its engines. Most providers use openConnection(); a provider that
   * needs a tunnel (SSH) builds its own, with its own status.
   */
  connect(candidate: EngineCandidate): EngineConnection;
  /**
   * Whether one of its engines answers now, briefly (for the Engines list and the first choice). Absent:
   * the backend pings the candidate's address directly (probeEngines), which suits sockets, pipes and TCP.
   */
  probe?(candidate: EngineCandidate): Promise<EngineEndpoint>;
  /**
   * The status of the connected engine as this provider knows it, which may be ahead of the
   * connection's (a start or stop in progress, a failure with its reason). Undefined: the connection's
   * status stands.
   */
  overlay?(connection: EngineStatus): EngineStatus | undefined;
  /** When no engine answers: what to start ("start Berth’s VM") or install, if this provider can help. */
  noEngineHint?(): { start?: string; install?: string } | undefined;
  /** Facts about the engine's disk as the host sees it (the VM's). */
  diskFacts?(): VmDiskFacts | undefined;
  /** Begins to follow its engines (a VM left running by an earlier Berth, a remote link). */
  resume?(): Promise<void>;
  /** Berth is quitting: stop an engine it owns if `onQuit` says so and nobody else uses it, else let go. */
  dispose(onQuit: OnQuit): Promise<void>;
}

/**
 * Turns an engine's address into the one to open, after opening what it needs first: an ssh:// address
 * becomes the private local socket of its SSH link. Throws a sentence when that cannot be done now.
 */
export type EngineDialer = (host: string) => Promise<string>;

/** The plain connection: a socket, a named pipe, or TCP with optional TLS, as the Docker CLI reaches them; ssh:// through `dial`. */
export function openConnection(candidate: EngineCandidate, dial?: EngineDialer): EngineConnection {
  const { tlsPath, ...endpoint } = candidate;
  return new EngineConnection({ endpoint, tlsPath, dial });
}
