/**
 * The shapes that cross the boundary between the UI and the backend. Outputs are plain data (no class
 * instances, no Dates) so they survive structured clone (Electron IPC) and JSON (browser mode) alike.
 */
import type { Preferences } from './preferences-types';

/** How Berth can reach an engine. */
export type EngineKind =
  | 'docker-host' // DOCKER_HOST
  | 'context' // a `docker context`
  | 'default' // /var/run/docker.sock
  | 'rootless' // rootless Docker
  | 'podman' // Podman's Docker-compatible socket
  | 'managed' // the dockerd Berth runs itself
  | 'vm'; // the engine in Berth's Linux VM

export interface EngineEndpoint {
  /** Stable id used in settings, e.g. `context:work`, `default`, `managed`. */
  id: string;
  kind: EngineKind;
  /** What the user reads, e.g. "Docker context “work”". */
  label: string;
  /** unix:///path, tcp://host:port, ssh://user@host, npipe://... */
  host: string;
  /** Whether a `/_ping` answered when the list was made. */
  reachable: boolean;
  /** Why it is not reachable, in words. */
  problem?: string;
  /** Engine version, when reachable. */
  version?: string;
}

/** `not-answering`: the engine is there (its socket takes connections) but answers nothing, e.g. hung. */
export type EngineState = 'running' | 'starting' | 'stopped' | 'unreachable' | 'not-answering' | 'none';

export interface EngineStatus {
  state: EngineState;
  /** The endpoint in use (or being tried); absent when no engine is chosen or found. */
  endpoint?: EngineEndpoint;
  /** For `unreachable`, `not-answering` and `none`: what went wrong and what to do, in words. */
  reason?: string;
  /** Negotiated API version, e.g. "1.41". */
  apiVersion?: string;
  /** Server details when running. */
  server?: { version: string; os: string; arch: string; kernel: string; name: string; podman: boolean };
}

export type ManagedEngineState = 'stopped' | 'starting' | 'running' | 'stopping' | 'failed';

export interface ManagedEngineStatus {
  /** Whether this platform can run a managed engine on the host (Linux). */
  supported: boolean;
  /** Whether `dockerd` was found; when not, `installHint` says what to install. */
  installed: boolean;
  installHint?: string;
  state: ManagedEngineState;
  /** Last failure, in words. */
  error?: string;
  socket: string;
  dataRoot: string;
  pid?: number;
  /** The Berth process that started (or took over) the engine; `self` when it is this one. */
  owner?: { pid: number; self: boolean };
  /** Other Berth processes (windows, browser-mode servers) using this engine now: stopping it stops theirs too. */
  others?: number;
}

export interface PortBinding {
  /** Container-side port. */
  privatePort: number;
  /** Host-side port, when published. */
  publicPort?: number;
  /** Host IP the port is bound to (0.0.0.0, ::, 127.0.0.1). */
  ip?: string;
  type: 'tcp' | 'udp' | 'sctp';
}

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerSummary {
  id: string;
  /** Without the leading slash. */
  name: string;
  /** The image as the container was created from it (`demo/bb:1`), even once that name is gone. */
  image: string;
  /** The name in `image` no longer names this container's image (it was removed, or moved to another). */
  imageNameMoved?: boolean;
  imageId: string;
  command: string;
  state: ContainerState;
  /** The engine's own status text, e.g. "Up 3 minutes", "Exited (0) 2 hours ago". */
  status: string;
  /** Seconds since the epoch. */
  created: number;
  ports: PortBinding[];
  labels: Record<string, string>;
  /** The Compose project this container belongs to, from `com.docker.compose.project`. */
  composeProject?: string;
  composeService?: string;
  /** Whether the container has volumes without a name (they go with it when removed with volumes). */
  anonymousVolumes: number;
}

export type ContainerAction = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill';

/** The result of acting on several containers at once: each one succeeds or fails on its own. */
export interface BulkResult {
  done: string[];
  failed: { id: string; message: string }[];
}

export interface AppInfo {
  version: string;
  /** `desktop` in Electron, `browser` in browser mode. */
  mode: 'desktop' | 'browser';
  platform: string;
  dataDir: string;
  /** A warning about the settings file the user should see (e.g. it was corrupt and kept aside). */
  settingsWarning?: string;
}

/** What changed in the engine; the UI refetches the matching queries. */
/** `swarm`: nodes, services and their tasks, stacks, secrets and configs. */
export type ResourceKind = 'containers' | 'images' | 'volumes' | 'networks' | 'swarm';

export type AppUpdate =
  | { type: 'status'; status: EngineStatus }
  | { type: 'managed'; status: ManagedEngineStatus }
  | { type: 'changed'; resources: ResourceKind[] }
  /** The preferences changed (from any window, or the tray): every window and the desktop shell apply them. */
  | { type: 'preferences'; preferences: Preferences };
