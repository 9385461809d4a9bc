/**
 * A Swarm of three private engines on one machine, as ../shared/RECIPES.md describes it: each dockerd in
 * its own network namespace (entered with `nsenter --net`, not `ip netns exec`, which hides the cgroup
 * mounts) and its own UTS namespace with a hostname of its own, the three joined over a Linux bridge. No
 * ingress routing mesh here (the kernel has no IPVS): tests publish ports with mode=host.
 *
 * Everything one swarm makes is written down in a state file first, so stopSwarm() — or a later run, once
 * the process that made it is gone — removes every trace: engines, shims, mounts, namespaces and bridge.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EngineClient } from './engine';
import { engineClient, rawRequest, unusedSubnet } from './engine';
import { BUSYBOX_IMAGE, buildBusyboxImage } from './image';
import { alive, killSnapshot, procInfo, processTree, run, sleep, tailFile, terminate, unmountUnder, waitGone } from './proc';

export interface SwarmNode extends EngineClient {
  hostname: string;
  address: string;
}

export interface TestSwarm {
  /** The first node: the manager the swarm was initialised on. */
  manager: SwarmNode;
  nodes: SwarmNode[];
  stop(): Promise<void>;
}

interface SwarmState {
  id: string;
  dir: string;
  bridge: string;
  namespaces: string[];
  veths: string[];
  owner: { pid: number; start: string };
}

const ROOT = '/tmp';
const DIR_PATTERN = /^bsw-[0-9a-f]{6}$/;
const STATE_FILE = 'swarm.json';

function writeState(st: SwarmState): void {
  fs.writeFileSync(path.join(st.dir, STATE_FILE), JSON.stringify(st, null, 2));
}

