// A private Docker Engine (dockerd + its own containerd) for integration tests.
// Everything lives in one short temp dir so it never touches the user's engine, and so that
// stop() (or a later run, if this process died) can find and remove every trace of it.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { alive, killSnapshot, procInfo, processTree, run, sleep, tailFile, terminate, unmountUnder, waitGone } from './proc';

export interface EngineResponse {
  status: number;
  // Tests index freely into Engine API answers; typing each one would only add casts.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  text: string;
}

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What a test needs to talk to an engine; also what test workers get for the shared engine. */
export interface EngineClient {
  socketPath: string;
  dockerHost: string;
  dir: string;
  request(method: string, path: string, body?: unknown): Promise<EngineResponse>;
  /** Runs the docker CLI against this engine (classic builder, CLI config kept in the engine dir). */
  docker(args: string[], opts?: { input?: string }): Promise<DockerResult>;
}

export interface PrivateEngine extends EngineClient {
  /** dockerd's current pid (changes on restart). */
  readonly pid: number;
  /** The engine's own Linux bridge, or null when it runs with --bridge=none. */
  bridge: string | null;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

export interface StartOptions {
  name?: string;
  /** false: skip the bridge and run with --bridge=none (no port publishing). */
  bridge?: boolean;
  /** More dockerd arguments (e.g. a TLS-protected tcp:// listener). */
  extraArgs?: string[];
  /** A data root on a tmpfs of this size (e.g. `48m`), for tests that fill the engine's disk. */
  dataRootSize?: string;
}

interface EngineState {
  name: string;
  dir: string;
  socketPath: string;
  bridge: string | null;
  bridgeAddress: string | null;
  // Lets a later run tell that the process which started this engine is gone.
  owner: { pid: number; start: string };
  containerdArgs: string[];
  containerdPid: number;
  dockerdArgs: string[];
  dockerdPid: number;
}

const STATE_FILE = 'engine.json';
const DIR_PATTERN = /^bh-[0-9a-f]{6}$/;

export function readEngineState(dir: string): EngineState {
  return JSON.parse(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8')) as EngineState;
}

function writeState(st: EngineState): void {
  const file = path.join(st.dir, STATE_FILE);
  fs.writeFileSync(file + '.tmp', JSON.stringify(st, null, 2));
  fs.renameSync(file + '.tmp', file);
}

/** Unix socket paths are limited to 108 bytes, and containerd/dockerd nest sockets under our dir. */
function tempRoot(): string {
  const t = os.tmpdir();
  return t.length <= 40 ? t : '/tmp';
}

// ---------- HTTP over the unix socket ----------

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function rawRequest(
  socketPath: string,
  method: string,
  urlPath: string,
  opts: { body?: Buffer | string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.body !== undefined) headers['Content-Length'] = Buffer.byteLength(opts.body);
    else if (method !== 'GET' && method !== 'HEAD') headers['Content-Length'] = 0;
    // agent:false: no pooled keep-alive sockets, which would go stale across engine restarts.
    const req = http.request({ socketPath, method, path: urlPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.timeoutMs) {
      req.setTimeout(opts.timeoutMs, () => req.destroy(new Error(`timeout after ${opts.timeoutMs} ms: ${method} ${urlPath}`)));
    }
    req.end(opts.body);
  });
}

export async function engineRequest(socketPath: string, method: string, urlPath: string, body?: unknown): Promise<EngineResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = payload === undefined ? {} : { 'Content-Type': 'application/json' };
  const res = await rawRequest(socketPath, method, urlPath, { body: payload, headers });
  const text = res.body.toString('utf8');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

// ---------- docker CLI ----------

function envWithout(prefixes: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (prefixes.some((p) => k.startsWith(p))) delete env[k];
  return env;
}

export function runDocker(socketPath: string, args: string[], input?: string): Promise<DockerResult> {
  const env = {
    // The user's DOCKER_CONTEXT/TLS/API settings must not redirect or alter the CLI.
    ...envWithout(['DOCKER_']),
    DOCKER_HOST: `unix://${socketPath}`,
    DOCKER_BUILDKIT: '0',
    DOCKER_CONFIG: path.join(path.dirname(socketPath), 'cli'),
    DOCKER_CLI_HINTS: 'false',
  };
  return new Promise((resolve) => {
    const child = spawn(process.env.BERTH_TEST_DOCKER_CLI ?? 'docker', args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => resolve({ code: 127, stdout, stderr: stderr + e.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.on('error', () => {}); // the CLI may exit without reading stdin
    child.stdin.end(input ?? '');
  });
}

export function engineClient(socketPath: string): EngineClient {
  return {
    socketPath,
    dockerHost: `unix://${socketPath}`,
    dir: path.dirname(socketPath),
    request: (method, urlPath, body) => engineRequest(socketPath, method, urlPath, body),
    docker: (args, opts) => runDocker(socketPath, args, opts?.input),
  };
}

// ---------- daemons ----------

function spawnDaemon(cmd: string, args: string[], logFile: string): number {
  const fd = fs.openSync(logFile, 'a');
  try {
    // NOTIFY_SOCKET would make dockerd report readiness to a systemd that did not start it.
    const env = envWithout(['DOCKER_', 'NOTIFY_SOCKET']);
    // Not detached: a Ctrl-C on the test run reaches the daemons too and they shut down cleanly.
    const child = spawn(cmd, args, { stdio: ['ignore', fd, fd], env });
    child.on('error', () => {});
    child.unref();
    if (!child.pid) throw new Error(`cannot start ${cmd} (is it installed and on PATH?)`);
    return child.pid;
  } finally {
    fs.closeSync(fd);
  }
}

async function startContainerd(st: EngineState): Promise<void> {
  const log = path.join(st.dir, 'containerd.log');
  const sock = path.join(st.dir, 'c', 'c.sock');
  fs.rmSync(sock, { force: true }); // a stale one would look ready
  st.containerdPid = spawnDaemon('containerd', st.containerdArgs, log);
  writeState(st);
  const deadline = Date.now() + 15000;
  while (!fs.existsSync(sock)) {
    if (!alive(st.containerdPid)) throw new Error(`containerd exited during startup:\n${tailFile(log)}`);
    if (Date.now() > deadline) throw new Error(`containerd did not create ${sock} within 15 s:\n${tailFile(log)}`);
    await sleep(50);
  }
}

async function startDockerd(st: EngineState): Promise<void> {
  const log = path.join(st.dir, 'dockerd.log');
  st.dockerdPid = spawnDaemon('dockerd', st.dockerdArgs, log);
  writeState(st);
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      const res = await rawRequest(st.socketPath, 'GET', '/_ping', { timeoutMs: 2000 });
      if (res.status === 200 && res.body.toString() === 'OK') return;
    } catch {
      // not listening yet
    }
    if (!alive(st.dockerdPid)) throw new Error(`dockerd exited during startup; end of its log:\n${tailFile(log)}`);
    if (Date.now() > deadline) {
      throw new Error(`dockerd did not answer GET /_ping on ${st.socketPath} within 30 s; end of its log (${log}):\n${tailFile(log)}`);
    }
    await sleep(100);
  }
}

/** Stops dockerd and whatever it left behind (docker-proxy after a SIGKILL), leaving containerd up. */
async function stopDockerd(st: EngineState): Promise<void> {
  const pid = st.dockerdPid;
  const marker = st.dir + '/';
  if (!alive(pid, marker)) return;
  const children = processTree((p) => p.pid === pid).filter((p) => !p.cmdline.includes(marker));
  // dockerd stops running containers first; one ignoring SIGTERM costs it 10 s.
  await terminate(pid, marker, 15000);
  killSnapshot(children);
}

/**
 * A random x, from `first` to 254, such that no interface address or route on this machine is in
 * `${prefix}.x.0/24` (`prefix` is two octets, e.g. "172.31"); undefined when every one is taken. Random
 * rather than first-free so that engines started at the same time rarely collide.
 */
export async function unusedSubnet(prefix: string, first: number): Promise<number | undefined> {
  const used = new Set<number>();
  const pattern = new RegExp(`${prefix.replace(/\./g, '\\.')}\\.(\\d+)\\.`, 'g');
  for (const args of [['-4', '-o', 'addr', 'show'], ['-4', 'route', 'show']]) {
    const { stdout } = await run('ip', args);
    for (const m of stdout.matchAll(pattern)) used.add(Number(m[1]));
  }
  const free: number[] = [];
  for (let x = first; x < 255; x++) if (!used.has(x)) free.push(x);
  return free.length ? free[crypto.randomInt(free.length)] : undefined;
}

async function createBridge(name: string): Promise<string | null> {
  const x = await unusedSubnet('172.31', 1);
  if (x === undefined) return null;
  const cidr = `172.31.${x}.1/24`;
  if ((await run('ip', ['link', 'add', name, 'type', 'bridge'])).code !== 0) return null;
  const ok =
    (await run('ip', ['addr', 'add', cidr, 'dev', name])).code === 0 && (await run('ip', ['link', 'set', name, 'up'])).code === 0;
  if (ok) return cidr;
  await run('ip', ['link', 'del', name]);
  return null;
}

function containerdConfig(dir: string): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    'version = 2',
    `root = ${q(path.join(dir, 'data', 'containerd'))}`,
    `state = ${q(path.join(dir, 'c', 'state'))}`,
    // dockerd does not use CRI; disabling it avoids CNI setup and an extra listener.
    'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
    '[grpc]',
    `  address = ${q(path.join(dir, 'c', 'c.sock'))}`,
    '[plugins."io.containerd.internal.v1.opt"]',
    `  path = ${q(path.join(dir, 'data', 'opt'))}`,
    '',
  ].join('\n');
}

