/**
 * The "Other options" an existing container was made with, read back from its inspect data, so Duplicate
 * and Recreate make the same container again. A setting is written only where it differs from what the
 * engine or the image gives a container by default (those come back by themselves), and in the form
 * model/other-options.ts reads into the same create body.
 */
import type { ContainerConfigSource, DeviceRequestSpec, ImageConfigSource, RunTemplate } from '../../../../../engine/contract/run-types';
import type { OptionRow } from './other-options';
import { writeMount } from './mount-option';

/** What a container gets without asking, on dockerd (20.10 and later). */
const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

const csv = (text: string) => (/[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

function gpusValue(r: DeviceRequestSpec): string {
  const parts: string[] = [];
  if (r.Driver) parts.push(`driver=${r.Driver}`);
  if (r.DeviceIDs?.length) parts.push(csv(`device=${r.DeviceIDs.join(',')}`));
  if (!r.DeviceIDs?.length || (r.Count ?? 0) !== 0) parts.push(`count=${r.Count === -1 ? 'all' : (r.Count ?? 0)}`);
  const caps = r.Capabilities?.[0] ?? ['gpu'];
  if (caps.length !== 1 || caps[0] !== 'gpu') parts.push(csv(`capabilities=${(caps[caps.length - 1] === 'gpu' ? caps.slice(0, -1) : caps).join(',')}`));
  const options = Object.entries(r.Options ?? {});
  if (options.length) parts.push(csv(`options=${options.map(([k, v]) => csv(`${k}=${v}`)).join(',')}`));
  return parts.join(',');
}

const sameList = (a: readonly unknown[] | null | undefined, b: readonly unknown[] | null | undefined) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/** Health-check options that differ from the image's own check. */
function healthOptions(config: NonNullable<ContainerConfigSource['Config']>, image: ImageConfigSource | undefined): OptionRow[] {
  const mine = config.Healthcheck;
  if (!mine) return [];
  const theirs = image?.Healthcheck ?? {};
  const rows: OptionRow[] = [];
  if (!sameList(mine.Test, theirs.Test)) {
    if (mine.Test?.[0] === 'NONE') return [{ flag: 'no-healthcheck', value: '' }];
    if (mine.Test?.[0] === 'CMD-SHELL') rows.push({ flag: 'health-cmd', value: mine.Test.slice(1).join(' ') });
    // `docker run` can only write a shell check; an exec-form one (`CMD`) is written as the shell line it runs.
    else if (mine.Test?.[0] === 'CMD') rows.push({ flag: 'health-cmd', value: mine.Test.slice(1).join(' ') });
  }
  const durations = [['health-interval', 'Interval'], ['health-timeout', 'Timeout'], ['health-start-period', 'StartPeriod'], ['health-start-interval', 'StartInterval']] as const;
  for (const [flag, key] of durations) {
    const ns = mine[key];
    if (ns && ns !== theirs[key]) rows.push({ flag, value: ns % 1e6 === 0 ? `${ns / 1e6}ms` : `${ns}ns` });
  }
  if (mine.Retries && mine.Retries !== theirs.Retries) rows.push({ flag: 'health-retries', value: String(mine.Retries) });
  return rows;
}

/** The options, in the order a person would write them: process, resources, devices, network, storage. */
export function optionsFromContainer({ container, image, engine }: RunTemplate): OptionRow[] {
  const config = container.Config ?? {};
  const host = container.HostConfig ?? {};
  const rows: OptionRow[] = [];
  const add = (flag: string, value: string | number | undefined | null) => {
    if (value !== undefined && value !== null && value !== '') rows.push({ flag, value: String(value) });
  };
  const on = (flag: string, value: boolean | null | undefined) => value && rows.push({ flag, value: '' });
  const each = (flag: string, values: readonly string[] | null | undefined) => values?.forEach((v) => add(flag, v));
  const entries = (flag: string, map: Record<string, string> | null | undefined) => Object.entries(map ?? {}).forEach(([k, v]) => add(flag, `${k}=${v}`));
  const ownName = container.Name.replace(/^\//, '');

  add('domainname', config.Domainname);
  if (config.StopSignal && config.StopSignal !== image?.StopSignal) add('stop-signal', config.StopSignal);
  add('stop-timeout', config.StopTimeout);
  rows.push(...healthOptions(config, image));
  const published = new Set(Object.keys(host.PortBindings ?? {}));
  const fromImage = new Set(Object.keys(image?.ExposedPorts ?? {}));
  for (const port of Object.keys(config.ExposedPorts ?? {})) if (!published.has(port) && !fromImage.has(port)) add('expose', port.replace(/\/tcp$/, ''));

  each('cap-add', host.CapAdd);
  each('cap-drop', host.CapDrop);
  // The engine adds this one itself for privileged containers and those sharing the host's PID or IPC namespace.
  const labelsOff = host.Privileged || host.PidMode === 'host' || host.IpcMode === 'host';
  each('security-opt', (host.SecurityOpt ?? []).filter((o) => !(labelsOff && o === 'label=disable')));
  if (host.MaskedPaths?.length === 0 && host.ReadonlyPaths?.length === 0) add('security-opt', 'systempaths=unconfined');
  on('read-only', host.ReadonlyRootfs);
  each('group-add', host.GroupAdd);
  if (host.Runtime && host.Runtime !== (engine?.defaultRuntime ?? 'runc')) add('runtime', host.Runtime);
  if (host.IpcMode && host.IpcMode !== 'private') add('ipc', host.IpcMode);
  add('pid', host.PidMode);
  add('uts', host.UTSMode);
  add('userns', host.UsernsMode);
  if (host.CgroupnsMode && host.CgroupnsMode !== (engine?.cgroupVersion === '2' ? 'private' : 'host')) add('cgroupns', host.CgroupnsMode);
  add('cgroup-parent', host.CgroupParent);
  add('isolation', host.Isolation);
  entries('sysctl', host.Sysctls);
  entries('annotation', host.Annotations);

  for (const [flag, value] of [
    ['cpu-shares', host.CpuShares], ['cpu-period', host.CpuPeriod], ['cpu-quota', host.CpuQuota], ['cpu-rt-period', host.CpuRealtimePeriod],
    ['cpu-rt-runtime', host.CpuRealtimeRuntime], ['cpu-count', host.CpuCount], ['cpu-percent', host.CpuPercent], ['memory-reservation', host.MemoryReservation],
    ['memory-swap', host.MemorySwap], ['kernel-memory', host.KernelMemory], ['blkio-weight', host.BlkioWeight], ['io-maxbandwidth', host.IOMaximumBandwidth],
    ['io-maxiops', host.IOMaximumIOps], ['oom-score-adj', host.OomScoreAdj],
  ] as const) if (value) add(flag, value);
  add('cpuset-cpus', host.CpusetCpus);
  add('cpuset-mems', host.CpusetMems);
  if (host.MemorySwappiness !== undefined && host.MemorySwappiness !== null && host.MemorySwappiness !== -1) add('memory-swappiness', host.MemorySwappiness);
  on('oom-kill-disable', host.OomKillDisable);
  if (host.PidsLimit && host.PidsLimit > 0) add('pids-limit', host.PidsLimit);
  if (host.ShmSize && host.ShmSize !== DEFAULT_SHM_SIZE) add('shm-size', host.ShmSize);
  host.Ulimits?.forEach((u) => add('ulimit', `${u.Name}=${u.Soft}:${u.Hard}`));

  host.Devices?.forEach((d) => add('device', `${d.PathOnHost}:${d.PathInContainer}:${d.CgroupPermissions}`));
  each('device-cgroup-rule', host.DeviceCgroupRules);
  host.DeviceRequests?.forEach((r) => add('gpus', gpusValue(r)));
  host.BlkioWeightDevice?.forEach((d) => add('blkio-weight-device', `${d.Path}:${d.Weight}`));
  for (const [flag, list] of [
    ['device-read-bps', host.BlkioDeviceReadBps], ['device-write-bps', host.BlkioDeviceWriteBps],
    ['device-read-iops', host.BlkioDeviceReadIOps], ['device-write-iops', host.BlkioDeviceWriteIOps],
  ] as const) list?.forEach((d) => add(flag, `${d.Path}:${d.Rate}`));

  each('add-host', host.ExtraHosts);
  each('dns', host.Dns);
  each('dns-option', host.DnsOptions);
  each('dns-search', host.DnsSearch);
  add('mac-address', config.MacAddress);
  // The engine writes a link as `/target:/this-container/alias`.
  host.Links?.forEach((l) => {
    const m = /^\/?([^:]+):\/(?:[^/]+\/)*([^/]+)$/.exec(l);
    add('link', m ? (m[2] === m[1] || m[2] === ownName ? m[1] : `${m[1]}:${m[2]}`) : l);
  });
  const network = host.NetworkMode && host.NetworkMode !== 'default' ? host.NetworkMode : 'default';
  const endpoint = container.NetworkSettings?.Networks?.[network === 'default' ? 'bridge' : network];
  if (endpoint) {
    add('ip', endpoint.IPAMConfig?.IPv4Address);
    add('ip6', endpoint.IPAMConfig?.IPv6Address);
    each('link-local-ip', endpoint.IPAMConfig?.LinkLocalIPs);
    // A running container also answers to its short id, which the engine adds by itself.
    each('network-alias', endpoint.Aliases?.filter((a) => a !== container.Id.slice(0, 12)));
  }

  const driver = host.LogConfig?.Type;
  if (driver && driver !== (engine?.loggingDriver ?? 'json-file')) add('log-driver', driver);
  entries('log-opt', host.LogConfig?.Config);
  add('volume-driver', host.VolumeDriver);
  each('volumes-from', host.VolumesFrom);
  Object.entries(host.Tmpfs ?? {}).forEach(([path, options]) => add('tmpfs', options ? `${path}:${options}` : path));
  entries('storage-opt', host.StorageOpt);
  return rows;
}

/** The `--mount` options, each as the value that reads back into the same mount. */
export function mountOptions(container: ContainerConfigSource, keepAnonymous: boolean): OptionRow[] {
  return (container.HostConfig?.Mounts ?? []).map((m) => {
    // Recreating keeps the data: a volume without a name is mounted again by the name the engine gave it.
    const made = keepAnonymous && m.Type === 'volume' && !m.Source ? container.Mounts?.find((x) => x.Destination === m.Target)?.Name : undefined;
    return { flag: 'mount', value: writeMount(made ? { ...m, Source: made } : m) };
  });
}
