/**
 * The VM's numbers: `npx tsx test/bench/vm.ts` prints them as JSON (and writes dist/bench-vm.json).
 *   - guest image size (kernel, initramfs and the compressed read-only root image) and the root file system's size;
 *   - boot to engine ready (`/_ping` answered through the private socket) under tcg, first boot (empty
 *     disk) and warm boots; with kvm too where /dev/kvm works (here it does not: the probe result is shown);
 *   - QEMU's resident memory at idle, and its CPU over a minute of idleness;
 *   - port forward ready after `docker run -d -p` returns, and an HTTP round trip through the forwarded
 *     port vs the same server run directly on the host;
 *   - reading a container's log of LOG_LINES lines (default 30,000) through the socket, line by line vs
 *     one line of about the same bytes (many small messages are what the user network is slow at).
 *   - the other architecture's guest (arm64 on an x86-64 machine): its size, and its boots and idle memory
 *     under emulation (what Apple silicon would run with an x86-64 guest, the other way round).
 * One VM at a time; it is stopped at the end. Environment: BOOTS (default 3), IDLE_SECONDS (default 60),
 * OTHER_ARCH=0 to leave the other architecture out.
 *
 * VM_COMPARE_WITH=<folder of an older guest> measures only old against new, alternating them in one run
 * (the machine is shared and noisy, so figures from two runs do not compare): a first boot of each (disk
 * formatted), then COMPARE_ROUNDS rounds (default 2), each booting every guest in turn and measuring boot to
 * engine ready (each warm boot's guest uptime at engine ready and the init's stages), QEMU's resident memory
 * IDLE_SECONDS (default 30) after a container that used 700 MiB exited, and log lines a second; a 1 GiB
 * guest (VM_COMPARE_TB_SIZES=32,128 adds the new guest with other TCG translation caches,
 * VM_COMPARE_KERNEL_ARGS the new guest with more kernel arguments: BERTH_VM_KERNEL_ARGS, VM_COMPARE_KERNELS=bzimage
 * the new guest from its bzImage instead of PVH: BERTH_VM_KERNEL). The old guest boots
 * as it did (SeaBIOS unless VM_COMPARE_OLD_FIRMWARE=qboot, its RAM anonymous memory). VM_COMPARE_ONLY=boot
 * leaves memory and logs out. Build the old guest from the older commit, e.g.
 *   git worktree add /tmp/old <commit> && (cd /tmp/old && ln -s $PWD/node_modules . && npm run vm:build -- --out /tmp/guest-old)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { buildGuest } from '../../vm/guest/build';
import { guestFolderName, hostGuestArch } from '../../vm/guest/contents';
import { VmMachine } from '../../vm/machine';
import { guestImage } from '../../vm/machine-files';
import { engineClient, rawRequest } from '../harness/engine';
import { freePort } from '../harness/registry';
import { VM_TEST_IMAGE, busyboxImageArchive, ensureGuest, vmTestDirs } from '../vm/vm-harness';

const BOOTS = Number(process.env.BOOTS ?? 3);
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 60);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function procStat(pid: number): { cpuTicks: number; rssKiB: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return { cpuTicks: Number(fields[11]) + Number(fields[12]), rssKiB: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) };
}

function get(port: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - started));
      })
      .on('error', reject);
  });
}

async function roundTrips(port: number, n = 50): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await get(port));
  return round(median(times), 2);
}

interface Boot {
  seconds: number;
  guestUptime?: number;
  /** The init's stages, each one's end in seconds of guest uptime ("init=2.3 modules=3.1 …"); guests before it have none. */
  stages?: string;
}

async function bootOnce(vm: VmMachine): Promise<Boot> {
  const started = performance.now();
  await vm.start();
  const seconds = (performance.now() - started) / 1000;
  const lines = vm.consoleLines().reverse();
  const ready = lines.find((l) => l.includes('engine-ready'));
  const stages = lines.find((l) => l.includes('berth-guest: boot stages:'))?.split('boot stages:')[1]?.trim();
  return { seconds: round(seconds), guestUptime: ready ? Number(/uptime=([\d.]+)/.exec(ready)?.[1]) : undefined, ...(stages ? { stages } : {}) };
}

