/**
 * "Other options": every `docker run` flag the Run form has no field for, kept as written and applied to
 * the create body exactly as the docker CLI applies it (docker/cli `opts` and `container/opts.go`), so a
 * pasted line makes the same container the CLI would. The order of rows is the order on the line, which
 * is the order lists such as `--dns` or `--mount` reach the engine in.
 */
import type { ContainerCreateSpec, EndpointSpec, HostConfigSpec } from '../../../../../engine/contract/run-types';
import { readMount } from './mount-option';
import { OptionValueError, bytes, csvFields, duration, integer, ipAddress, keyValue, portRange, switchValue } from './option-values';

/** One option as written on the line: the long flag name without dashes, and its value ('' for a bare switch). */
export interface OptionRow {
  flag: string;
  value: string;
}

type Apply = (spec: ContainerCreateSpec, value: string, network: string) => void;

export interface OtherOption {
  /** On or off, written without a value. */
  isSwitch?: boolean;
  /** What the value looks like, shown in the empty input. */
  example: string;
  apply: Apply;
}

const host = (spec: ContainerCreateSpec): HostConfigSpec => spec.HostConfig;
const push = <K extends keyof HostConfigSpec>(spec: ContainerCreateSpec, key: K, ...values: NonNullable<HostConfigSpec[K]> extends (infer T)[] ? T[] : never) => {
  const list = ((spec.HostConfig[key] as unknown[] | undefined) ??= []);
  list.push(...values);
};
const setMap = (target: Record<string, string> | undefined, value: string, what?: string, allowBare = false) => {
  const [k, v] = keyValue(value, what, allowBare);
  return { ...target, [k]: v };
};

/** The network the endpoint options (`--ip`, `--network-alias`…) are about: the one the container joins. */
function endpoint(spec: ContainerCreateSpec, network: string): EndpointSpec {
  const endpoints = (spec.NetworkingConfig ??= { EndpointsConfig: {} }).EndpointsConfig;
  return (endpoints[network || 'default'] ??= {});
}

/** `NET_ADMIN`, `net_admin` and `CAP_NET_ADMIN` are one capability; the CLI sends `CAP_NET_ADMIN` (and `ALL` as is). */
function capability(value: string): string {
  const upper = value.trim().toUpperCase();
  if (!/^[A-Z_0-9]+$/.test(upper)) throw new OptionValueError('a capability such as NET_ADMIN, or ALL');
  return upper === 'ALL' || upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
}

const DEVICE_MODE = /^[rwm]{1,3}$/;

/** `/dev/sda[:/dev/xvda][:rwm]`, as the CLI's parseDevice reads it on Linux. */
function device(value: string) {
  const parts = value.split(':');
  let [src = '', dst = '', permissions = 'rwm'] = [parts[0], '', 'rwm'];
  if (parts.length === 3) {
    if (!DEVICE_MODE.test(parts[2]!)) throw new OptionValueError('permissions made of r, w and m, such as rwm');
    [src, dst, permissions] = parts as [string, string, string];
  } else if (parts.length === 2) {
    if (DEVICE_MODE.test(parts[1]!)) permissions = parts[1]!;
    else dst = parts[1]!;
  } else if (parts.length !== 1) throw new OptionValueError('a device such as /dev/sda or /dev/sda:/dev/xvda:rwm');
  if (!src) throw new OptionValueError('a device such as /dev/sda');
  return { PathOnHost: src, PathInContainer: dst || src, CgroupPermissions: permissions };
}

function deviceRate(value: string, read: (text: string) => number) {
  const colon = value.lastIndexOf(':');
  const path = value.slice(0, colon);
  if (colon < 0 || !path.startsWith('/dev/')) throw new OptionValueError('a device and a rate, such as /dev/sda:10mb');
  return { Path: path, Rate: read(value.slice(colon + 1)) };
}

/** `--add-host name:ip` or `name=ip` (brackets around IPv6 allowed); the CLI sends `name:ip`. */
function extraHost(value: string): string {
  let sep = value.indexOf('=');
  if (sep < 0) sep = value.indexOf(':');
  if (sep <= 0) throw new OptionValueError('a host name and an address, such as db:10.0.0.5');
  let address = value.slice(sep + 1);
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  if (address !== 'host-gateway') ipAddress(address);
  return `${value.slice(0, sep)}:${address}`;
}