// ---------- lifecycle ----------

export async function startPrivateEngine(opts: StartOptions = {}): Promise<PrivateEngine> {
  const root = tempRoot();
  await sweepStale(root);
  let id = '';
  let dir = '';
  for (;;) {
    id = crypto.randomBytes(3).toString('hex');
    dir = path.join(root, `bh-${id}`);
    try {
      fs.mkdirSync(dir, { mode: 0o711 });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  for (const sub of ['data', 'x', 'c', 'cli']) fs.mkdirSync(path.join(dir, sub), { mode: 0o711 });
  if (opts.dataRootSize) {
    // Unmounted with everything else under the engine's folder by stopEngine.
    const mounted = await run('mount', ['-t', 'tmpfs', '-o', `size=${opts.dataRootSize},mode=0711`, `bh-${id}-data`, path.join(dir, 'data')]);
    if (mounted.code !== 0) throw new Error(`cannot mount a ${opts.dataRootSize} tmpfs as the data root: ${mounted.stderr}`);
  }

  let bridge: string | null = null;
  let bridgeAddress: string | null = null;
  if (opts.bridge !== false) {
    bridgeAddress = await createBridge(`bh${id}`);
    if (bridgeAddress) bridge = `bh${id}`;
    else console.warn(`[berth test engine] could not create a bridge; running with --bridge=none (no port publishing)`);
  }

  const socketPath = path.join(dir, 'docker.sock');
  // Ignore /etc/docker/daemon.json, and keep dockerd's trust key out of /etc/docker.
  // Networks get /24s from a /16 of their own instead of dockerd's default 31 pools (172.17–31/16 and
  // 192.168/20s): every engine on the machine shares those, since a pool overlapping another engine's
  // bridge route is skipped, so a run's networks plus other engines' used them up ("could not find an
  // available, non-overlapping IPv4 address pool"). dockerd still skips any /24 another engine routes.
  const pool = { base: `10.${128 + crypto.randomInt(120)}.0.0/16`, size: 24 };
  fs.writeFileSync(
    path.join(dir, 'daemon.json'),
    JSON.stringify({ 'deprecated-key-path': path.join(dir, 'key.json'), 'default-address-pools': [pool] }),
  );
  fs.writeFileSync(path.join(dir, 'containerd.toml'), containerdConfig(dir));
  const self = procInfo(process.pid);
  const st: EngineState = {
    name: opts.name ?? 'private',
    dir,
    socketPath,
    bridge,
    bridgeAddress,
    owner: { pid: process.pid, start: self?.start ?? '' },
    // Our own containerd: without --containerd, dockerd would adopt a system containerd at
    // /run/containerd/containerd.sock when one runs, sharing it with the user's engine.
    containerdArgs: ['--config', path.join(dir, 'containerd.toml')],
    containerdPid: 0,
    dockerdArgs: [
      '--config-file', path.join(dir, 'daemon.json'),
      '--data-root', path.join(dir, 'data'),
      '--exec-root', path.join(dir, 'x'),
      '--pidfile', path.join(dir, 'dockerd.pid'),
      '--host', `unix://${socketPath}`,
      '--containerd', path.join(dir, 'c', 'c.sock'),
      '--iptables=false',
      '--ip-masq=false',
      bridge ? `--bridge=${bridge}` : '--bridge=none',
      ...(opts.extraArgs ?? []),
    ],
    dockerdPid: 0,
  };
  writeState(st);
  try {
    await startContainerd(st);
    await startDockerd(st);
  } catch (e) {
    await stopEngine(dir);
    throw e;
  }

  let stopped: Promise<void> | null = null;
  return {
    ...engineClient(socketPath),
    bridge,
    get pid() {
      try {
        return readEngineState(dir).dockerdPid;
      } catch {
        return 0;
      }
    },
    stop: () => (stopped ??= stopEngine(dir)),
    restart: () => restartEngine(dir),
  };
}

/** Restarts dockerd of the engine in `dir` from any process (the state file has its args and pid). */
export async function restartEngine(dir: string): Promise<void> {
  await withLock(path.join(dir, 'restart.lock'), async () => {
    const st = readEngineState(dir);
    await stopDockerd(st);
    if (!alive(st.containerdPid, st.dir + '/')) await startContainerd(st);
    await startDockerd(st);
  });
}

/**
 * Stops the engine in `dir` and removes its processes, mounts, bridge and files.
 * graceful:false skips dockerd's shutdown (which waits 10 s for each container ignoring SIGTERM).
 */
export async function stopEngine(dir: string, opts: { graceful?: boolean } = {}): Promise<void> {
  let st: EngineState | null = null;
  try {
    st = readEngineState(dir);
  } catch {
    // startup failed before the state was written; still clean what we can
  }
  const marker = dir + '/';
  const isOurs = (p: { cmdline: string }) => p.cmdline.includes(marker);
  // Snapshot first: once a shim dies, its containers are reparented and no longer findable.
  const snapshot = processTree(isOurs);
  if (st && opts.graceful !== false) {
    await stopDockerd(st);
    await terminate(st.containerdPid, marker, 5000);
  }
  const leftovers = [...snapshot, ...processTree(isOurs)];
  killSnapshot(leftovers);
  for (const p of leftovers) await waitGone(p.pid, undefined, 2000);

  removeShimSockets(dir);
  const bridges = networkBridges(dir);
  await unmountUnder(dir);
  for (let i = 0; i < 5; i++) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
      break;
    } catch {
      await sleep(200);
      await unmountUnder(dir);
    }
  }
  if (st?.bridge) await run('ip', ['link', 'del', st.bridge]);
  // A dockerd that was killed (or failed to stop) leaves its networks' bridges and their routes behind,
  // and every later engine on the machine then skips those address pools; enough of them and none is left.
  for (const name of bridges) if (fs.existsSync(`/sys/class/net/${name}`)) await run('ip', ['link', 'del', name]);
}

