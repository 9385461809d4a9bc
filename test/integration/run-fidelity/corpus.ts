/**
 * `docker run` lines generated from the installed docker CLI's own flag list (`docker run --help`): every
 * flag the CLI has either gets values to try here, or is excluded with the reason it cannot be compared on
 * this engine and machine. A flag the CLI gains later and this file does not know fails the test, so the
 * corpus follows the CLI rather than a list written once.
 */

export interface HelpFlag {
  name: string;
  short?: string;
  /** The value's type as the help prints it (`list`, `bytes`, `duration`…), undefined for a switch. */
  type?: string;
}

/** Reads the flags out of `docker run --help`. */
export function parseHelp(help: string): HelpFlag[] {
  const flags: HelpFlag[] = [];
  for (const line of help.split('\n')) {
    const m = /^\s+(?:-(\w), )?--([a-z0-9-]+)(?: ([a-z0-9-]+))?(?:\s{2,}|$)/.exec(line);
    if (m) flags.push({ name: m[2]!, short: m[1], type: m[3] });
  }
  return flags;
}

/** Flags left out of the corpus, and why; everything else in the help is generated. */
export const EXCLUDED: Record<string, string> = {
  annotation: 'needs Engine API 1.43; this engine speaks 1.41, and the CLI refuses the flag against it',
  'health-start-interval': 'needs Engine API 1.44; the CLI refuses it against this 1.41 engine',
  'mac-address': 'the CLI 28 sends it per network, which needs Engine API 1.44, and refuses it against this 1.41 engine',
  'cpu-count': 'Windows engines only: the CLI refuses it for a Linux engine',
  'cpu-percent': 'Windows engines only: the CLI refuses it for a Linux engine',
  'io-maxbandwidth': 'Windows engines only: the CLI refuses it for a Linux engine',
  'io-maxiops': 'Windows engines only: the CLI refuses it for a Linux engine',
  'storage-opt': 'needs overlay2 on xfs mounted with pquota; the engine refuses it on this machine',
  'use-api-socket': 'makes the CLI copy its own credentials into the container; Berth leaves it out and says so',
  attach: 'says which streams the CLI’s terminal attaches to; its only trace is Config.Attach*, which the comparison ignores',
  cidfile: 'names a file the CLI writes the new id into (and records as HostConfig.ContainerIDFile for itself)',
  detach: '`docker create` has no such flag (the corpus is made with docker create)',
  'detach-keys': '`docker create` has no such flag (the corpus is made with docker create)',
  'sig-proxy': '`docker create` has no such flag (the corpus is made with docker create)',
  help: 'prints the help and makes no container',
  name: 'the test names every container itself',
};

/** What a line needs from the test: an existing container, a folder to bind, files to name. */
export interface CorpusContext {
  fixture: string;
  network: string;
  folder: string;
  envFiles: [string, string];
  labelFile: string;
  /** A prefix for volume names, so the test can remove every volume it made. */
  volumePrefix: string;
}

export interface Variant {
  args: string[];
  /** What this value is, for the conflicts below. */
  tags?: string[];
  /** Tags that may not be on the same line (a flag's own group, to keep one per line, or flags the engine refuses together). */
  excludes?: string[];
}

type Make = (n: number, c: CorpusContext) => string[];
interface FlagValues {
  tags?: string[];
  excludes?: string[];
  variants: (Make | { make: Make; tags?: string[]; excludes?: string[] })[];
}

const one = (group: string, ...variants: FlagValues['variants']): FlagValues => ({ tags: [group], excludes: [group], variants });
const plain = (...variants: FlagValues['variants']): FlagValues => ({ variants });
const netns = (...variants: FlagValues['variants']): FlagValues => ({ tags: ['netns'], variants });
/** A network mode in which the container has no network of its own to configure. */
const sharedStack = (make: Make) => ({ make, tags: ['network'], excludes: ['network', 'netns', 'hostname'] });
const onNetwork = (make: Make): FlagValues => one('network', (n, c) => ['--network', c.network, ...make(n, c)]);