/** `nofile=1024[:2048]`: soft and hard limits (the hard one is the soft one when left out). */
function ulimit(value: string) {
  const m = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(value.trim());
  if (!m) throw new OptionValueError('a limit such as nofile=1024:2048');
  const soft = Number(m[2]);
  const hard = m[3] === undefined ? soft : Number(m[3]);
  if (soft > hard && hard !== -1) throw new OptionValueError('a soft limit no higher than the hard one');
  return { Name: m[1]!, Soft: soft, Hard: hard };
}

/** `all`, a count, or `device=0,driver=…,capabilities=…` (docker/cli opts/gpus.go). */
function gpus(value: string) {
  const request: { Driver: string; Count: number; DeviceIDs?: string[]; Capabilities?: string[][]; Options?: Record<string, string> } = { Driver: '', Count: 0 };
  const seen = new Set<string>();
  const count = (text: string) => (text === 'all' ? -1 : integer(text, -1));
  for (const field of csvFields(value)) {
    const eq = field.indexOf('=');
    const key = eq < 0 ? field : field.slice(0, eq);
    const val = field.slice(eq + 1);
    if (seen.has(key)) throw new OptionValueError(`${key} only once`);
    seen.add(key);
    if (eq < 0) {
      seen.add('count');
      request.Count = count(key);
    } else if (key === 'driver') request.Driver = val;
    else if (key === 'count') request.Count = count(val);
    else if (key === 'device') request.DeviceIDs = val.split(',');
    else if (key === 'capabilities') request.Capabilities = [[...val.split(','), 'gpu']];
    else if (key === 'options') request.Options = Object.fromEntries(csvFields(val).map((o) => keyValue(o, 'options as key=value', true)));
    else throw new OptionValueError('all, a count, or device=, driver=, capabilities=, options=');
  }
  if (!seen.has('count') && !request.DeviceIDs) request.Count = 1;
  return { ...request, Options: request.Options ?? {}, Capabilities: request.Capabilities ?? [['gpu']] };
}

function health(spec: ContainerCreateSpec, key: 'Interval' | 'Timeout' | 'StartPeriod' | 'StartInterval', value: string) {
  const ns = duration(value);
  if (ns < 0) throw new OptionValueError('a duration of zero or more');
  spec.Healthcheck = { ...spec.Healthcheck, [key]: ns };
}

/**
 * `-v` with options the Volumes rows do not keep (`:z`, `:rshared`, `:nocopy`…), as written: with a source
 * it is a bind (or a named volume), without one a new volume without a name, as the CLI sorts them.
 */
function volume(spec: ContainerCreateSpec, value: string) {
  const parts = value.split(':');
  if (!value || !parts[0] || parts.length > 3) throw new OptionValueError('a volume such as name:/path or /host/folder:/path:ro');
  const anonymous = parts.length === 1 || (parts.length === 2 && parts[0].startsWith('/') && !parts[1]!.startsWith('/'));
  if (anonymous) spec.Volumes = { ...spec.Volumes, [value]: {} };
  else push(spec, 'Binds', value);
}

const text = (key: keyof HostConfigSpec): Apply => (spec, value) => Object.assign(spec.HostConfig, { [key]: value });
const list = (key: keyof HostConfigSpec, read: (v: string) => unknown = (v) => v): Apply => (spec, value) => push(spec, key as 'Dns', read(value) as string);
const number = (key: keyof HostConfigSpec, min?: number, max?: number): Apply => (spec, value) => Object.assign(spec.HostConfig, { [key]: integer(value, min, max) });
const size = (key: keyof HostConfigSpec): Apply => (spec, value) => Object.assign(spec.HostConfig, { [key]: bytes(value) });
const flag = (key: keyof HostConfigSpec): Apply => (spec, value) => Object.assign(spec.HostConfig, { [key]: switchValue(value) });

