/** The shapes of one container's details page: its configuration, processes, files and live usage. */

/** Any JSON value, as the engine sends it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface MountInfo {
  Type?: string;
  Name?: string;
  Source?: string;
  Destination?: string;
  Driver?: string;
  Mode?: string;
  RW?: boolean;
}

export interface EndpointInfo {
  IPAddress?: string;
  GlobalIPv6Address?: string;
  Gateway?: string;
  MacAddress?: string;
  Aliases?: string[] | null;
  NetworkID?: string;
}

/**
 * A container's inspect data as the engine sends it (`GET /containers/{id}/json`). The fields the
 * details page reads are typed; the rest is kept as it came, for the Inspect tab.
 */
export interface ContainerInspect {
  Id: string;
  Name: string;
  Created?: string;
  Image?: string;
  Path?: string;
  Args?: string[];
  RestartCount?: number;
  State?: {
    Status?: string;
    Running?: boolean;
    Paused?: boolean;
    Restarting?: boolean;
    ExitCode?: number;
    Error?: string;
    StartedAt?: string;
    FinishedAt?: string;
    Pid?: number;
    Health?: { Status?: string };
  };
  Config?: {
    Image?: string;
    Cmd?: string[] | null;
    Entrypoint?: string[] | string | null;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    WorkingDir?: string;
    User?: string;
    Hostname?: string;
    Tty?: boolean;
    OpenStdin?: boolean;
    ExposedPorts?: Record<string, JsonValue> | null;
  };
  HostConfig?: {
    NetworkMode?: string;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null;
    AutoRemove?: boolean;
    Privileged?: boolean;
    NanoCpus?: number;
    Memory?: number;
    PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
    PublishAllPorts?: boolean;
  };
  NetworkSettings?: {
    Ports?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
    Networks?: Record<string, EndpointInfo> | null;
  };
  Mounts?: MountInfo[] | null;
  [key: string]: JsonValue | undefined | object;
}

export type FileKind = 'file' | 'folder' | 'link' | 'other';

export interface FileEntry {
  name: string;
  kind: FileKind;
  size: number;
  /** Seconds since the epoch. */
  modified: number;
  /** Permission bits as octal text, e.g. "755". */
  mode: string;
  /** Where a link points. */
  target?: string;
  /** A link that leads to a folder, so it can be opened like one. */
  targetIsFolder?: boolean;
}

export interface FileListing {
  /** The folder listed, absolute. */
  path: string;
  entries: FileEntry[];
  /**
   * How it was read: `exec` asks the running container itself; `archive` reads the engine's archive of
   * the folder (stopped containers, images without a shell), which for a large folder stops early.
   */
  via: 'exec' | 'archive';
  /** The archive was too large to read whole: the listing may miss entries. */
  truncated?: boolean;
}

/**
 * An upload into a container follows the one upload protocol (engine/contract/transfer.ts): `uploaded`
 * says how many bytes the engine has taken (0 first: ready), then `done` says where the file is.
 */
export type UploadEvent = { type: 'uploaded'; bytes: number } | { type: 'done'; path: string };

export interface ProcessList {
  titles: string[];
  processes: string[][];
}

/** One moment of one container's resource use, as `docker stats` computes it. */
export interface StatsSample {
  id: string;
  /** Milliseconds since the epoch. */
  at: number;
  /** Percent of one CPU (200 means two CPUs busy), as `docker stats` shows it. */
  cpuPercent: number;
  /** Bytes in use, without the page cache the kernel can drop. */
  memoryUsed: number;
  /** The limit in bytes (the machine's memory when there is none). */
  memoryLimit: number;
  networkRx: number;
  networkTx: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
}

/** A batch of samples; `ended` names containers whose stream stopped (stopped, removed). */
export interface StatsBatch {
  samples: StatsSample[];
  ended: string[];
}