/**
 * The Linux bridges of the engine's user-defined networks (`br-` and the network id's first 12 digits),
 * found by the ids in its network store, which is readable whether or not dockerd still runs.
 */
function networkBridges(dir: string): string[] {
  let store: string;
  try {
    store = fs.readFileSync(path.join(dir, 'data', 'network', 'files', 'local-kv.db'), 'latin1');
  } catch {
    return [];
  }
  return [...new Set([...store.matchAll(/(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g)].map((m) => `br-${m[0].slice(0, 12)}`))];
}

/** Shims killed with SIGKILL leave their sockets in containerd's fixed /run/containerd/s. */
function removeShimSockets(dir: string): void {
  let ids: string[] = [];
  try {
    ids = fs.readdirSync(path.join(dir, 'data', 'containers'));
  } catch {
    return;
  }
  const address = path.join(dir, 'c', 'c.sock');
  for (const id of ids) {
    // Same name as containerd 1.6's shim.SocketAddress(): sha256 of address/namespace/id.
    const hash = crypto.createHash('sha256').update(path.join(address, 'moby', id)).digest('hex');
    fs.rmSync(path.join('/run/containerd/s', hash), { force: true });
  }
}

/** Removes engines whose starting process is gone (a crashed or interrupted earlier run). */
async function sweepStale(root: string): Promise<void> {
  let names: string[] = [];
  try {
    names = fs.readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    if (!DIR_PATTERN.test(name)) continue;
    const dir = path.join(root, name);
    let st: EngineState;
    try {
      st = readEngineState(dir);
    } catch {
      continue; // being created right now, or not ours
    }
    const owner = procInfo(st.owner.pid);
    if (owner && owner.state !== 'Z' && owner.start === st.owner.start) continue;
    await stopEngine(dir, { graceful: false }).catch(() => {});
  }
}

async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
      } catch {
        // the holder has not written its pid yet
      }
      if (owner && !alive(owner)) fs.rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
      else await sleep(100);
    }
  }
  fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
