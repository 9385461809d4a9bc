// Berth's Linux VM for real: QEMU boots the guest built from Debian's packages (under tcg on machines
// without a working accelerator), and everything is checked from the host as a user would see it.
// One VM at a time, stopped at the end; the whole file takes a few minutes under emulation.
import dgram from 'node:dgram';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VmStatus } from '../../engine/contract/vm-types';
import { certFiles } from '../../vm/host/certs';
import { readContextHost } from '../../vm/host/docker-context';
import { VmMachine } from '../../vm/machine';
import { Backend } from '../../engine/backend';
import { diskUsedBytes, pingTls, processAlive, readOwner } from '../../vm/machine-files';
import { runDoctor } from '../../vm/doctor';
import { rawRequest } from '../harness/engine';
import { freePort } from '../harness/registry';
import { VM_TEST_IMAGE, busyboxImageArchive, ensureGuest, until, vmEngine, vmTestDirs } from './vm-harness';

const dirs = vmTestDirs();
const env = { ...process.env, DOCKER_CONFIG: dirs.dockerConfig };
const saved = { DOCKER_HOST: process.env.DOCKER_HOST, DOCKER_CONFIG: process.env.DOCKER_CONFIG };
// The VM as Berth runs it: the backend's VM provider, so the engine-level checks go through Berth too.
let backend: Backend;
let vm: VmMachine;
const changes: VmStatus[] = [];
const engine = () => vmEngine(vm.files.socket);

async function run(args: string[]): Promise<string> {
  const res = await engine().docker(args);
  if (res.code !== 0) throw new Error(`docker ${args.join(' ')} failed: ${res.stderr}`);
  return res.stdout.trim();
}

beforeAll(async () => {
  await ensureGuest();
  fs.writeFileSync(path.join(dirs.dockerConfig, 'config.json'), JSON.stringify({ currentContext: 'default' }));
  delete process.env.DOCKER_HOST;
  process.env.DOCKER_CONFIG = dirs.dockerConfig;
  // The guest checks its clock every 5 s instead of every minute: the clock test waits seconds, not a minute.
  process.env.BERTH_VM_HOUSEKEEPING_SECONDS = '5';
  backend = new Backend({ paths: { data: dirs.data, runtime: dirs.runtime }, mode: 'browser', version: 'test' });
  await backend.start();
  vm = backend.vm.machine;
  // A small VM: the host has 2 cores shared with others; one vCPU also avoids the rare MTTCG soft lockup.
  await vm.updateSettings({ cpus: 1, memoryMiB: 1024, diskGiB: 16, shares: [dirs.shared], accelerator: 'auto', driver: 'qemu' });
  vm.on('change', (s) => changes.push(s));
}, 120_000);

