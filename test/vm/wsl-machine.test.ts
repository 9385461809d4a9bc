// The VM under the WSL 2 driver, run here with wsl.exe simulated (WSL exists only on Windows): the
// simulation keeps the distribution's state, takes the files handed to it, and on wsl-start serves a
// mutual-TLS endpoint with exactly the server certificate it was given. Everything else is Berth's own
// code as it runs on Windows: settings, start and readiness, the host socket relaying to the distribution,
// the docker context, noticing that the distribution went away, stop and factory reset.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContextHost } from '../../vm/host/docker-context';
import { VmMachine } from '../../vm/machine';
import { processAlive } from '../../vm/machine-files';
import { rawRequest } from '../harness/engine';
import { until, vmTestDirs } from './vm-harness';

const dirs = vmTestDirs();
const guest = path.join(dirs.root, 'guest');
const env = { ...process.env, DOCKER_CONFIG: dirs.dockerConfig, BERTH_VM_GUEST_DIR: guest };

/** What wsl.exe would do, kept as state; `calls` is every command line it was given. */
class FakeWsl {
  imported = false;
  running = false;
  calls: string[][] = [];
  handedOver = new Map<string, string>();
  keepAlivePids: number[] = [];
  private server: https.Server | undefined;
  port = 0;

  run = async (args: string[], input?: string): Promise<string> => {
    this.calls.push(args);
    const exec = args.indexOf('--exec');
    if (args[0] === '--list') {
      const line = this.imported ? `  berth    ${this.running ? 'Running' : 'Stopped'}    2\r\n` : '';
      return `  NAME    STATE    VERSION\r\n* Ubuntu  Stopped  2\r\n${line}`;
    }
    if (args[0] === '--import') this.imported = true;
    else if (args[0] === '--unregister') this.imported = false;
    else if (args[0] === '--terminate') await this.halt();
    else if (exec >= 0 && args[exec + 1] === '/bin/sh') {
      const file = /cat > (\S+)$/.exec(args.at(-1)!)?.[1];
      if (file && input !== undefined) this.handedOver.set(path.basename(file), input);
    } else if (exec >= 0 && args[exec + 1] === '/usr/lib/berth/wsl-start') {
      if (args[exec + 2] === 'stop') await this.closeServer();
      else await this.serve();
    }
    return '';
  };

  keepAlive = (): number => {
    const child = spawn('sleep', ['600'], { stdio: 'ignore', detached: true });
    child.unref();
    this.keepAlivePids.push(child.pid!);
    return child.pid!;
  };

  /** What `wsl --shutdown`, or a Windows update, does to the distribution. */
  async halt(): Promise<void> {
    this.running = false;
    await this.closeServer();
    for (const pid of this.keepAlivePids) if (processAlive(pid)) process.kill(pid);
  }

  private async serve(): Promise<void> {
    this.running = true;
    if (this.server) return;
    // dockerd --tlsverify, as wsl-start runs it: its own certificate, and clients must present one the CA signed.
    this.server = https.createServer(
      { ca: this.handedOver.get('ca.pem'), cert: this.handedOver.get('server-cert.pem'), key: this.handedOver.get('server-key.pem'), requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        if (req.url === '/_ping') res.end('OK');
        else res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ Version: 'wsl-simulated', Path: req.url }));
      },
    );
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  private closeServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}

const wsl = new FakeWsl();
let vm: VmMachine;

beforeAll(async () => {
  fs.mkdirSync(guest, { recursive: true });
  fs.writeFileSync(path.join(guest, 'rootfs.tar'), '');
  // A free port for the simulated engine, fixed before the machine is made (WSL's is 2376).
  const probe = https.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => probe.once('listening', r));
  wsl.port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  vm = new VmMachine({ dataDir: dirs.data, runtimeDir: dirs.runtime, env, drivers: ['wsl', 'qemu'], wsl: { run: wsl.run, keepAlive: wsl.keepAlive, apiPort: wsl.port } });
});

afterAll(async () => {
  await vm?.dispose({ stopVm: true });
  await wsl.halt();
  fs.rmSync(dirs.root, { recursive: true, force: true });
});

describe('the VM under WSL 2 (wsl.exe simulated: not run on Windows)', () => {
  it('is chosen in the settings where WSL exists, and says where CPUs and memory are set instead', async () => {
    const status = await vm.updateSettings({ ...vm.status().settings, driver: 'wsl' });
    expect(status).toMatchObject({ driver: 'wsl', drivers: ['wsl', 'qemu'], supported: true, guest: { built: true } });
  });

  it('imports the guest, hands over the server’s certificate only, and offers the engine on the user’s socket', async () => {
    const status = await vm.start();
    expect(status.state).toBe('running');
    expect(status.accelerator).toEqual({ name: 'hyperv', reason: 'WSL 2 runs the guest in Windows’ own Hyper-V based VM.' });
    expect(wsl.calls.filter((c) => c[0] === '--import')).toHaveLength(1);
    expect([...wsl.handedOver.keys()].sort()).toEqual(['ca.pem', 'server-cert.pem', 'server-key.pem']);
    // Through the socket: the relay presents the client certificate the engine demands.
    const res = await rawRequest(status.socket, 'GET', '/version');
    expect(JSON.parse(res.body.toString())).toEqual({ Version: 'wsl-simulated', Path: '/version' });
    expect(fs.statSync(status.socket).mode & 0o777).toBe(0o600);
    expect(readContextHost('berth', env)).toBe(status.dockerHost);
  });

  it('notices when WSL shuts the distribution down, says so, and starts again', async () => {
    await wsl.halt();
    const failed = await until('the VM to be seen as stopped', () => (vm.status().state === 'failed' ? vm.status() : undefined), 20_000, 100);
    expect(failed.crashed).toBe(true);
    expect(failed.error).toMatch(/^The VM stopped unexpectedly \(.*(wsl\.exe session|distribution).*\)\.$/);
    expect(fs.existsSync(failed.socket)).toBe(false);
    const again = await vm.start();
    expect(again.state).toBe('running');
    expect(wsl.calls.filter((c) => c[0] === '--import')).toHaveLength(1);
  });

  it('refuses to change the driver while the VM runs, then stops cleanly through the guest', async () => {
    await expect(vm.updateSettings({ ...vm.status().settings, driver: 'qemu' })).rejects.toThrow('Stop the VM before changing its driver: the two keep separate disks.');
    const status = await vm.stop();
    expect(status.state).toBe('stopped');
    const stops = wsl.calls.map((c) => c.join(' '));
    expect(stops.slice(-2)).toEqual(['--distribution berth --user root --exec /usr/lib/berth/wsl-start stop', '--terminate berth']);
    // The session that kept the distribution up is gone too (reaped a moment after its end).
    await until('the keep-alive sessions to end', () => wsl.keepAlivePids.every((pid) => !processAlive(pid)), 5000, 50);
    expect(fs.existsSync(status.socket)).toBe(false);
  });

  it('resets to factory settings by unregistering the distribution, whose disk holds everything', async () => {
    await expect(vm.factoryReset('nope')).rejects.toThrow(/Type the VM’s name/);
    expect(wsl.imported).toBe(true);
    await vm.factoryReset('berth');
    expect(wsl.calls.at(-1)).toEqual(['--unregister', 'berth']);
    expect(wsl.imported).toBe(false);
  });
});