/** The other architecture's guest, booted under emulation: size, boots, idle memory. */
async function otherArchitecture(): Promise<Record<string, unknown>> {
  const arch = hostGuestArch() === 'amd64' ? 'arm64' : 'amd64';
  const guest = path.resolve('vm/dist', guestFolderName(arch));
  if (!guestImage(guest).built) await buildGuest({ arch, outDir: guest, log: () => undefined });
  const image = guestImage(guest);
  const manifest = JSON.parse(fs.readFileSync(path.join(guest, 'manifest.json'), 'utf8'));
  const dirs = vmTestDirs();
  const vm = new VmMachine({ dataDir: dirs.data, runtimeDir: dirs.runtime, env: { ...process.env, BERTH_VM_GUEST_DIR: guest } });
  try {
    await vm.updateSettings({ cpus: 1, memoryMiB: 1024, diskGiB: 16, shares: [], accelerator: 'auto', driver: 'qemu' });
    const first = await bootOnce(vm);
    await vm.stop();
    const boots: { seconds: number; guestUptime?: number }[] = [];
    for (let i = 0; i < BOOTS; i++) {
      boots.push(await bootOnce(vm));
      if (i < BOOTS - 1) await vm.stop();
    }
    await sleep(10_000);
    const rss = procStat(vm.status().pid!).rssKiB;
    return {
      arch,
      accelerator: vm.status().accelerator?.name,
      image: { totalMiB: round((image.bytes ?? 0) / 2 ** 20), kernel: manifest.outputs.vmlinuz, rootfsMiB: round(manifest.rootfsBytes / 2 ** 20) },
      firstBootSeconds: first.seconds,
      boot: { medianSeconds: median(boots.map((b) => b.seconds)), runs: boots.map((b) => b.seconds), guestUptimeAtEngineReady: boots.map((b) => b.guestUptime) },
      idleQemuRssMiB: round(rss / 1024),
    };
  } finally {
    await vm.stop().catch(() => undefined);
    await vm.dispose({ stopVm: true });
    fs.rmSync(dirs.root, { recursive: true, force: true });
  }
}

/**
 * QEMU's resident memory by kind: anonymous (its own and, without memfd, the guest's RAM), shared memory (the
 * guest's RAM in a memfd) and file pages (mapped files such as the PVH kernel, which the host can drop).
 */
function rssSplit(pid: number): Record<string, number> {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { anonymous: round(kib('RssAnon') / 1024), sharedMemory: round(kib('RssShmem') / 1024), files: round(kib('RssFile') / 1024) };
}

/**
 * A container that touches 700 MiB and exits, then IDLE seconds: what QEMU keeps of it (its resident
 * memory every 10 s, and when the guest said it reclaimed memory).
 */
async function rssAfterBigContainer(vm: VmMachine, idleSeconds: number): Promise<{ peakMiB: number; idleAfterMiB: number; idleAfterSplitMiB: Record<string, number>; everyTenSecondsMiB: number[]; reclaimedAtSeconds?: number }> {
  const pid = vm.status().pid!;
  const engine = engineClient(vm.files.socket);
  let peak = 0;
  const watch = setInterval(() => (peak = Math.max(peak, procStat(pid).rssKiB)), 250);
  // busybox dd allocates its one 700 MiB block and writes it: every page of it is touched.
  const made = await engine.docker(['run', '--rm', VM_TEST_IMAGE, 'dd', 'if=/dev/zero', 'of=/dev/null', 'bs=700M', 'count=1']);
  clearInterval(watch);
  if (made.code !== 0) throw new Error(`the 700 MiB container failed (exit ${made.code}): ${made.stderr}`);
  const exited = performance.now();
  const reclaimsBefore = vm.consoleLines().filter((l) => l.includes('memory reclaimed')).length;
  let reclaimedAtSeconds: number | undefined;
  const series: number[] = [];
  for (let s = 0; s < idleSeconds; s += 10) {
    await sleep(Math.min(10, idleSeconds - s) * 1000);
    series.push(round(procStat(pid).rssKiB / 1024));
    if (reclaimedAtSeconds === undefined && vm.consoleLines().filter((l) => l.includes('memory reclaimed')).length > reclaimsBefore) reclaimedAtSeconds = round((performance.now() - exited) / 1000);
  }
  return { peakMiB: round(peak / 1024), idleAfterMiB: series.at(-1)!, idleAfterSplitMiB: rssSplit(pid), everyTenSecondsMiB: series, reclaimedAtSeconds };
}

