/**
 * Every flag of `docker run` (docker CLI 28; test/integration/run-fidelity.test.ts checks this list against
 * `docker run --help`), so a pasted command is read right: a flag that takes a value must swallow it, or
 * the value would be taken for the image.
 */

/** Long name → short letter, for the flags that have one. */
export const SHORT_FLAGS: Record<string, string> = {
  a: 'attach',
  c: 'cpu-shares',
  d: 'detach',
  e: 'env',
  h: 'hostname',
  i: 'interactive',
  l: 'label',
  m: 'memory',
  p: 'publish',
  P: 'publish-all',
  q: 'quiet',
  t: 'tty',
  u: 'user',
  v: 'volume',
  w: 'workdir',
};

/** Other spellings of the same flag. */
export const FLAG_ALIASES: Record<string, string> = { net: 'network', 'net-alias': 'network-alias', 'dns-opt': 'dns-option' };

/** Flags that take a value. */
export const VALUE_FLAGS = new Set([
  'add-host', 'annotation', 'attach', 'blkio-weight', 'blkio-weight-device', 'cap-add', 'cap-drop', 'cgroup-parent',
  'cgroupns', 'cidfile', 'cpu-count', 'cpu-percent', 'cpu-period', 'cpu-quota', 'cpu-rt-period', 'cpu-rt-runtime',
  'cpu-shares', 'cpus', 'cpuset-cpus', 'cpuset-mems', 'detach-keys', 'device', 'device-cgroup-rule', 'device-read-bps',
  'device-read-iops', 'device-write-bps', 'device-write-iops', 'dns', 'dns-option', 'dns-search', 'domainname',
  'entrypoint', 'env', 'env-file', 'expose', 'gpus', 'group-add', 'health-cmd', 'health-interval', 'health-retries',
  'health-start-interval', 'health-start-period', 'health-timeout', 'hostname', 'io-maxbandwidth', 'io-maxiops', 'ip',
  'ip6', 'ipc', 'isolation', 'kernel-memory', 'label', 'label-file', 'link', 'link-local-ip', 'log-driver', 'log-opt',
  'mac-address', 'memory', 'memory-reservation', 'memory-swap', 'memory-swappiness', 'mount', 'name', 'network',
  'network-alias', 'oom-score-adj', 'pid', 'pids-limit', 'platform', 'publish', 'pull', 'restart', 'runtime',
  'security-opt', 'shm-size', 'stop-signal', 'stop-timeout', 'storage-opt', 'sysctl', 'tmpfs', 'ulimit', 'user',
  'userns', 'uts', 'volume', 'volume-driver', 'volumes-from', 'workdir',
]);

/** Flags that are on or off. */
export const SWITCH_FLAGS = new Set([
  'detach', 'disable-content-trust', 'help', 'init', 'interactive', 'no-healthcheck', 'oom-kill-disable', 'privileged',
  'publish-all', 'quiet', 'read-only', 'rm', 'sig-proxy', 'tty', 'use-api-socket',
]);

/** Flags that change only what the docker CLI does on your terminal, not the container. */
export const CLI_ONLY_FLAGS = new Set(['detach', 'quiet', 'sig-proxy', 'detach-keys', 'attach', 'disable-content-trust', 'help', 'pull', 'cidfile']);