/** Values to try for every flag, by long name. */
export const VALUES: Record<string, FlagValues> = {
  'add-host': netns((n) => ['--add-host', `h${n}:10.1.${n % 250}.1`], (n) => ['--add-host', `v6-${n}=[fd00::${n.toString(16)}]`], () => ['--add-host', 'gw:host-gateway', '--add-host', 'db=10.0.0.5']),
  'blkio-weight': plain(() => ['--blkio-weight', '300']),
  'blkio-weight-device': plain(() => ['--blkio-weight-device', '/dev/vda:200']),
  'cap-add': plain(() => ['--cap-add', 'NET_ADMIN'], () => ['--cap-add', 'sys_time', '--cap-add', 'CAP_SYS_NICE'], () => ['--cap-add', 'ALL']),
  'cap-drop': plain(() => ['--cap-drop', 'CHOWN'], () => ['--cap-drop', 'all']),
  'cgroup-parent': plain((n) => ['--cgroup-parent', `/berth-fidelity/${n}`]),
  cgroupns: one('cgroupns', () => ['--cgroupns', 'host'], () => ['--cgroupns', 'private']),
  'cpu-period': one('cpu', () => ['--cpu-period', '100000', '--cpu-quota', '50000']),
  'cpu-quota': one('cpu', () => ['--cpu-quota', '25000']),
  'cpu-rt-period': one('cpu-rt', () => ['--cpu-rt-period', '1000000']),
  'cpu-rt-runtime': one('cpu-rt', () => ['--cpu-rt-runtime', '950000']),
  'cpu-shares': plain(() => ['-c', '512'], () => ['--cpu-shares', '2048']),
  cpus: one('cpu', () => ['--cpus', '0.5'], () => ['--cpus=2']),
  'cpuset-cpus': plain(() => ['--cpuset-cpus', '0'], () => ['--cpuset-cpus', '0,1']),
  'cpuset-mems': plain(() => ['--cpuset-mems', '0']),
  device: plain(() => ['--device', '/dev/fuse'], () => ['--device', '/dev/null:/dev/xnull'], () => ['--device', '/dev/zero:/dev/z:r']),
  'device-cgroup-rule': plain(() => ['--device-cgroup-rule', 'c 1:3 mr'], () => ['--device-cgroup-rule', 'b *:* rwm']),
  'device-read-bps': plain(() => ['--device-read-bps', '/dev/vda:1mb']),
  'device-read-iops': plain(() => ['--device-read-iops', '/dev/vda:1000']),
  'device-write-bps': plain(() => ['--device-write-bps', '/dev/vda:10mb']),
  'device-write-iops': plain(() => ['--device-write-iops', '/dev/vda:500']),
  'disable-content-trust': plain(() => ['--disable-content-trust']),
  dns: netns(() => ['--dns', '1.1.1.1'], () => ['--dns', '9.9.9.9', '--dns', '2620:fe::fe']),
  'dns-option': netns(() => ['--dns-option', 'ndots:2'], () => ['--dns-option', 'timeout:1', '--dns-option', 'attempts:3']),
  'dns-search': netns(() => ['--dns-search', 'example.com'], () => ['--dns-search', 'a.example', '--dns-search', 'b.example']),
  domainname: plain(() => ['--domainname', 'example.org']),
  entrypoint: one('entrypoint', () => ['--entrypoint', '/bin/sh'], () => ['--entrypoint', ''], () => ['--entrypoint=sleep']),
  env: plain(() => ['-e', 'A=1'], () => ['-e', 'MSG=hello world', '-e', 'EMPTY='], () => ['--env', 'X=a=b', '--env=PATH=/opt/bin:/bin']),
  'env-file': plain((_, c) => ['--env-file', c.envFiles[0]], (_, c) => ['--env-file', c.envFiles[0], '--env-file', c.envFiles[1]]),
  expose: netns(() => ['--expose', '80'], () => ['--expose', '8000-8002/udp'], () => ['--expose', '53/sctp', '--expose', '9090']),
  gpus: one('gpus', () => ['--gpus', 'all'], () => ['--gpus', '2'], () => ['--gpus', '"device=0,1"'], () => ['--gpus', 'driver=nvidia,capabilities=compute']),
  'group-add': plain(() => ['--group-add', 'audio'], () => ['--group-add', '123', '--group-add', 'wheel']),
  'health-cmd': one('health', () => ['--health-cmd', 'wget -q -O- http://localhost/ || exit 1'], () => ['--health-cmd', 'true', '--health-interval', '5s', '--health-retries', '3']),
  'health-interval': one('health', () => ['--health-interval', '30s'], () => ['--health-interval', '1m30s', '--health-timeout', '500ms']),
  'health-retries': one('health', () => ['--health-retries', '5']),
  'health-start-period': one('health', () => ['--health-start-period', '10s']),
  'health-timeout': one('health', () => ['--health-timeout', '5s']),
  hostname: { tags: ['netns', 'hostname'], excludes: ['hostname'], variants: [(n) => ['-h', `box${n}`], () => ['--hostname', 'db.internal']] },
  init: plain(() => ['--init']),
  interactive: plain(() => ['-i'], () => ['-it']),
  ip: onNetwork((n) => ['--ip', `10.99.0.${10 + (n % 200)}`]),
  ip6: onNetwork((n) => ['--ip6', `fd00:99::${(16 + n).toString(16)}`]),
  ipc: one(
    'ipc',
    () => ['--ipc', 'shareable'],
    () => ['--ipc', 'none'],
    { make: () => ['--ipc', 'host'], tags: ['ipc'], excludes: ['ipc', 'ipc-sysctl', 'shm'] },
  ),
  isolation: plain(() => ['--isolation', 'default']),
  'kernel-memory': plain(() => ['--kernel-memory', '50m']),
  label: plain(() => ['-l', 'a=b'], () => ['--label', 'com.example.note=two words'], () => ['-l', 'bare', '--label=x=']),
  'label-file': plain((_, c) => ['--label-file', c.labelFile]),
  link: one('network', (_, c) => ['--link', `${c.fixture}:db`], (_, c) => ['--link', c.fixture]),
  'link-local-ip': onNetwork((n) => ['--link-local-ip', `169.254.7.${1 + (n % 250)}`]),
  'log-driver': one('log', () => ['--log-driver', 'none'], () => ['--log-driver', 'local'], () => ['--log-driver=json-file']),
  'log-opt': one('log', () => ['--log-opt', 'max-size=10m'], () => ['--log-driver', 'local', '--log-opt', 'max-file=3', '--log-opt', 'compress=false']),
  memory: one('memory', () => ['-m', '64m'], () => ['--memory=1g']),
  'memory-reservation': one('memory', () => ['--memory-reservation', '32m'], () => ['-m', '128m', '--memory-reservation', '64m']),
  'memory-swap': one('memory', () => ['-m', '64m', '--memory-swap', '128m'], () => ['-m', '32m', '--memory-swap', '-1']),
  'memory-swappiness': plain(() => ['--memory-swappiness', '0'], () => ['--memory-swappiness', '60']),
  mount: plain(
    (n, c) => ['--mount', `type=bind,source=${c.folder},target=/m${n}`],
    (n, c) => ['--mount', `type=bind,src=${c.folder},dst=/ro${n},readonly,bind-propagation=rslave`],
    (n, c) => ['--mount', `type=volume,source=${c.volumePrefix}${n},target=/mv${n}`],
    (n) => ['--mount', `type=volume,target=/anon${n},volume-nocopy`],
    (n, c) => ['--mount', `type=volume,src=${c.volumePrefix}${n}l,dst=/lv${n},volume-label=team=web`],
    (n) => ['--mount', `type=tmpfs,target=/mt${n},tmpfs-size=1m,tmpfs-mode=1770`],
  ),
  network: plain(
    { make: () => ['--network', 'bridge'], tags: ['network'], excludes: ['network'] },
    { make: (_, c) => ['--network', c.network], tags: ['network'], excludes: ['network'] },
    sharedStack(() => ['--network', 'host']),
    sharedStack(() => ['--network', 'none']),
    sharedStack((_, c) => ['--net', `container:${c.fixture}`]),
  ),
  'network-alias': onNetwork((n) => ['--network-alias', `alias${n}`, '--net-alias', 'web']),
  'no-healthcheck': one('health', () => ['--no-healthcheck']),
  'oom-kill-disable': plain(() => ['--oom-kill-disable']),
  'oom-score-adj': plain(() => ['--oom-score-adj', '100'], () => ['--oom-score-adj=-500']),
  pid: one('pid', () => ['--pid', 'host']),
  'pids-limit': plain(() => ['--pids-limit', '100'], () => ['--pids-limit', '-1']),
  platform: plain(() => ['--platform', 'linux/amd64']),
  privileged: plain(() => ['--privileged']),
  publish: netns(() => ['-p', '8080:80'], () => ['-p', '127.0.0.1::53/udp'], () => ['--publish', '9000-9001:9000-9001'], () => ['-p', '[::1]:8443:443', '-p', '80']),
  'publish-all': netns(() => ['-P'], () => ['--publish-all', '--expose', '7000']),
  pull: plain(() => ['--pull', 'never'], () => ['--pull=missing']),
  quiet: plain(() => ['-q']),
  'read-only': plain(() => ['--read-only'], () => ['--read-only=false']),
  restart: one('lifecycle', () => ['--restart', 'always'], () => ['--restart', 'on-failure:3'], () => ['--restart=unless-stopped'], () => ['--restart', 'no']),
  rm: one('lifecycle', () => ['--rm']),
  runtime: plain(() => ['--runtime', 'runc']),
  'security-opt': plain(
    () => ['--security-opt', 'no-new-privileges'],
    () => ['--security-opt', 'seccomp=unconfined', '--security-opt', 'apparmor=unconfined'],
    () => ['--security-opt', 'no-new-privileges:true'],
    () => ['--security-opt', 'systempaths=unconfined'],
    { make: () => ['--security-opt', 'label=disable'], excludes: ['privileged-like'] },
  ),
  'shm-size': { tags: ['shm'], excludes: ['shm'], variants: [() => ['--shm-size', '128m'], () => ['--shm-size=1g']] },
  'stop-signal': plain(() => ['--stop-signal', 'SIGINT'], () => ['--stop-signal', 'SIGUSR1']),
  'stop-timeout': plain(() => ['--stop-timeout', '20'], () => ['--stop-timeout', '0']),
  sysctl: plain(
    { make: () => ['--sysctl', 'net.ipv4.ip_forward=1'], tags: ['netns'] },
    { make: () => ['--sysctl', 'kernel.msgmax=65536'], tags: ['ipc-sysctl'] },
  ),
  tmpfs: plain((n) => ['--tmpfs', `/t${n}`], (n) => ['--tmpfs', `/t${n}:rw,size=64m,mode=1777`]),
  tty: plain(() => ['-t']),
  ulimit: plain(() => ['--ulimit', 'nofile=1024:2048'], () => ['--ulimit', 'nproc=10'], () => ['--ulimit', 'memlock=-1:-1', '--ulimit', 'core=0']),
  user: plain(() => ['-u', '1000'], () => ['--user', 'nobody:nogroup'], () => ['-u', '1000:1000']),
  userns: plain(() => ['--userns', 'host']),
  uts: { tags: ['hostname'], excludes: ['hostname'], variants: [() => ['--uts', 'host']] },
  volume: plain(
    (n, c) => ['-v', `${c.volumePrefix}${n}v:/data${n}`],
    (n, c) => ['-v', `${c.folder}:/b${n}:ro`],
    (n) => ['--volume', `/anon-v${n}`],
    (n, c) => ['-v', `${c.folder}:/z${n}:z`],
    (n, c) => ['-v', `${c.folder}:/p${n}:rw,rslave`],
    (n, c) => ['-v', `${c.volumePrefix}${n}n:/nc${n}:nocopy`],
  ),
  'volume-driver': plain(() => ['--volume-driver', 'local']),
  'volumes-from': plain((_, c) => ['--volumes-from', c.fixture], (_, c) => ['--volumes-from', `${c.fixture}:ro`]),
  workdir: plain(() => ['-w', '/srv'], () => ['--workdir', '/tmp/x y']),
};

