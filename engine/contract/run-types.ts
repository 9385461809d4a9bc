/**
 * The shapes of running a container. `ContainerCreateSpec` is the part of the Engine API's
 * `POST /containers/create` body that the Run dialog fills in, under the engine's own field names, so what
 * crosses the boundary is exactly what the engine receives (and what `docker inspect` shows back).
 */

export type RestartPolicyName = 'no' | 'on-failure' | 'always' | 'unless-stopped';

export interface PortBindingSpec {
  /** Empty or absent: every address of the host. */
  HostIp?: string;
  /** Empty or absent: a free port the engine picks. */
  HostPort?: string;
}

export interface HostConfigSpec {
  /** `"8080/tcp": [{ HostIp, HostPort }]` */
  PortBindings?: Record<string, PortBindingSpec[]>;
  /** Every port the image exposes, on free host ports (`-P`). */
  PublishAllPorts?: boolean;
  /** `volume-name:/path[:ro]` and `/host/path:/path[:ro]` (named volumes are created when missing). */
  Binds?: string[];
  RestartPolicy?: { Name: RestartPolicyName; MaximumRetryCount?: number };
  /** bridge, host, none, container:<name or id>, or a user network's name. */
  NetworkMode?: string;
  /** CPUs in billionths (`--cpus 1.5` is 1_500_000_000). */
  NanoCpus?: number;
  /** Bytes. */
  Memory?: number;
  AutoRemove?: boolean;
  Privileged?: boolean;
  Init?: boolean;
}

export interface ContainerCreateSpec {
  /** The container's name; absent lets the engine make one up. */
  name?: string;
  Image: string;
  Cmd?: string[];
  Entrypoint?: string[];
  /** `KEY=value` */
  Env?: string[];
  WorkingDir?: string;
  User?: string;
  Hostname?: string;
  Labels?: Record<string, string>;
  /** `"8080/tcp": {}` for every port published or exposed. */
  ExposedPorts?: Record<string, Record<string, never>>;
  /** `"/data": {}`: a volume without a name, made for this container (`-v /data`). */
  Volumes?: Record<string, Record<string, never>>;
  Tty?: boolean;
  OpenStdin?: boolean;
  HostConfig: HostConfigSpec;
}

export type RunProblemSeverity = 'error' | 'warning' | 'info';

/** What the engine-side checks found, tied to the form field it is about when there is one. */
export interface RunProblem {
  severity: RunProblemSeverity;
  /** What it is about: `name`, `image`, `network`, `hostPort.8080/tcp` (a host port), `volume.<source>` (a mount's source). */
  field?: string;
  message: string;
  /** The image is not on this engine: the UI offers to pull it. */
  pullImage?: string;
}

export interface RunCheckResult {
  problems: RunProblem[];
  /** Whether the engine runs on this machine, so host ports and folders could be checked here. */
  engineIsLocal: boolean;
}

export interface RunResult {
  id: string;
  name: string;
  /** What the engine warned about while creating (e.g. a memory limit without swap limit support). */
  warnings: string[];
}

export type RunChoiceKind = 'images' | 'networks' | 'volumes' | 'containers';

/** A value the form can offer: a local image tag, a network, a volume, a container name. */
export interface RunChoice {
  name: string;
  /** A short detail to show next to it: a network's driver, a container's state. */
  detail?: string;
}

/**
 * What an existing container was created with, for "Duplicate" and "Recreate": its inspect data and its
 * image's own configuration, so what the image brings (its environment, command, labels) can be told apart
 * from what was chosen when the container was created.
 */
export interface RunTemplate {
  container: ContainerConfigSource;
  image?: ImageConfigSource;
}

/** The fields of a container's inspect data that the Run form reads. */
export interface ContainerConfigSource {
  Id: string;
  Name: string;
  Image?: string;
  Config?: {
    Image?: string;
    Cmd?: string[] | null;
    Entrypoint?: string[] | string | null;
    Env?: string[] | null;
    WorkingDir?: string;
    User?: string;
    Hostname?: string;
    Labels?: Record<string, string> | null;
    ExposedPorts?: Record<string, unknown> | null;
    Tty?: boolean;
    OpenStdin?: boolean;
  };
  HostConfig?: {
    PortBindings?: Record<string, PortBindingSpec[] | null> | null;
    PublishAllPorts?: boolean;
    Binds?: string[] | null;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null;
    NetworkMode?: string;
    NanoCpus?: number;
    Memory?: number;
    AutoRemove?: boolean;
    Privileged?: boolean;
    Init?: boolean | null;
  };
  Mounts?: { Type?: string; Name?: string; Source?: string; Destination?: string; RW?: boolean }[] | null;
}

export interface ImageConfigSource {
  Cmd?: string[] | null;
  Entrypoint?: string[] | string | null;
  Env?: string[] | null;
  WorkingDir?: string;
  User?: string;
  Labels?: Record<string, string> | null;
  ExposedPorts?: Record<string, unknown> | null;
  Volumes?: Record<string, unknown> | null;
}