async function must(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** A 10.77.x.0/24 no interface or route on this machine uses yet. */
async function freeSubnet(): Promise<number> {
  const x = await unusedSubnet('10.77', 0);
  if (x === undefined) throw new Error('no free 10.77.x.0/24 for the swarm bridge');
  return x;
}

async function waitForPing(socketPath: string, pid: number, log: string): Promise<void> {
  const deadline = Date.now() + 40_000;
  for (;;) {
    try {
      const res = await rawRequest(socketPath, 'GET', '/_ping', { timeoutMs: 2000 });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (!alive(pid)) throw new Error(`a swarm node's dockerd exited during startup:\n${tailFile(log)}`);
    if (Date.now() > deadline) throw new Error(`a swarm node's dockerd did not answer within 40 s:\n${tailFile(log)}`);
    await sleep(100);
  }
}

async function startNode(st: SwarmState, i: number, subnet: number): Promise<SwarmNode> {
  const ns = `${path.basename(st.dir)}-${i}`;
  const veth = `v${st.id}${i}`;
  const address = `10.77.${subnet}.${10 + i}`;
  await must('ip', ['netns', 'add', ns]);
  st.namespaces.push(ns);
  writeState(st);
  await must('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
  st.veths.push(veth);
  writeState(st);
  await must('ip', ['link', 'set', veth, 'master', st.bridge]);
  await must('ip', ['link', 'set', veth, 'up']);
  await must('ip', ['netns', 'exec', ns, 'ip', 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
  await must('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'eth0', 'up']);
  await must('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);

  const dir = path.join(st.dir, String(i));
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'cli'), { recursive: true });
  const hostname = `swarm-node-${i}`;
  const socketPath = path.join(dir, 'docker.sock');
  // Ignore /etc/docker/daemon.json and keep the trust key out of /etc/docker.
  fs.writeFileSync(path.join(dir, 'daemon.json'), JSON.stringify({ 'deprecated-key-path': path.join(dir, 'key.json') }));
  const dockerd = [
    'dockerd',
    '--config-file', path.join(dir, 'daemon.json'),
    '--data-root', path.join(dir, 'data'),
    '--exec-root', path.join(dir, 'x'),
    '--pidfile', path.join(dir, 'docker.pid'),
    '-H', `unix://${socketPath}`,
  ];
  const log = path.join(dir, 'dockerd.log');
  const fd = fs.openSync(log, 'a');
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('DOCKER_') || k === 'NOTIFY_SOCKET') delete env[k];
  const child = spawn(
    'nsenter',
    [`--net=/run/netns/${ns}`, 'unshare', '--uts', '--', 'sh', '-c', `hostname ${hostname} && exec "$@"`, 'sh', ...dockerd],
    { stdio: ['ignore', fd, fd], env },
  );
  fs.closeSync(fd);
  child.on('error', () => {});
  child.unref();
  await waitForPing(socketPath, child.pid ?? 0, log);
  return { ...engineClient(socketPath), hostname, address };
}

/** Copies the test image from one engine to another (no registry in tests). */
async function copyImage(from: EngineClient, to: EngineClient, image: string): Promise<void> {
  const saved = await rawRequest(from.socketPath, 'GET', `/images/${encodeURIComponent(image)}/get`);
  if (saved.status !== 200) throw new Error(`saving ${image} failed (${saved.status})`);
  const loaded = await rawRequest(to.socketPath, 'POST', '/images/load?quiet=1', { body: saved.body, headers: { 'Content-Type': 'application/x-tar' } });
  if (loaded.status !== 200) throw new Error(`loading ${image} failed (${loaded.status}): ${loaded.body.toString()}`);
}

/** Starts three engines, joins them into one swarm (node 1 manager, 2 and 3 workers) and loads the test image into each. */
export async function startSwarm(): Promise<TestSwarm> {
  await sweepStaleSwarms();
  const id = crypto.randomBytes(3).toString('hex');
  const dir = path.join(ROOT, `bsw-${id}`);
  fs.mkdirSync(dir, { mode: 0o711 });
  const self = procInfo(process.pid);
  const st: SwarmState = { id, dir, bridge: `bsw${id}`, namespaces: [], veths: [], owner: { pid: process.pid, start: self?.start ?? '' } };
  writeState(st);
  try {
    const subnet = await freeSubnet();
    await must('ip', ['link', 'add', st.bridge, 'type', 'bridge']);
    await must('ip', ['addr', 'add', `10.77.${subnet}.1/24`, 'dev', st.bridge]);
    await must('ip', ['link', 'set', st.bridge, 'up']);
    const nodes = await Promise.all([1, 2, 3].map((i) => startNode(st, i, subnet)));
    const [manager, ...workers] = nodes as [SwarmNode, ...SwarmNode[]];
    const init = await manager.request('POST', '/swarm/init', { ListenAddr: '0.0.0.0:2377', AdvertiseAddr: manager.address });
    if (init.status !== 200) throw new Error(`swarm init failed (${init.status}): ${init.text}`);
    const tokens = (await manager.request('GET', '/swarm')).json.JoinTokens as { Worker: string };
    await Promise.all([
      buildBusyboxImage(manager).then(() => Promise.all(workers.map((w) => copyImage(manager, w, BUSYBOX_IMAGE)))),
      ...workers.map(async (w) => {
        const join = await w.request('POST', '/swarm/join', { ListenAddr: '0.0.0.0:2377', AdvertiseAddr: w.address, RemoteAddrs: [`${manager.address}:2377`], JoinToken: tokens.Worker });
        if (join.status !== 200) throw new Error(`swarm join of ${w.hostname} failed (${join.status}): ${join.text}`);
      }),
    ]);
    // Ready when the manager sees three nodes ready.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const list = (await manager.request('GET', '/nodes')).json as { Status: { State: string } }[];
      if (list.length === 3 && list.every((n) => n.Status.State === 'ready')) break;
      if (Date.now() > deadline) throw new Error(`the swarm's nodes did not become ready: ${JSON.stringify(list.map((n) => n.Status))}`);
      await sleep(200);
    }
    let stopped: Promise<void> | undefined;
    return { manager, nodes, stop: () => (stopped ??= stopSwarm(dir)) };
  } catch (e) {
    await stopSwarm(dir);
    throw e;
  }
}

/** Stops every engine of the swarm in `dir` and removes what it made: processes, mounts, namespaces, bridge, files. */
export async function stopSwarm(dir: string): Promise<void> {
  let st: SwarmState | undefined;
  try {
    st = JSON.parse(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8')) as SwarmState;
  } catch {
    // nothing was recorded: only files to remove
  }
  const marker = dir + '/';
  const isOurs = (p: { cmdline: string }) => p.cmdline.includes(marker);
  // Snapshot first: once a shim dies its containers are reparented and no longer findable.
  const snapshot = processTree(isOurs);
  const engines = snapshot.filter((p) => /(^|\/)dockerd /.test(p.cmdline) || p.cmdline.startsWith('dockerd '));
  // A node does not leave the swarm here: stopping all three at once is the end of this swarm anyway.
  await Promise.all(engines.map((p) => terminate(p.pid, marker, 10_000)));
  const leftovers = [...snapshot, ...processTree(isOurs)];
  killSnapshot(leftovers);
  for (const p of leftovers) await waitGone(p.pid, undefined, 2000);
  await unmountUnder(dir);
  for (const ns of st?.namespaces ?? []) await run('ip', ['netns', 'del', ns]);
  for (const veth of st?.veths ?? []) await run('ip', ['link', 'del', veth]);
  if (st) await run('ip', ['link', 'del', st.bridge]);
  for (let i = 0; i < 5; i++) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
      break;
    } catch {
      await sleep(200);
      await unmountUnder(dir);
    }
  }
}

/** Removes swarms whose starting process is gone (a crashed or interrupted earlier run). */
async function sweepStaleSwarms(): Promise<void> {
  let names: string[] = [];
  try {
    names = fs.readdirSync(ROOT).filter((n) => DIR_PATTERN.test(n));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = path.join(ROOT, name);
    try {
      const st = JSON.parse(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8')) as SwarmState;
      const owner = procInfo(st.owner.pid);
      if (owner && owner.start === st.owner.start) continue;
    } catch {
      // unreadable state: the run that made it is long gone
    }
    await stopSwarm(dir);
  }
}
