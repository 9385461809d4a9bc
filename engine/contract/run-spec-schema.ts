/**
 * The schema of the Run dialog's create body (run-types.ts `ContainerCreateSpec`): every field `docker run`
 * can set, bounded so a hostile or broken caller cannot hand the engine something absurd. The engine
 * still checks the values themselves (a capability's name, a device's path) and says what is wrong.
 */
import { z } from 'zod';
import type { ContainerCreateSpec } from './run-types';

/** The engine's own rule for container names. */
export const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

const text = (max: number) => z.string().max(max);
const empty = z.object({}).strict();
const port = z.string().regex(/^\d{1,5}\/(tcp|udp|sctp)$/, 'a port like 8080/tcp');
const list = (max = 256, each = 1024) => z.array(text(each)).max(max).optional();
const map = (max = 256) => z.record(text(1024).min(1), text(65_536)).refine((m) => Object.keys(m).length <= max, `at most ${max} entries`).optional();
const int = (min = -(2 ** 53), max = 2 ** 53) => z.number().int().min(min).max(max).optional();
const throttle = z.array(z.object({ Path: text(4096).min(1), Rate: z.number().int().min(0) }).strict()).max(64).optional();

const mount = z
  .object({
    Type: z.enum(['bind', 'volume', 'tmpfs', 'npipe', 'cluster']),
    Source: text(4096).optional(),
    Target: text(4096).min(1),
    ReadOnly: z.boolean().optional(),
    Consistency: text(32).optional(),
    BindOptions: z.object({ Propagation: text(32).optional(), NonRecursive: z.boolean().optional(), CreateMountpoint: z.boolean().optional() }).strict().optional(),
    VolumeOptions: z
      .object({
        NoCopy: z.boolean().optional(),
        Labels: map(),
        DriverConfig: z.object({ Name: text(256).optional(), Options: map() }).strict().optional(),
        Subpath: text(4096).optional(),
      })
      .strict()
      .optional(),
    TmpfsOptions: z.object({ SizeBytes: int(0), Mode: int(0, 0o7777) }).strict().optional(),
  })
  .strict();

