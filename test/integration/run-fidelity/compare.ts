/**
 * Two containers compared field by field on the engine's inspect output: `Config`, `HostConfig`, the
 * configured part of each network (what `NetworkingConfig` asked) and `Mounts`. Only what the engine makes
 * up by itself, or what says how a CLI session attaches, is set aside; the list is here, short and explicit.
 */

// Inspect output is JSON of many shapes; typing it would only add casts.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** What is set aside, and why (printed by the test next to its result). */
export const IGNORED = [
  'Config.Hostname when it is the container’s own short id (the engine’s default name for its host)',
  'anonymous volume names (64 hex digits) in Mounts[].Name and Mounts[].Source (the engine makes one per container)',
  'the container’s own name inside HostConfig.Links (“/db:/<self>/alias”)',
  'Config.AttachStdin/AttachStdout/AttachStderr/StdinOnce: the CLI sets them from whether its terminal will attach (docker create: stdout and stderr); Berth runs containers in the background, as docker run -d does, which sets them all false',
  'an empty list or map against none, in the fields the CLI always sends empty (PortBindings, Dns, DnsOptions, DnsSearch, Devices, Ulimits, BlkioWeightDevice, BlkioDevice*), and RestartPolicy.Name "" against "no": the engine reads both as no setting',
  'the order of Config.Env: the CLI itself sends -e values in an order that changes from one run to the next (three runs of one line gave three orders here); with distinct names the order changes nothing',
  'the order of HostConfig.Binds: Berth lists the -v volumes that fit the Volumes rows before those kept as written in Other options; binds to distinct targets do not depend on their order',
];

const SENT_EMPTY_BY_CLI = [
  'PortBindings', 'Dns', 'DnsOptions', 'DnsSearch', 'Devices', 'Ulimits', 'BlkioWeightDevice',
  'BlkioDeviceReadBps', 'BlkioDeviceWriteBps', 'BlkioDeviceReadIOps', 'BlkioDeviceWriteIOps',
];
const ANONYMOUS = /[0-9a-f]{64}/g;

const isEmpty = (v: unknown) => v == null || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v as object).length === 0);

/** The parts of an inspect answer that are compared, with the engine's own inventions set aside. */
export function comparable(inspect: any): Record<string, any> {
  const self = String(inspect.Name).replace(/^\//, '');
  const config = { ...inspect.Config };
  if (config.Hostname === String(inspect.Id).slice(0, 12)) config.Hostname = '<default>';
  for (const k of ['AttachStdin', 'AttachStdout', 'AttachStderr', 'StdinOnce']) delete config[k];
  if (config.Env) config.Env = [...config.Env].sort();
  const host = { ...inspect.HostConfig };
  for (const k of SENT_EMPTY_BY_CLI) if (isEmpty(host[k])) host[k] = null;
  if (host.RestartPolicy?.Name === '') host.RestartPolicy = { ...host.RestartPolicy, Name: 'no' };
  if (host.Binds) host.Binds = [...host.Binds].sort();
  if (host.Links) host.Links = host.Links.map((l: string) => l.replace(`:/${self}/`, ':/<self>/'));
  const networks = Object.fromEntries(
    Object.entries(inspect.NetworkSettings?.Networks ?? {}).map(([name, e]: [string, any]) => [
      name,
      { IPAMConfig: e.IPAMConfig, Aliases: e.Aliases, Links: e.Links, DriverOpts: e.DriverOpts, MacAddress: e.MacAddress },
    ]),
  );
  const mounts = (inspect.Mounts ?? [])
    .map((m: any) => ({ ...m, Name: m.Name?.replace(ANONYMOUS, '<anonymous>'), Source: m.Source?.replace(ANONYMOUS, '<anonymous>') }))
    .sort((a: any, b: any) => String(a.Destination).localeCompare(String(b.Destination)));
  return { Config: config, HostConfig: host, Networks: networks, Mounts: mounts };
}

/** Every path where the two differ, as `HostConfig.CapAdd: ["CAP_X"] ≠ null`. */
export function differences(a: unknown, b: unknown, at = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const bothObjects = a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b);
  if (!bothObjects) return [`${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  return [...keys].flatMap((k) => differences((a as any)[k], (b as any)[k], at ? `${at}.${k}` : k));
}
