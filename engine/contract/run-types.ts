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
  // What the Run form's "Other options" set, each under the name `docker run` sends it with.
  ExtraHosts?: string[];
  Annotations?: Record<string, string>;
  BlkioWeight?: number;
  BlkioWeightDevice?: { Path: string; Weight: number }[];
  BlkioDeviceReadBps?: ThrottleDevice[];
  BlkioDeviceWriteBps?: ThrottleDevice[];
  BlkioDeviceReadIOps?: ThrottleDevice[];
  BlkioDeviceWriteIOps?: ThrottleDevice[];
  CapAdd?: string[];
  CapDrop?: string[];
  CgroupParent?: string;
  CgroupnsMode?: string;
  CpuCount?: number;
  CpuPercent?: number;
  CpuPeriod?: number;
  CpuQuota?: number;
  CpuRealtimePeriod?: number;
  CpuRealtimeRuntime?: number;
  CpuShares?: number;
  CpusetCpus?: string;
  CpusetMems?: string;
  Devices?: { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[];
  DeviceCgroupRules?: string[];
  DeviceRequests?: DeviceRequestSpec[];
  Dns?: string[];
  DnsOptions?: string[];
  DnsSearch?: string[];
  GroupAdd?: string[];
  IOMaximumBandwidth?: number;
  IOMaximumIOps?: number;
  IpcMode?: string;
  Isolation?: string;
  KernelMemory?: number;
  Links?: string[];
  LogConfig?: { Type: string; Config?: Record<string, string> };
  /** Empty with `--security-opt systempaths=unconfined`: nothing masked, nothing read-only under /proc and /sys. */
  MaskedPaths?: string[];
  ReadonlyPaths?: string[];
  MemoryReservation?: number;
  MemorySwap?: number;
  MemorySwappiness?: number;
  Mounts?: MountSpec[];
  OomKillDisable?: boolean;
  OomScoreAdj?: number;
  PidMode?: string;
  PidsLimit?: number;
  ReadonlyRootfs?: boolean;
  Runtime?: string;
  SecurityOpt?: string[];
  ShmSize?: number;
  StorageOpt?: Record<string, string>;
  Sysctls?: Record<string, string>;
  /** `"/run": "rw,size=64m"` */
  Tmpfs?: Record<string, string>;
  Ulimits?: { Name: string; Soft: number; Hard: number }[];
  UsernsMode?: string;
  UTSMode?: string;
  VolumeDriver?: string;
  VolumesFrom?: string[];
}

export interface ThrottleDevice {
  Path: string;
  Rate: number;
}

export interface DeviceRequestSpec {
  Driver?: string;
  Count?: number;
  DeviceIDs?: string[];
  Capabilities?: string[][];
  Options?: Record<string, string>;
}

/** A `--mount`, as the Engine API's `HostConfig.Mounts` takes it. */
export interface MountSpec {
  Type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: { Propagation?: string; NonRecursive?: boolean; CreateMountpoint?: boolean };
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string>; DriverConfig?: { Name?: string; Options?: Record<string, string> }; Subpath?: string };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

export interface HealthcheckSpec {
  /** `["CMD-SHELL", "curl -f localhost"]`, or `["NONE"]` to turn off the image's check. */
  Test?: string[];
  /** Nanoseconds. */
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** A network the container joins at create, with what `--ip`, `--network-alias` and the like ask of it. */
export interface EndpointSpec {
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] };
  Aliases?: string[];
  MacAddress?: string;
  DriverOpts?: Record<string, string>;
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
  Domainname?: string;
  Healthcheck?: HealthcheckSpec;
  StopSignal?: string;
  /** Seconds. */
  StopTimeout?: number;
  MacAddress?: string;
  HostConfig: HostConfigSpec;
  NetworkingConfig?: { EndpointsConfig: Record<string, EndpointSpec> };
  /** `--platform`: sent in the query, like `name`. */
  platform?: string;
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

/** A file a pasted command names, read on the machine Berth runs on. */
export interface RunFile {
  path: string;
  text: string;
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
  /** What the engine gives a container that does not ask, so only what was asked is written back. */
  engine?: { cgroupVersion?: string; loggingDriver?: string; defaultRuntime?: string };
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
    Volumes?: Record<string, unknown> | null;
    Tty?: boolean;
    OpenStdin?: boolean;
    Domainname?: string;
    Healthcheck?: HealthcheckSpec | null;
    StopSignal?: string;
    StopTimeout?: number | null;
    MacAddress?: string;
  };
  HostConfig?: Nullable<Omit<HostConfigSpec, 'PortBindings' | 'RestartPolicy'>> & {
    PortBindings?: Record<string, PortBindingSpec[] | null> | null;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null;
  };
  NetworkSettings?: { Networks?: Record<string, (EndpointSpec & { IPAMConfig?: EndpointSpec['IPAMConfig'] | null; Aliases?: string[] | null; DriverOpts?: Record<string, string> | null }) | null> | null };
  Platform?: string;
  Mounts?: { Type?: string; Name?: string; Source?: string; Destination?: string; RW?: boolean; Mode?: string; Driver?: string }[] | null;
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
  Healthcheck?: HealthcheckSpec | null;
  StopSignal?: string;
}

type Nullable<T> = { [K in keyof T]?: T[K] | null };