const hostConfig = z
  .object({
    PortBindings: z
      .record(port, z.array(z.object({ HostIp: text(64).optional(), HostPort: z.string().regex(/^\d{0,5}$/).optional() }).strict()).max(32))
      .optional(),
    PublishAllPorts: z.boolean().optional(),
    Binds: z.array(text(4096).min(1)).max(256).optional(),
    RestartPolicy: z
      .object({ Name: z.enum(['no', 'on-failure', 'always', 'unless-stopped']), MaximumRetryCount: z.number().int().min(0).max(1_000_000).optional() })
      .strict()
      .optional(),
    NetworkMode: text(300).optional(),
    NanoCpus: z.number().int().min(0).max(1_000_000 * 1e9).optional(),
    Memory: z.number().int().min(0).max(2 ** 53).optional(),
    AutoRemove: z.boolean().optional(),
    Privileged: z.boolean().optional(),
    Init: z.boolean().optional(),
    ExtraHosts: list(),
    Annotations: map(),
    BlkioWeight: int(0, 1000),
    BlkioWeightDevice: z.array(z.object({ Path: text(4096).min(1), Weight: z.number().int().min(0).max(1000) }).strict()).max(64).optional(),
    BlkioDeviceReadBps: throttle,
    BlkioDeviceWriteBps: throttle,
    BlkioDeviceReadIOps: throttle,
    BlkioDeviceWriteIOps: throttle,
    CapAdd: list(128, 64),
    CapDrop: list(128, 64),
    CgroupParent: text(4096).optional(),
    CgroupnsMode: text(32).optional(),
    CpuCount: int(0),
    CpuPercent: int(0, 100),
    CpuPeriod: int(0),
    CpuQuota: int(),
    CpuRealtimePeriod: int(0),
    CpuRealtimeRuntime: int(),
    CpuShares: int(0),
    CpusetCpus: text(1024).optional(),
    CpusetMems: text(1024).optional(),
    Devices: z.array(z.object({ PathOnHost: text(4096).min(1), PathInContainer: text(4096), CgroupPermissions: text(8) }).strict()).max(256).optional(),
    DeviceCgroupRules: list(),
    DeviceRequests: z
      .array(
        z
          .object({
            Driver: text(256).optional(),
            Count: int(-1),
            DeviceIDs: list(),
            Capabilities: z.array(z.array(text(256)).max(64)).max(64).optional(),
            Options: map(),
          })
          .strict(),
      )
      .max(64)
      .optional(),
    Dns: list(),
    DnsOptions: list(),
    DnsSearch: list(),
    GroupAdd: list(),
    IOMaximumBandwidth: int(0),
    IOMaximumIOps: int(0),
    IpcMode: text(300).optional(),
    Isolation: text(32).optional(),
    KernelMemory: int(0),
    Links: list(),
    LogConfig: z.object({ Type: text(256), Config: map() }).strict().optional(),
    MaskedPaths: list(),
    ReadonlyPaths: list(),
    MemoryReservation: int(0),
    MemorySwap: int(-1),
    MemorySwappiness: int(-1, 100),
    Mounts: z.array(mount).max(256).optional(),
    OomKillDisable: z.boolean().optional(),
    OomScoreAdj: int(-1000, 1000),
    PidMode: text(300).optional(),
    PidsLimit: int(-1),
    ReadonlyRootfs: z.boolean().optional(),
    Runtime: text(256).optional(),
    SecurityOpt: list(64, 65_536),
    ShmSize: int(0),
    StorageOpt: map(),
    Sysctls: map(),
    Tmpfs: map(),
    Ulimits: z.array(z.object({ Name: text(64).min(1), Soft: z.number().int(), Hard: z.number().int() }).strict()).max(64).optional(),
    UsernsMode: text(300).optional(),
    UTSMode: text(300).optional(),
    VolumeDriver: text(256).optional(),
    VolumesFrom: list(),
  })
  .strict();

const endpoint = z
  .object({
    IPAMConfig: z.object({ IPv4Address: text(64).optional(), IPv6Address: text(64).optional(), LinkLocalIPs: list(16, 64) }).strict().optional(),
    Aliases: list(),
    MacAddress: text(64).optional(),
    DriverOpts: map(),
  })
  .strict();

export const containerCreateSpec = z
  .object({
    name: z.string().regex(CONTAINER_NAME, 'a name of letters, digits, _ . - (at least two)').max(255).optional(),
    Image: text(1024).min(1, 'an image'),
    Cmd: z.array(text(65_536)).max(4096).optional(),
    Entrypoint: z.array(text(65_536)).max(4096).optional(),
    Env: z.array(text(131_072).regex(/^[^=]+=/s, 'KEY=value')).max(4096).optional(),
    WorkingDir: text(4096).optional(),
    User: text(256).optional(),
    Hostname: text(253).optional(),
    Labels: z.record(text(1024).min(1), text(65_536)).optional(),
    ExposedPorts: z.record(port, empty).optional(),
    Volumes: z.record(text(4096).min(1), empty).optional(),
    Tty: z.boolean().optional(),
    OpenStdin: z.boolean().optional(),
    Domainname: text(253).optional(),
    Healthcheck: z
      .object({ Test: z.array(text(65_536)).max(4096).optional(), Interval: int(0), Timeout: int(0), StartPeriod: int(0), StartInterval: int(0), Retries: int(0) })
      .strict()
      .optional(),
    StopSignal: text(32).optional(),
    StopTimeout: int(),
    MacAddress: text(64).optional(),
    HostConfig: hostConfig,
    NetworkingConfig: z.object({ EndpointsConfig: z.record(text(300).min(1), endpoint) }).strict().optional(),
    platform: text(256).optional(),
  })
  .strict();

// The schema and the hand-written type describe the same thing; the compiler holds them together.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const specMatches: Same<z.output<typeof containerCreateSpec>, ContainerCreateSpec> = true;
void specMatches;