/** Every flag kept in "Other options", by its long name. */
export const OTHER_OPTIONS: Record<string, OtherOption> = {
  'add-host': { example: 'db:10.0.0.5', apply: (s, v) => push(s, 'ExtraHosts', extraHost(v)) },
  annotation: { example: 'key=value', apply: (s, v) => (host(s).Annotations = setMap(host(s).Annotations, v)) },
  'blkio-weight': { example: '500', apply: number('BlkioWeight', 0, 1000) },
  'blkio-weight-device': {
    example: '/dev/sda:200',
    apply: (s, v) => {
      const { Path, Rate } = deviceRate(v, (w) => integer(w, 0, 1000));
      push(s, 'BlkioWeightDevice', { Path, Weight: Rate });
    },
  },
  'cap-add': { example: 'NET_ADMIN', apply: (s, v) => push(s, 'CapAdd', capability(v)) },
  'cap-drop': { example: 'CHOWN', apply: (s, v) => push(s, 'CapDrop', capability(v)) },
  'cgroup-parent': { example: '/my-group', apply: text('CgroupParent') },
  cgroupns: {
    example: 'private',
    apply: (s, v) => {
      if (!['', 'host', 'private'].includes(v)) throw new OptionValueError('host or private');
      host(s).CgroupnsMode = v;
    },
  },
  'cpu-count': { example: '2', apply: number('CpuCount', 0) },
  'cpu-percent': { example: '50', apply: number('CpuPercent', 0, 100) },
  'cpu-period': { example: '100000', apply: number('CpuPeriod', 0) },
  'cpu-quota': { example: '50000', apply: number('CpuQuota') },
  'cpu-rt-period': { example: '1000000', apply: number('CpuRealtimePeriod', 0) },
  'cpu-rt-runtime': { example: '950000', apply: number('CpuRealtimeRuntime') },
  'cpu-shares': { example: '512', apply: number('CpuShares', 0) },
  'cpuset-cpus': { example: '0-3', apply: text('CpusetCpus') },
  'cpuset-mems': { example: '0', apply: text('CpusetMems') },
  device: { example: '/dev/fuse', apply: (s, v) => push(s, 'Devices', device(v)) },
  'device-cgroup-rule': {
    example: 'c 1:3 mr',
    apply: (s, v) => {
      if (!/^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$/.test(v)) throw new OptionValueError('a rule such as c 1:3 mr');
      push(s, 'DeviceCgroupRules', v);
    },
  },
  'device-read-bps': { example: '/dev/sda:10mb', apply: (s, v) => push(s, 'BlkioDeviceReadBps', deviceRate(v, bytes)) },
  'device-write-bps': { example: '/dev/sda:10mb', apply: (s, v) => push(s, 'BlkioDeviceWriteBps', deviceRate(v, bytes)) },
  'device-read-iops': { example: '/dev/sda:1000', apply: (s, v) => push(s, 'BlkioDeviceReadIOps', deviceRate(v, (r) => integer(r, 0))) },
  'device-write-iops': { example: '/dev/sda:1000', apply: (s, v) => push(s, 'BlkioDeviceWriteIOps', deviceRate(v, (r) => integer(r, 0))) },
  dns: { example: '1.1.1.1', apply: list('Dns', (v) => ipAddress(v)) },
  'dns-option': { example: 'ndots:2', apply: list('DnsOptions') },
  'dns-search': { example: 'example.com', apply: list('DnsSearch') },
  domainname: { example: 'example.com', apply: (s, v) => (s.Domainname = v) },
  expose: {
    example: '8080 or 8000-8010/udp',
    apply: (s, v) => (s.ExposedPorts = { ...s.ExposedPorts, ...Object.fromEntries(portRange(v).map((p) => [p, {}])) }),
  },
  gpus: { example: 'all', apply: (s, v) => push(s, 'DeviceRequests', gpus(v)) },
  'group-add': { example: 'audio', apply: list('GroupAdd') },
  'health-cmd': { example: 'curl -f http://localhost/ || exit 1', apply: (s, v) => (s.Healthcheck = { ...s.Healthcheck, Test: ['CMD-SHELL', v] }) },
  'health-interval': { example: '30s', apply: (s, v) => health(s, 'Interval', v) },
  'health-retries': { example: '3', apply: (s, v) => (s.Healthcheck = { ...s.Healthcheck, Retries: integer(v, 0) }) },
  'health-start-interval': { example: '5s', apply: (s, v) => health(s, 'StartInterval', v) },
  'health-start-period': { example: '10s', apply: (s, v) => health(s, 'StartPeriod', v) },
  'health-timeout': { example: '5s', apply: (s, v) => health(s, 'Timeout', v) },
  'io-maxbandwidth': { example: '10mb', apply: size('IOMaximumBandwidth') },
  'io-maxiops': { example: '1000', apply: number('IOMaximumIOps', 0) },
  ip: { example: '172.30.100.104', apply: (s, v, n) => (endpoint(s, n).IPAMConfig = { ...endpoint(s, n).IPAMConfig, IPv4Address: ipAddress(v, 4) }) },
  ip6: { example: '2001:db8::33', apply: (s, v, n) => (endpoint(s, n).IPAMConfig = { ...endpoint(s, n).IPAMConfig, IPv6Address: ipAddress(v, 6) }) },
  ipc: { example: 'shareable', apply: text('IpcMode') },
  isolation: { example: 'default', apply: text('Isolation') },
  'kernel-memory': { example: '64m', apply: size('KernelMemory') },
  link: {
    example: 'db:database',
    apply: (s, v) => {
      if (!/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*(:[a-zA-Z0-9][a-zA-Z0-9_.-]*)?$/.test(v)) throw new OptionValueError('a container and an alias, such as db:database');
      push(s, 'Links', v);
    },
  },
  'link-local-ip': {
    example: '169.254.1.1',
    apply: (s, v, n) => {
      const ipam = (endpoint(s, n).IPAMConfig ??= {});
      ipam.LinkLocalIPs = [...(ipam.LinkLocalIPs ?? []), ipAddress(v)];
    },
  },
  'log-driver': { example: 'json-file', apply: (s, v) => (host(s).LogConfig = { Type: v, Config: host(s).LogConfig?.Config ?? {} }) },
  'log-opt': { example: 'max-size=10m', apply: (s, v) => (host(s).LogConfig = { Type: host(s).LogConfig?.Type ?? '', Config: setMap(host(s).LogConfig?.Config, v) }) },
  'mac-address': {
    example: '92:d0:c6:0a:29:33',
    apply: (s, v) => {
      if (!/^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(v)) throw new OptionValueError('a MAC address such as 92:d0:c6:0a:29:33');
      s.MacAddress = v;
    },
  },
  'memory-reservation': { example: '256m', apply: size('MemoryReservation') },
  'memory-swap': { example: '1g, or -1 for no limit', apply: (s, v) => (host(s).MemorySwap = v.trim() === '-1' ? -1 : bytes(v)) },
  'memory-swappiness': { example: '0 to 100', apply: number('MemorySwappiness', -1, 100) },
  mount: { example: 'type=bind,source=/src,target=/app,readonly', apply: (s, v) => push(s, 'Mounts', readMount(v)) },
  'network-alias': { example: 'web', apply: (s, v, n) => (endpoint(s, n).Aliases = [...(endpoint(s, n).Aliases ?? []), v]) },
  'no-healthcheck': { isSwitch: true, example: '', apply: (s, v) => void (switchValue(v) && (s.Healthcheck = { ...s.Healthcheck, Test: ['NONE'] })) },
  'oom-kill-disable': { isSwitch: true, example: '', apply: flag('OomKillDisable') },
  'oom-score-adj': { example: '-500', apply: number('OomScoreAdj', -1000, 1000) },
  pid: { example: 'host', apply: text('PidMode') },
  'pids-limit': { example: '200', apply: number('PidsLimit', -1) },
  platform: { example: 'linux/amd64', apply: (s, v) => (s.platform = v) },
  'read-only': { isSwitch: true, example: '', apply: flag('ReadonlyRootfs') },
  runtime: { example: 'runc', apply: text('Runtime') },
  'security-opt': {
    example: 'no-new-privileges',
    apply: (s, v) => {
      const k = /^[^=:]*/.exec(v)![0];
      if (k !== 'no-new-privileges' && !/^[^=:]+[=:].+/.test(v)) throw new OptionValueError('an option such as no-new-privileges or seccomp=unconfined');
      if (k === 'seccomp' && !/^seccomp[=:](unconfined|builtin)$/.test(v)) throw new OptionValueError('seccomp=unconfined (a profile file cannot be read from here: add its JSON with seccomp=…)');
      // The CLI turns this one into empty masked and read-only path lists instead of passing it on.
      if (v === 'systempaths=unconfined') Object.assign(host(s), { MaskedPaths: [], ReadonlyPaths: [] });
      else push(s, 'SecurityOpt', v);
    },
  },
  'shm-size': { example: '256m', apply: size('ShmSize') },
  'stop-signal': { example: 'SIGINT', apply: (s, v) => (s.StopSignal = v) },
  'stop-timeout': { example: '30', apply: (s, v) => (s.StopTimeout = integer(v)) },
  'storage-opt': { example: 'size=10G', apply: (s, v) => (host(s).StorageOpt = setMap(host(s).StorageOpt, v)) },
  sysctl: { example: 'net.ipv4.ip_forward=1', apply: (s, v) => (host(s).Sysctls = setMap(host(s).Sysctls, v)) },
  tmpfs: {
    example: '/run:rw,size=64m',
    apply: (s, v) => {
      const colon = v.indexOf(':');
      const path = colon < 0 ? v : v.slice(0, colon);
      if (!path.startsWith('/')) throw new OptionValueError('a path in the container, such as /run or /run:size=64m');
      host(s).Tmpfs = { ...host(s).Tmpfs, [path]: colon < 0 ? '' : v.slice(colon + 1) };
    },
  },
  ulimit: { example: 'nofile=1024:2048', apply: (s, v) => push(s, 'Ulimits', ulimit(v)) },
  userns: { example: 'host', apply: text('UsernsMode') },
  uts: { example: 'host', apply: text('UTSMode') },
  volume: { example: '/host/folder:/path:ro,z', apply: volume },
  'volume-driver': { example: 'local', apply: text('VolumeDriver') },
  'volumes-from': { example: 'other-container:ro', apply: list('VolumesFrom') },
};

