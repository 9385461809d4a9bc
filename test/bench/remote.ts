/**
 * Engines over SSH, measured against a private engine behind an sshd of the bench's own:
 *   1. containers.list of 50 containers through Berth's backend (browser mode, a window on an SSH docker
 *      context) vs the raw Engine API through the same kind of forwarded socket (goal: at most 1.2x), and
 *      vs dockerode's own ssh mode, which starts `docker system dial-stdio` on the far side for every
 *      request. The three are alternated in one run.
 *   2. Engine switch: a window moved between the local engine and the SSH one (engine.pin) until its
 *      containers.list answers (goal: 300 ms).
 * Results are printed and written to dist/bench-remote.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { createContext } from '../../engine/remote/contexts';
import { SshLinks } from '../../engine/remote/ssh-links';
import { addKnownHost } from '../../engine/remote/known-hosts';
import { rawRequest, startPrivateEngine } from '../harness/engine';
import { BUSYBOX_IMAGE, buildBusyboxImage } from '../harness/image';
import { startTestSshd } from '../harness/sshd';
import { median, round } from './bench-setup';
import { rpcClient } from './rpc-client';
import { startBerth } from '../e2e/browser';
import type { BerthServer } from '../e2e/browser';

const results: Record<string, unknown> = {};

async function timeEach(n: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function main(): Promise<void> {
  const [engine, local, sshd] = await Promise.all([startPrivateEngine({ name: 'bench-ssh', bridge: false }), startPrivateEngine({ name: 'bench-local', bridge: false }), startTestSshd()]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bbr-'));
  const links = new SshLinks({ runtimeDir: path.join(dir, 'links'), home: sshd.clientHome, env: {} });
  let server: BerthServer | undefined;
  try {
    sshd.setDockerHost(`unix://${engine.socketPath}`);
    await sshd.grantSocket(engine.socketPath);
    const [type, b64] = sshd.hostKeyLine.split(' ');
    addKnownHost(path.join(sshd.clientHome, '.ssh', 'known_hosts'), '127.0.0.1', sshd.port, { type: type!, blob: Buffer.from(b64!, 'base64') });
    await buildBusyboxImage(engine);
    for (let i = 0; i < 50; i++) await engine.request('POST', `/containers/create?name=c${i}`, { Image: BUSYBOX_IMAGE, Cmd: ['true'] });

    const socket = await links.socketFor(sshd.address);

    // Berth's backend with the local engine as DOCKER_HOST and the SSH engine as a docker context.
    const dockerConfig = path.join(dir, 'docker-config');
    createContext('far', sshd.address, { description: 'bench' }, { DOCKER_CONFIG: dockerConfig });
    server = await startBerth(`unix://${local.socketPath}`, { DOCKER_CONFIG: dockerConfig, HOME: sshd.clientHome, SSH_AUTH_SOCK: '' });
    const rpc = await rpcClient(server.url);
    await rpc.waitForEngine();
    await rpc.call('engine.pin', { id: 'context:far' });

    // Alternate the three ways in one run, so the machine's load falls on each alike.
    const raw: number[] = [];
    const berth: number[] = [];
    const perRequestSsh: number[] = [];
    const key = fs.readFileSync(sshd.clientKey);
    const perRequest = new Docker({ protocol: 'ssh', host: '127.0.0.1', port: sshd.port, username: sshd.user, sshOptions: { privateKey: key } } as Docker.DockerOptions);
    for (let round = 0; round < 5; round++) {
      raw.push(await timeEach(6, () => rawRequest(socket, 'GET', '/containers/json?all=1')));
      berth.push(await timeEach(6, () => rpc.call('containers.list', {})));
      perRequestSsh.push(await timeEach(2, () => perRequest.listContainers({ all: true })));
    }
    const rawMs = median(raw);
    const berthMs = median(berth);
    const sshMs = median(perRequestSsh);
    results.listContainers50 = {
      rawThroughForwardMs: round(rawMs, 2),
      berthOverSshMs: round(berthMs, 2),
      ratioBerthToRaw: round(berthMs / rawMs, 2),
      dockerodePerRequestSshMs: round(sshMs, 1),
      ratioDockerodeToBerth: round(sshMs / berthMs, 1),
    };

    // 2. Switching the window between the local engine and the SSH one, until its Containers list answers.
    const switches: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await rpc.call('engine.pin', { id: i % 2 === 0 ? 'docker-host' : 'context:far' });
      await rpc.call('containers.list', {});
      switches.push(performance.now() - t);
    }
    results.engineSwitchToListMs = { median: round(median(switches), 1), max: round(Math.max(...switches), 1) };
    rpc.close();
  } finally {
    await server?.stop();
    links.dispose();
    await Promise.all([engine.stop(), local.stop(), sshd.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.table({ ...(results.listContainers50 as Record<string, number>), ...(results.engineSwitchToListMs as Record<string, number>) });
  console.log(JSON.stringify(results, null, 2));
  fs.mkdirSync(process.env.BERTH_DIST ?? 'dist', { recursive: true });
  fs.writeFileSync(path.join(process.env.BERTH_DIST ?? 'dist', 'bench-remote.json'), JSON.stringify(results, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