async function logLinesPerSecond(vm: VmMachine, lines: number): Promise<number> {
  const engine = engineClient(vm.files.socket);
  const name = `bench-lines-${Date.now()}`;
  const made = await engine.docker(['run', '--name', name, VM_TEST_IMAGE, 'sh', '-c', `seq 1 ${lines}`]);
  if (made.code !== 0) throw new Error(`docker run ${name} failed: ${made.stderr}`);
  const s = performance.now();
  await rawRequest(vm.files.socket, 'GET', `/containers/${name}/logs?stdout=1&timestamps=1`, { timeoutMs: 600_000 });
  return Math.round(lines / ((performance.now() - s) / 1000));
}

/** Old guest against new, alternating in one run (VM_COMPARE_WITH). */
async function compare(oldGuest: string): Promise<Record<string, unknown>> {
  const newGuest = await ensureGuest();
  const rounds = Number(process.env.COMPARE_ROUNDS ?? 2);
  const idle = Number(process.env.IDLE_SECONDS ?? 30);
  // VM_COMPARE_TB_SIZES=64,128 adds the new guest with those translation caches (MiB): memory against speed.
  const tbSizes = (process.env.VM_COMPARE_TB_SIZES ?? '').split(',').filter(Boolean);
  const variants = [
    // The old guest's RAM as QEMU allocated it before memfd (anonymous); its firmware SeaBIOS unless
    // VM_COMPARE_OLD_FIRMWARE=qboot (a guest from after qboot came).
    { name: 'old', env: { ...process.env, BERTH_VM_GUEST_DIR: oldGuest, BERTH_VM_GUEST_RAM: 'anonymous', BERTH_VM_FIRMWARE: process.env.VM_COMPARE_OLD_FIRMWARE ?? 'seabios' } },
    { name: 'new', env: { ...process.env, BERTH_VM_GUEST_DIR: newGuest } },
    ...tbSizes.map((n) => ({ name: `new-tb${n}`, env: { ...process.env, BERTH_VM_GUEST_DIR: newGuest, BERTH_VM_TB_SIZE: n } })),
    // VM_COMPARE_KERNELS=bzimage adds the new guest started from its bzImage rather than PVH under tcg.
    ...(process.env.VM_COMPARE_KERNELS ?? '').split(',').filter(Boolean).map((k) => ({ name: `new-${k}`, env: { ...process.env, BERTH_VM_GUEST_DIR: newGuest, BERTH_VM_KERNEL: k } })),
    // VM_COMPARE_KERNEL_ARGS="mitigations=off" adds the new guest booted with those kernel arguments too.
    ...(process.env.VM_COMPARE_KERNEL_ARGS ? [{ name: `new ${process.env.VM_COMPARE_KERNEL_ARGS}`, env: { ...process.env, BERTH_VM_GUEST_DIR: newGuest, BERTH_VM_KERNEL_ARGS: process.env.VM_COMPARE_KERNEL_ARGS } }] : []),
  ].map((v) => ({ ...v, dirs: vmTestDirs() }));
  const bootOnly = process.env.VM_COMPARE_ONLY === 'boot';
  const results: Record<string, { firstBootSeconds?: number; warmBoots: number[]; guestUptimeAtEngineReady: (number | undefined)[]; bootStages: (string | undefined)[]; memory: unknown[]; idleAfterMiB: number[]; logLinesPerSecond: number[] }> = {};
  const machines = variants.map((v) => {
    results[v.name] = { warmBoots: [], guestUptimeAtEngineReady: [], bootStages: [], memory: [], idleAfterMiB: [], logLinesPerSecond: [] };
    return { ...v, vm: new VmMachine({ dataDir: v.dirs.data, runtimeDir: v.dirs.runtime, env: v.env }) };
  });
  try {
    for (const m of machines) {
      process.env.DOCKER_CONFIG = m.dirs.dockerConfig;
      // 1 GiB, as the VM's settings start: the root file system is on a disk, so one container gets 700 MiB.
      await m.vm.updateSettings({ cpus: 1, memoryMiB: 1024, diskGiB: 16, shares: [], accelerator: 'tcg', driver: 'qemu' });
      const first = await bootOnce(m.vm);
      results[m.name]!.firstBootSeconds = first.seconds;
      if (bootOnly) {
        await m.vm.stop();
        continue;
      }
      await rawRequest(m.vm.files.socket, 'POST', '/images/load?quiet=1', { body: busyboxImageArchive(), headers: { 'Content-Type': 'application/x-tar' } });
      await m.vm.stop();
    }
    // Each round boots every guest in turn and measures it the same way: boot, idle memory after the
    // 700 MiB container, a log read.
    for (let i = 0; i < rounds; i++) {
      for (const m of machines) {
        process.env.DOCKER_CONFIG = m.dirs.dockerConfig;
        const boot = await bootOnce(m.vm);
        const r = results[m.name]!;
        r.warmBoots.push(boot.seconds);
        r.guestUptimeAtEngineReady.push(boot.guestUptime);
        r.bootStages.push(boot.stages);
        if (!bootOnly) {
          const memory = await rssAfterBigContainer(m.vm, idle);
          r.memory.push(memory);
          r.idleAfterMiB.push(memory.idleAfterMiB);
          r.logLinesPerSecond.push(await logLinesPerSecond(m.vm, Number(process.env.LOG_LINES ?? 5000)));
        }
        await m.vm.stop();
      }
    }
  } finally {
    for (const m of machines) {
      await m.vm.dispose({ stopVm: true }).catch(() => undefined);
      fs.rmSync(m.dirs.root, { recursive: true, force: true });
    }
  }
  const oldMedian = median(results.old!.warmBoots);
  const ratios = Object.fromEntries(machines.filter((m) => m.name !== 'old').map((m) => [m.name, round(median(results[m.name]!.warmBoots) / oldMedian, 2)]));
  return { ...results, warmBootOverOld: ratios, loadAverage: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') };
}

async function main(): Promise<void> {
  if (process.env.VM_COMPARE_WITH) {
    const compared = await compare(path.resolve(process.env.VM_COMPARE_WITH));
    console.log(JSON.stringify(compared, null, 2));
    fs.mkdirSync(process.env.BERTH_DIST ?? 'dist', { recursive: true });
    fs.writeFileSync(path.join(process.env.BERTH_DIST ?? 'dist', 'bench-vm-compare.json'), JSON.stringify(compared, null, 2));
    return;
  }
  const guest = await ensureGuest();
  const image = guestImage(guest);
  const manifest = JSON.parse(fs.readFileSync(path.join(guest, 'manifest.json'), 'utf8'));
  const dirs = vmTestDirs();
  process.env.DOCKER_CONFIG = dirs.dockerConfig;
  const results: Record<string, unknown> = {
    image: { totalMiB: round((image.bytes ?? 0) / 2 ** 20), kernel: manifest.outputs.vmlinuz, initramfs: manifest.outputs[`initramfs.cpio.${manifest.compression}`], root: manifest.root && { ...manifest.root, ...manifest.outputs[manifest.root.file] }, rootfsMiB: round(manifest.rootfsBytes / 2 ** 20) },
  };
  const vm = new VmMachine({ dataDir: dirs.data, runtimeDir: dirs.runtime });
  try {
    // The accelerator the machine would choose by itself (the probe included), once.
    await vm.updateSettings({ cpus: 1, memoryMiB: 1024, diskGiB: 16, shares: [dirs.shared], accelerator: 'auto', driver: 'qemu' });
    const auto = await bootOnce(vm);
    results.autoAccelerator = { ...vm.status().accelerator, firstBootSeconds: auto.seconds, note: 'first boot: includes probing a hardware accelerator that fails here, and formatting the empty disk' };
    await vm.stop();

    for (const cpus of [1, 2]) {
      await vm.updateSettings({ cpus, memoryMiB: 1024, diskGiB: 16, shares: [dirs.shared], accelerator: 'tcg', driver: 'qemu' });
      const boots: { seconds: number; guestUptime?: number }[] = [];
      for (let i = 0; i < BOOTS; i++) {
        boots.push(await bootOnce(vm));
        await vm.stop();
      }
      results[`tcgBoot${cpus}cpu`] = {
        medianSeconds: median(boots.map((b) => b.seconds)),
        runs: boots.map((b) => b.seconds),
        guestUptimeAtEngineReady: boots.map((b) => b.guestUptime),
      };
    }

    await vm.updateSettings({ cpus: 1, memoryMiB: 1024, diskGiB: 16, shares: [dirs.shared], accelerator: 'tcg', driver: 'qemu' });
    await vm.start();
    const pid = vm.status().pid!;
    const engine = engineClient(vm.files.socket);
    await rawRequest(vm.files.socket, 'POST', '/images/load?quiet=1', { body: busyboxImageArchive(), headers: { 'Content-Type': 'application/x-tar' } });
    // Idle: nothing running, nothing asking; the guest's once-a-minute clock check is included.
    await sleep(10_000);
    const before = procStat(pid);
    const t0 = performance.now();
    await sleep(IDLE_SECONDS * 1000);
    const after = procStat(pid);
    const ticks = 100; // USER_HZ, the unit of /proc/<pid>/stat's CPU times, is 100 on Linux
    results.idle = {
      seconds: IDLE_SECONDS,
      qemuRssMiB: round(after.rssKiB / 1024),
      qemuCpuPercentOfOneCore: round(((after.cpuTicks - before.cpuTicks) / ticks / ((performance.now() - t0) / 1000)) * 100, 2),
    };

    const port = await freePort();
    const runStarted = performance.now();
    const run = await engine.docker(['run', '-d', '--init', '-p', `${port}:80`, VM_TEST_IMAGE, 'sh', '-c', 'mkdir /www; echo hi >/www/index.html; exec httpd -f -p 80 -h /www']);
    const runReturned = performance.now();
    if (run.code !== 0) throw new Error(run.stderr);
    for (;;) {
      if (await get(port).then(() => true, () => false)) break;
      await sleep(20);
    }
    const forwardReady = performance.now();
    // The same server, run directly on this machine: the baseline for the forwarded round trip.
    const directPort = await freePort();
    fs.mkdirSync(path.join(dirs.root, 'www'));
    fs.writeFileSync(path.join(dirs.root, 'www/index.html'), 'hi\n');
    const direct = spawn('busybox', ['httpd', '-f', '-p', `127.0.0.1:${directPort}`, '-h', path.join(dirs.root, 'www')], { stdio: 'ignore' });
    for (;;) {
      if (await get(directPort).then(() => true, () => false)) break;
      await sleep(20);
    }
    results.ports = {
      dockerRunSeconds: round((runReturned - runStarted) / 1000, 2),
      forwardReadyAfterRunReturnedMs: Math.round(forwardReady - runReturned),
      roundTripForwardedMs: await roundTrips(port),
      roundTripDirectOnHostMs: await roundTrips(directPort),
    };
    direct.kill();
    const pings: number[] = [];
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      await rawRequest(vm.files.socket, 'GET', '/_ping');
      pings.push(performance.now() - s);
    }
    results.pingThroughSocketMs = round(median(pings), 2);
    // Many small messages: a container's log read back line by line (each line is its own write, so its
    // own packet through QEMU's user network), against one long line of about the same bytes.
    const lines = Number(process.env.LOG_LINES ?? 30_000);
    for (const [name, script] of [['bench-lines', `seq 1 ${lines}`], ['bench-one-line', `seq 1 ${lines} | tr '\\n' ' '; echo`]] as const) {
      const made = await engine.docker(['run', '--name', name, VM_TEST_IMAGE, 'sh', '-c', script]);
      if (made.code !== 0) throw new Error(`docker run ${name} failed: ${made.stderr}`);
    }
    const readLog = async (name: string) => {
      const s = performance.now();
      const res = await rawRequest(vm.files.socket, 'GET', `/containers/${name}/logs?stdout=1&timestamps=1`, { timeoutMs: 600_000 });
      return { ms: performance.now() - s, bytes: res.body.length };
    };
    const byLine = await readLog('bench-lines');
    const oneLine = await readLog('bench-one-line');
    results.logs = {
      lines,
      linesPerSecond: Math.round(lines / (byLine.ms / 1000)),
      lineByLineSeconds: round(byLine.ms / 1000, 2),
      oneLineOfTheSameBytesSeconds: round(oneLine.ms / 1000, 2),
    };
  } finally {
    await vm.stop().catch(() => undefined);
    await vm.dispose({ stopVm: true });
    fs.rmSync(dirs.root, { recursive: true, force: true });
  }
  if (process.env.OTHER_ARCH !== '0') results.otherArchitecture = await otherArchitecture();
  console.log(JSON.stringify(results, null, 2));
  fs.mkdirSync(process.env.BERTH_DIST ?? 'dist', { recursive: true });
  fs.writeFileSync(path.join(process.env.BERTH_DIST ?? 'dist', 'bench-vm.json'), JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