afterAll(async () => {
  await backend?.dispose();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const pid = vm && readOwner(vm.files)?.vmPid;
  if (pid && processAlive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(dirs.root, { recursive: true, force: true });
}, 120_000);

describe('Berth’s Linux VM', () => {
  it('boots under the accelerator that works here, falling back to emulation, and says which and why', async () => {
    const status = await vm.start();
    expect(status.state).toBe('running');
    expect(status.accelerator?.name).toBeDefined();
    expect(status.accelerator?.reason.length).toBeGreaterThan(10);
    if (status.accelerator?.name === 'tcg' && fs.existsSync('/dev/kvm')) expect(status.accelerator.reason).toMatch(/KVM/);
    expect(vm.consoleLines().some((l) => l.includes('berth-guest: engine-ready'))).toBe(true);
    const ping = await rawRequest(vm.files.socket, 'GET', '/_ping');
    expect(ping.body.toString()).toBe('OK');
    const info = (await engine().request('GET', '/info')).json;
    expect(info.OperatingSystem).toBe('Berth VM');
    expect(info.DockerRootDir).toBe('/var/lib/docker');
  }, 300_000);

  it('answers only over mutual TLS: a connection without the client certificate is refused', async () => {
    const owner = readOwner(vm.files)!;
    const certs = certFiles(vm.files.certs);
    expect(await pingTls(certs, owner.apiPort)).toBe(true);
    expect(await pingTls(certs, owner.apiPort, 5000, false)).toBe(false);
    // Plain HTTP to the forwarded port gets no Engine API answer either.
    const plain = await new Promise<string>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port: owner.apiPort, path: '/_ping', timeout: 5000 }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve(`${res.statusCode} ${body}`));
      });
      req.on('error', (e) => resolve(`error ${e.message}`));
      req.on('timeout', () => req.destroy(new Error('timeout')));
    });
    expect(plain).not.toMatch(/^200 OK$/);
  });

  it('offers the engine on a 0600 socket in a 0700 folder and a docker context “berth”, leaving the current context alone', () => {
    expect(fs.statSync(vm.files.socket).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(vm.files.socket)).mode & 0o777).toBe(0o700);
    expect(readContextHost('berth', env)).toBe(`unix://${vm.files.socket}`);
    expect(JSON.parse(fs.readFileSync(path.join(dirs.dockerConfig, 'config.json'), 'utf8')).currentContext).toBe('default');
  });

  it('is checked piece by piece by the doctor, which repairs a socket left open to others and says so', async () => {
    const healthy = await runDoctor(vm);
    expect(healthy.filter((c) => !c.ok), JSON.stringify(healthy, null, 1)).toEqual([]);
    expect(healthy.map((c) => c.name)).toEqual(expect.arrayContaining(['QEMU process', 'Guest ready', 'Engine answers /_ping', 'Connections without the certificate are refused', 'Socket', 'Docker context', 'Free disk in the guest', 'Clock']));
    fs.chmodSync(vm.files.socket, 0o666);
    const socket = (await runDoctor(vm)).find((c) => c.name === 'Socket')!;
    expect(socket).toMatchObject({ ok: true, repaired: true });
    expect(socket.detail).toMatch(/permissions were wider: corrected/);
    expect(fs.statSync(vm.files.socket).mode & 0o777).toBe(0o600);
  });

  it('loads an image built on the host and runs a container from it', async () => {
    const load = await rawRequest(vm.files.socket, 'POST', '/images/load?quiet=1', {
      body: busyboxImageArchive(),
      headers: { 'Content-Type': 'application/x-tar' },
      timeoutMs: 120_000,
    });
    expect(load.status, load.body.toString()).toBe(200);
    expect(await run(['run', '--rm', VM_TEST_IMAGE, 'echo', 'hello from the VM'])).toBe('hello from the VM');
  }, 180_000);

  it('brings a container’s log of many small writes through its socket complete and in order, over the API channel', async () => {
    // The API leaves the guest by virtio-serial (QEMU's end is this socket), not the emulated network.
    expect(fs.statSync(vm.files.apiChannel).isSocket()).toBe(true);
    const lines = 20_000;
    await run(['run', '--name', 'vm-many-lines', VM_TEST_IMAGE, 'sh', '-c', `seq 1 ${lines}`]);
    const res = await rawRequest(vm.files.socket, 'GET', '/containers/vm-many-lines/logs?stdout=1', { timeoutMs: 120_000 });
    // Each line is an 8-byte stream header and the line.
    const got: string[] = [];
    for (let at = 0; at < res.body.length; ) {
      const size = res.body.readUInt32BE(at + 4);
      got.push(res.body.subarray(at + 8, at + 8 + size).toString());
      at += 8 + size;
    }
    expect(got.join('')).toBe(Array.from({ length: lines }, (_, i) => `${i + 1}\n`).join(''));
    await run(['rm', 'vm-many-lines']);
  }, 180_000);

  it('is an engine Berth can use: offered in the engine list, and its containers listed and stopped through Berth', async () => {
    const listed = await backend.handlers.methods['engine.list']({});
    expect(listed.find((e) => e.id === 'vm')).toMatchObject({ kind: 'vm', host: `unix://${vm.files.socket}`, reachable: true });
    // The `berth` context Berth made is the same engine, so it is not offered twice.
    expect(listed.some((e) => e.id === 'context:berth')).toBe(false);
    const status = await backend.handlers.methods['engine.select']({ id: 'vm' });
    await until('Berth to connect to the VM’s engine', () => backend.status().state === 'running');
    expect(backend.status().server?.name).toBe('berth-vm');
    expect(status.endpoint?.id).toBe('vm');
    const id = await run(['run', '-d', '--init', '--name', 'vm-listed', VM_TEST_IMAGE, 'sleep', '600']);
    const row = await until('the container in Berth’s list', async () => (await backend.handlers.methods['containers.list']({})).find((c) => c.name === 'vm-listed' && c.state === 'running'));
    expect(row.id).toBe(id);
    const result = await backend.handlers.methods['containers.act']({ ids: [id], action: 'stop' });
    expect(result).toEqual({ done: [id], failed: [] });
    expect((await engine().request('GET', `/containers/${id}/json`)).json.State.Status).toBe('exited');
    await backend.handlers.methods['containers.remove']({ ids: [id], volumes: true, force: true });
    // Its disk is the VM's: Berth says what it knows of it rather than measuring a folder of this machine.
    const usage = await backend.handlers.methods['disk.usage']({});
    expect(usage.spaceUnknown).toMatch(/^The engine runs in Berth’s VM, on a disk of at most 16 GiB that takes \d+\.\d GiB on this machine; the VM’s settings can make it larger\.$/);
  }, 180_000);

  it('keeps containers away from the engine API, directly and back through the host’s forward', async () => {
    const owner = readOwner(vm.files)!;
    // A control that must succeed, so a broken probe cannot pass for a blocked API: a host service.
    const control = net.createServer((s) => s.end('hi'));
    await new Promise<void>((r) => control.listen(0, '127.0.0.1', r));
    const controlPort = (control.address() as net.AddressInfo).port;
    try {
      const probe = (targets: string[]) =>
        targets.map((t) => `if nc -w 3 ${t.replace(':', ' ')} </dev/null >/dev/null 2>&1; then echo "${t} open"; else echo "${t} closed"; fi`).join('; ');
      const targets = [`10.0.2.2:${controlPort}`, `10.0.2.2:${owner.apiPort}`, '10.0.2.15:2376', '172.17.0.1:2376'];
      const bridged = await run(['run', '--rm', VM_TEST_IMAGE, 'sh', '-c', probe(targets)]);
      expect(bridged.split('\n')).toEqual([`10.0.2.2:${controlPort} open`, `10.0.2.2:${owner.apiPort} closed`, '10.0.2.15:2376 closed', '172.17.0.1:2376 closed']);
      const hostNet = await run(['run', '--rm', '--network', 'host', VM_TEST_IMAGE, 'sh', '-c', probe([`10.0.2.2:${owner.apiPort}`, '10.0.2.15:2376', '127.0.0.1:2376'])]);
      expect(hostNet.split('\n')).toEqual([`10.0.2.2:${owner.apiPort} closed`, '10.0.2.15:2376 closed', '127.0.0.1:2376 closed']);
      // Nor through the API channel's virtio-serial port, even with every device: the guest's relay holds it,
      // and a port opens only once.
      const port = await run(['run', '--rm', '--privileged', VM_TEST_IMAGE, 'sh', '-c', 'for p in /dev/vport*; do if (exec 3<>"$p") 2>/dev/null; then echo "$p opened"; else echo "$p refused"; fi; done']);
      expect(port).toMatch(/^\/dev\/vport\d+p1 refused$/);
    } finally {
      control.close();
    }
  }, 180_000);

  it('forwards a published port to the host’s 127.0.0.1 while the container runs, and reports a taken port on the container', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const takenPort = (taken.address() as net.AddressInfo).port;
    const webPort = await freePort();
    try {
      const web = await run(['run', '-d', '--init', '--name', 'vm-web', '-p', `${webPort}:80`, '-p', `${takenPort}:81`, VM_TEST_IMAGE, 'sh', '-c', 'mkdir /www; echo served-from-the-vm >/www/index.html; httpd -p 81 -h /www; exec httpd -f -p 80 -h /www']);
      const started = Date.now();
      const body = await until('the forwarded port to answer', async () => {
        const res = await fetch(`http://127.0.0.1:${webPort}/`).catch(() => undefined);
        return res?.ok ? res.text() : undefined;
      }, 30_000, 50);
      console.log(`port forward ready ${Date.now() - started} ms after docker run returned`);
      expect(body.trim()).toBe('served-from-the-vm');
      const failed = await until('the taken port to be reported', () => vm.status().ports.find((p) => p.port === takenPort && p.state === 'failed'), 10_000);
      expect(failed.container).toBe('vm-web');
      expect(failed.problem).toMatch(new RegExp(`Port ${takenPort} is already in use on this machine`));
      await run(['rm', '-f', web]);
      await until('the forward to go', () => !vm.status().ports.some((p) => p.port === webPort), 20_000);
      await until('the port to be free on the host', async () => !(await fetch(`http://127.0.0.1:${webPort}/`).then(() => true, () => false)), 10_000);
    } finally {
      taken.close();
    }
  }, 180_000);

  it('forwards a published UDP port too', async () => {
    const port = await freePort();
    const echo = await run(['run', '-d', '--name', 'vm-udp', '-p', `${port}:7/udp`, '--entrypoint', '/bin/udp-echo', VM_TEST_IMAGE, '7']);
    try {
      await until('the UDP forward', () => vm.status().ports.find((p) => p.port === port && p.protocol === 'udp' && p.state === 'forwarded'), 20_000);
      const socket = dgram.createSocket('udp4');
      try {
        // A datagram may be lost while the container's proxy comes up: send again until one comes back.
        const reply = await until('an echo through the forwarded UDP port', () => new Promise<string | undefined>((resolve) => {
          const timer = setTimeout(() => resolve(undefined), 500);
          socket.once('message', (m) => {
            clearTimeout(timer);
            resolve(m.toString());
          });
          socket.send('ping over udp', port, '127.0.0.1');
        }), 20_000, 0);
        expect(reply).toBe('ping over udp');
      } finally {
        socket.close();
      }
    } finally {
      await run(['rm', '-f', echo]);
    }
    await until('the UDP forward to go', () => !vm.status().ports.some((p) => p.port === port), 20_000);
  }, 120_000);

  it('shares a host folder at the same path, so -v works unchanged', async () => {
    fs.writeFileSync(path.join(dirs.shared, 'from-host.txt'), 'written on the host\n');
    expect(await run(['run', '--rm', '-v', `${dirs.shared}:/x`, VM_TEST_IMAGE, 'cat', '/x/from-host.txt'])).toBe('written on the host');
  }, 120_000);

  it('sets its clock right again when it falls behind the host’s, as after the host slept', async () => {
    const skew = async () => (Date.parse((await engine().request('GET', '/info')).json.SystemTime as string) - Date.now()) / 1000;
    // The guest's clock is global: a privileged container can set it back, as a host's sleep leaves it.
    await run(['run', '--rm', '--privileged', VM_TEST_IMAGE, 'date', '-s', `@${Math.floor(Date.now() / 1000) - 3600}`]);
    // (The guest's check, every 5 s here, may already have run by now: the console line below shows it saw the hour.)
    const t0 = Date.now();
    await until('the guest’s clock to be right again', async () => Math.abs(await skew()) <= 2, 30_000, 500);
    console.log(`guest clock corrected after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    expect(vm.consoleLines().some((l) => /berth-guest: clock corrected by 3[56]\d\ds/.test(l))).toBe(true);
  }, 120_000);

  it('gives the memory a container used back to the host once idle, and a container asking for 700 MiB right after still gets it', async () => {
    const pid = vm.status().pid!;
    const rssMiB = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    const reclaims = () => vm.consoleLines().filter((l) => l.startsWith('berth-guest: memory reclaimed')).length;
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, rssMiB())), 250);
    // busybox dd allocates its one 700 MiB block and writes all of it, so QEMU has to hold it.
    const big = ['run', '--rm', VM_TEST_IMAGE, 'sh', '-c', 'dd if=/dev/zero of=/dev/null bs=700M count=1 2>/dev/null && echo allocated'];
    try {
      expect(await run(big)).toBe('allocated');
    } finally {
      clearInterval(watch);
    }
    const before = reclaims();
    await until('the idle guest to reclaim its memory', () => reclaims() > before, 120_000, 500);
    // Free page reporting hands QEMU what the reclaim freed within seconds.
    const idle = await until('QEMU to give the container’s memory back', () => rssMiB() < peak - 500 && rssMiB(), 30_000, 500);
    console.log(`QEMU resident: ${Math.round(peak)} MiB with the 700 MiB container, ${Math.round(idle)} MiB as the reclaimed memory went back`);
    expect(peak).toBeGreaterThan(700);
    // Memory given back is not memory lost: the guest has it again the moment a container asks.
    expect(await run(big)).toBe('allocated');
  }, 300_000);

  it('keeps a named volume’s files across a clean stop and start, and gives deleted data’s space back to the host', async () => {
    await run(['run', '--rm', '-v', 'vm-keep:/data', VM_TEST_IMAGE, 'sh', '-c', 'echo still-here >/data/file']);
    await run(['run', '--rm', '-v', 'vm-keep:/data', VM_TEST_IMAGE, 'dd', 'if=/dev/zero', 'of=/data/big', 'bs=1M', 'count=96', 'conv=fsync']);
    const withBigFile = diskUsedBytes(vm.files.disk)!;
    await run(['run', '--rm', '-v', 'vm-keep:/data', VM_TEST_IMAGE, 'rm', '/data/big']);
    const stopped = await vm.stop();
    // The guest trims the file system as it shuts down; QEMU punches the freed clusters out of the file.
    expect(withBigFile - diskUsedBytes(vm.files.disk)!).toBeGreaterThan(64 * 2 ** 20);
    expect(stopped.state).toBe('stopped');
    expect(stopped.error).toBeUndefined();
    // The data disk is never left mounted read-write: containerd was stopped and nothing held it.
    const shutdown = vm.consoleLines().slice(vm.consoleLines().findLastIndex((l) => l.includes('berth-guest: shutting down')));
    expect(shutdown.filter((l) => l.startsWith('berth-guest:'))).toEqual(['berth-guest: shutting down', 'berth-guest: data disk unmounted', 'berth-guest: powering off']);
    expect(fs.existsSync(vm.files.socket)).toBe(false);
    await vm.start();
    expect(await run(['run', '--rm', '-v', 'vm-keep:/data', VM_TEST_IMAGE, 'cat', '/data/file'])).toBe('still-here');
  }, 300_000);

  it('notices at once when QEMU is killed, cleans up after it, and starts again', async () => {
    const pid = readOwner(vm.files)!.vmPid;
    changes.length = 0;
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    const failed = await until('the VM to be seen as failed', () => changes.find((s) => s.state === 'failed'), 10_000, 10);
    console.log(`kill -9 noticed after ${Date.now() - killedAt} ms`);
    expect(Date.now() - killedAt).toBeLessThan(2000);
    expect(failed.crashed).toBe(true);
    expect(failed.error).toMatch(/stopped unexpectedly/);
    expect(fs.existsSync(vm.files.socket)).toBe(false);
    expect(fs.existsSync(vm.files.pidFile)).toBe(false);
    const again = await vm.start();
    expect(again).toMatchObject({ state: 'running', crashed: false });
    expect(await run(['run', '--rm', '-v', 'vm-keep:/data', VM_TEST_IMAGE, 'cat', '/data/file'])).toBe('still-here');
  }, 300_000);

  it('leaves a VM it does not stop running for the next Berth, which takes it over instead of booting another', async () => {
    const qemuPid = readOwner(vm.files)!.vmPid;
    await vm.dispose({ stopVm: false });
    expect(processAlive(qemuPid)).toBe(true);
    expect(fs.existsSync(vm.files.pidFile)).toBe(true);
    const next = new VmMachine({ dataDir: dirs.data, runtimeDir: dirs.runtime, env });
    expect(await next.start()).toMatchObject({ state: 'running', pid: qemuPid });
    expect(await run(['run', '--rm', '-v', 'vm-keep:/data', VM_TEST_IMAGE, 'cat', '/data/file'])).toBe('still-here');
    await next.dispose({ stopVm: false });
    // And back to the backend's machine, for the tests after this one.
    expect(await vm.start()).toMatchObject({ state: 'running', pid: qemuPid });
  }, 120_000);

  it('stops a guest whose kernel hangs, says so, and offers a restart', async () => {
    changes.length = 0;
    const pid = readOwner(vm.files)!.vmPid;
    // What the guest's kernel prints when it hangs under emulation (seen here with 2 vCPUs under MTTCG).
    fs.appendFileSync(vm.files.consoleLog, '[  88.316793] watchdog: BUG: soft lockup - CPU#0 stuck for 71s! [runc:264]\n');
    const failed = await until('the hung VM to be stopped', () => changes.find((s) => s.state === 'failed'), 30_000, 20);
    expect(failed).toMatchObject({ crashed: true });
    expect(failed.error).toMatch(/^The VM’s Linux kernel hung \(watchdog: BUG: soft lockup/);
    expect(processAlive(pid)).toBe(false);
  }, 60_000);

  it('refuses to reset to factory settings unless the VM’s name is typed, then deletes the data disk', async () => {
    await expect(vm.factoryReset('nope')).rejects.toThrow(/Type the VM’s name, “berth”/);
    expect(fs.existsSync(vm.files.disk)).toBe(true);
    const reset = await vm.factoryReset('berth');
    expect(reset.state).toBe('stopped');
    expect(fs.existsSync(vm.files.disk)).toBe(false);
  }, 120_000);
});