/** The options the Run form may hold, in the order a picker lists them. */
export const OTHER_OPTION_NAMES = Object.keys(OTHER_OPTIONS).sort();

/** The CLI sends capabilities sorted without repeats (`ALL` alone when present) and limits sorted by name, the last of a name winning. */
function finish(host: HostConfigSpec) {
  for (const key of ['CapAdd', 'CapDrop'] as const) {
    const caps = host[key];
    if (caps) host[key] = caps.includes('ALL') ? ['ALL'] : [...new Set(caps)].sort();
  }
  if (host.CapAdd && host.CapDrop) {
    const added = new Set(host.CapAdd);
    host.CapDrop = host.CapDrop.filter((c) => !added.has(c));
  }
  if (host.Ulimits) host.Ulimits = [...new Map(host.Ulimits.map((u) => [u.Name, u])).values()].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

/**
 * Applies the options to the create body in order; returns, by row, what is wrong with the ones that could
 * not be applied (those are left out of the body, and the dialog does not create while it has them).
 */
export function applyOptions(spec: ContainerCreateSpec, rows: OptionRow[], network: string): Map<number, string> {
  const problems = new Map<number, string>();
  rows.forEach((row, i) => {
    if (!row.flag.trim() && !row.value) return;
    const option = OTHER_OPTIONS[row.flag.trim().replace(/^-+/, '')];
    if (!option) return void problems.set(i, `--${row.flag} is not a docker run option Berth can apply.`);
    try {
      option.apply(spec, row.value, network);
    } catch (e) {
      if (!(e instanceof OptionValueError)) throw e;
      problems.set(i, `--${row.flag} takes ${e.message}.`);
    }
  });
  finish(spec.HostConfig);
  const health = spec.Healthcheck;
  if (health?.Test?.[0] === 'NONE' && Object.keys(health).length > 1) {
    problems.set(rows.findIndex((r) => r.flag === 'no-healthcheck'), '--no-healthcheck cannot go with other health options: remove one or the other.');
  }
  return problems;
}