/** Flags whose presence on a line rules out `--security-opt label=disable` (the engine adds that one itself). */
const PRIVILEGED_LIKE: Record<string, string[]> = { privileged: ['privileged-like'], pid: ['privileged-like'], ipc: ['privileged-like'] };

/** A small seeded generator, so a failing line can be made again. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CorpusLine {
  /** The flags as `docker create` takes them, before the image. */
  args: string[];
  /** Which flags the line exercises. */
  flags: string[];
  /** What follows the image. */
  command: string[];
}

const COMMANDS = [[], ['sleep', '60'], ['sh', '-c', 'echo "a b" && sleep 1']];

/**
 * One line per value of every flag (so each value is tried at least once), each with two or three more
 * flags drawn at random among those that may go with it, until there are at least `minimum` lines.
 */
export function generateCorpus(flags: HelpFlag[], c: CorpusContext, minimum: number, seed = 14): CorpusLine[] {
  const next = random(seed);
  const usable = flags.map((f) => f.name).filter((name) => !EXCLUDED[name]);
  const variants = (name: string): Variant[] =>
    VALUES[name]!.variants.map((v) => (typeof v === 'function' ? { args: [], make: v } : v)).map((v) => ({
      args: [],
      make: v.make,
      tags: [...(VALUES[name]!.tags ?? []), ...((v as { tags?: string[] }).tags ?? []), ...(PRIVILEGED_LIKE[name] ?? [])],
      excludes: [...(VALUES[name]!.excludes ?? []), ...((v as { excludes?: string[] }).excludes ?? [])],
    })) as (Variant & { make: Make })[];
  const primaries = usable.flatMap((name) => variants(name).map((v) => ({ name, v })));
  const lines: CorpusLine[] = [];
  for (let n = 0; lines.length < Math.max(minimum, primaries.length); n++) {
    const first = primaries[n % primaries.length]!;
    const chosen = [first];
    const clash = (a: Variant, b: Variant) => (a.tags ?? []).some((t) => b.excludes?.includes(t)) || (b.tags ?? []).some((t) => a.excludes?.includes(t));
    const extra = 2 + Math.floor(next() * 2);
    for (let tries = 0; chosen.length < 1 + extra && tries < 40; tries++) {
      const name = usable[Math.floor(next() * usable.length)]!;
      const all = variants(name);
      const v = all[Math.floor(next() * all.length)]!;
      if (chosen.some((x) => x.name === name || clash(x.v, v))) continue;
      chosen.push({ name, v });
    }
    const args = chosen.flatMap(({ v }) => (v as Variant & { make: Make }).make(n, c));
    // With the image's entrypoint cleared, the engine needs a command to create the container.
    const clearsEntrypoint = args.some((a, i) => a === '--entrypoint' && args[i + 1] === '');
    const command = COMMANDS[n % COMMANDS.length]!;
    lines.push({ args, flags: chosen.map((x) => x.name), command: clearsEntrypoint && !command.length ? ['sleep', '60'] : command });
  }
  return lines;
}
