/**
 * Starts QEMU with the first accelerator that really works here. An accelerator is only trusted once the
 * guest's init has printed its first line under it: /dev/kvm can exist and still hang the guest (it does
 * on the machines Berth is developed on). A failed probe is remembered for this QEMU, so later starts go
 * straight to what works, and the UI can say why.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { VmAccelerator, VmAcceleratorName, VmSettings } from '../../engine/contract/vm-types';
import { UserError } from '../../engine/contract/errors';
import type { CertFiles } from '../host/certs';
import type { VmFiles } from '../machine-files';
import { pingTls, processAlive, readQemuPid } from '../machine-files';
import { findProgram } from '../find-program';
import type { GuestArch } from '../guest/contents';
import { qbootFirmware, qemuArgs, qemuProgram } from './command';
import { lastProblem, waitForConsole } from './console';
import { QmpClient } from './qmp';

/** Under emulation a busy 2-core host has taken 40 s; give it room before calling a start failed. */
const ENGINE_READY_TIMEOUT_MS = 240_000;
/** A hardware accelerator brings the guest's init up in ~1 s; 15 s without it means it hangs. */
const HARDWARE_PROBE_MS = 15_000;
/** Under emulation the kernel needs ~3 s, more on a busy host. */
const TCG_INIT_MS = 90_000;

export interface BootRequest {
  files: VmFiles;
  /** The guest's architecture (its manifest): which QEMU runs it. */
  arch: GuestArch;
  settings: VmSettings;
  certs: CertFiles;
  kernel: string;
  initramfs: string;
  /** The guest answers on the API channel (its manifest says it has the relay). */
  apiRelay: boolean;
  /** The read-only root image (guests built before it had their root in the initramfs). */
  rootDisk?: string;
  candidates: { name: VmAcceleratorName; why: string }[];
  env: NodeJS.ProcessEnv;
}

export interface BootedGuest {
  qmp: QmpClient;
  pid: number;
  apiPort: number;
  accelerator: VmAccelerator;
}

interface Verdict {
  ok: boolean;
  reason: string;
  qemu: string;
}

function qemuVersion(program: string): string {
  try {
    return execFileSync(program, ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
  } catch {
    return '';
  }
}

function readVerdicts(file: string): Record<string, Verdict> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Verdict>;
  } catch {
    return {};
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * How often the guest checks its clock against the host's (and counts towards its hourly trim): once a
 * minute. BERTH_VM_HOUSEKEEPING_SECONDS changes it, for tests that set the guest's clock back and should
 * not wait a minute for it to be noticed.
 */
function housekeepingLine(env: NodeJS.ProcessEnv): string {
  const seconds = Number(env.BERTH_VM_HOUSEKEEPING_SECONDS);
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= 3600 ? `HOUSEKEEPING_SECONDS=${seconds}\n` : '';
}

/** Shared folders get virtio-9p tags the guest mounts at the same path (guest/shares: "tag path"). */
function writeGuestConfig(request: BootRequest, apiPort: number): { tag: string; path: string }[] {
  const { files, settings } = request;
  fs.mkdirSync(path.dirname(files.guestConfig), { recursive: true, mode: 0o700 });
  fs.writeFileSync(files.guestConfig, `API_HOST_PORT=${apiPort}\n${housekeepingLine(request.env)}`);
  const shares = settings.shares.filter((s) => fs.existsSync(s)).map((s, i) => ({ tag: `share${i}`, path: s }));
  fs.writeFileSync(files.guestShares, shares.map((s) => `${s.tag} ${s.path}\n`).join(''));
  return shares;
}

async function connectQmp(socket: string, pid: () => number | undefined, signal: AbortSignal): Promise<QmpClient> {
  for (;;) {
    if (signal.aborted) throw new Error('QEMU did not open its control socket');
    if (fs.existsSync(socket)) {
      try {
        return await QmpClient.connect(socket, 2000);
      } catch {
        // not accepting yet
      }
    }
    const p = pid();
    if (p === -1) throw new Error('QEMU exited');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** BERTH_VM_TB_SIZE (MiB) sets TCG's translation cache, for measuring what it costs in memory and speed. */
function tbSizeFrom(env: NodeJS.ProcessEnv): number | undefined {
  const n = Number(env.BERTH_VM_TB_SIZE);
  return Number.isInteger(n) && n >= 16 ? n : undefined;
}

/** BERTH_VM_KERNEL_ARGS adds kernel arguments, for measuring what one changes (test/bench/vm.ts); words of [\w.,=-] only. */
function kernelArgsFrom(env: NodeJS.ProcessEnv): string | undefined {
  const args = env.BERTH_VM_KERNEL_ARGS?.trim();
  return args && /^[\w.,=-]+( [\w.,=-]+)*$/.test(args) ? args : undefined;
}

async function tryAccelerator(request: BootRequest, name: VmAcceleratorName, apiPort: number): Promise<{ qmp: QmpClient; pid: number }> {
  const { files } = request;
  for (const f of [files.consoleLog, files.qmpSocket, files.pidFile, files.apiChannel]) fs.rmSync(f, { force: true });
  const shares = writeGuestConfig(request, apiPort);
  const args = qemuArgs({
    settings: request.settings,
    arch: request.arch,
    accelerator: name,
    apiHostPort: apiPort,
    shares,
    tbSizeMiB: tbSizeFrom(request.env),
    extraKernelArgs: kernelArgsFrom(request.env),
    files: {
      kernel: request.kernel,
      initramfs: request.initramfs,
      rootDisk: request.rootDisk,
      disk: files.disk,
      qmpSocket: files.qmpSocket,
      consoleLog: files.consoleLog,
      pidFile: files.pidFile,
      apiChannel: request.apiRelay ? files.apiChannel : undefined,
      // BERTH_VM_FIRMWARE=seabios boots with QEMU's default firmware (a QEMU whose qboot fails; the benchmark's old guest).
      firmware: request.arch === 'amd64' && request.env.BERTH_VM_FIRMWARE !== 'seabios' ? qbootFirmware(findProgram(qemuProgram(request.arch), request.env)) : undefined,
      guestFiles: {
        'ca.pem': request.certs.ca,
        'server-cert.pem': request.certs.serverCert,
        'server-key.pem': request.certs.serverKey,
        config: files.guestConfig,
        shares: files.guestShares,
      },
    },
  });
  const log = fs.openSync(files.qemuLog, 'w', 0o600);
  // Detached: the VM outlives a `berth vm start` run in a terminal; its owner stops it.
  const qemu = qemuProgram(request.arch);
  const child = spawn(findProgram(qemu, request.env) ?? qemu, args, { detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  child.unref();
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  const limit = new AbortController();
  const timer = setTimeout(() => limit.abort(new Error('timeout')), name === 'tcg' ? TCG_INIT_MS : HARDWARE_PROBE_MS);
  let qmp: QmpClient | undefined;
  try {
    qmp = await connectQmp(files.qmpSocket, () => (exited ? -1 : child.pid), limit.signal);
    if (request.env.BERTH_VM_DEBUG) console.error(`[berth] ${name}: QEMU's control socket answered`);
    const died = new Promise<never>((_, reject) => qmp!.once('close', () => reject(new Error('QEMU exited'))));
    await Promise.race([waitForConsole(files.consoleLog, /berth-guest: init/, 0, limit.signal), died]);
    return { qmp, pid: child.pid ?? readQemuPid(files) ?? 0 };
  } catch (e) {
    qmp?.close();
    if (child.pid && processAlive(child.pid)) {
      child.kill('SIGKILL');
      // The child is unref'd, so its 'exit' would not keep this process alive: wait by looking.
      for (let i = 0; i < 50 && !exited && processAlive(child.pid); i++) await new Promise((r) => setTimeout(r, 100));
    }
    if (request.env.BERTH_VM_DEBUG) console.error(`[berth] ${name}:`, e);
    const qemuSaid = fs.existsSync(files.qemuLog) ? fs.readFileSync(files.qemuLog, 'utf8').trim().split('\n').at(-1) : undefined;
    const why = (e as Error).message === 'timeout' || limit.signal.aborted
      ? `the guest did not start within ${(name === 'tcg' ? TCG_INIT_MS : HARDWARE_PROBE_MS) / 1000} s`
      : `QEMU exited${qemuSaid ? `: ${qemuSaid}` : ''}`;
    throw new Error(why);
  } finally {
    clearTimeout(timer);
  }
}

export async function bootGuest(request: BootRequest): Promise<BootedGuest> {
  const program = findProgram(qemuProgram(request.arch), request.env) ?? qemuProgram(request.arch);
  const version = qemuVersion(program);
  const verdicts = readVerdicts(request.files.accelerators);
  const explicit = request.candidates.length === 1 && request.settings.accelerator !== 'auto';
  const skipped: string[] = [];
  for (const candidate of request.candidates) {
    const known = verdicts[candidate.name];
    const last = candidate === request.candidates.at(-1);
    if (!explicit && !last && known && !known.ok && known.qemu === version) {
      skipped.push(`${candidate.name.toUpperCase()} was tried before and ${known.reason}`);
      continue;
    }
    const apiPort = await freePort();
    try {
      const booted = await tryAccelerator(request, candidate.name, apiPort);
      verdicts[candidate.name] = { ok: true, reason: 'it started the guest', qemu: version };
      fs.writeFileSync(request.files.accelerators, JSON.stringify(verdicts, null, 2));
      const because = skipped.length ? `${skipped.join('; ')}, so Berth uses ${candidate.name.toUpperCase()} (${candidate.why})` : candidate.why;
      const oneCpu = request.settings.cpus > 1 ? ' Under emulation the VM runs with 1 CPU: with more, the guest’s kernel can hang.' : '';
      const reason = candidate.name === 'tcg' ? `Emulation (TCG), slower than a hardware accelerator: ${because}.${oneCpu}` : `${candidate.name.toUpperCase()}: ${because}.`;
      return { ...booted, apiPort, accelerator: { name: candidate.name, reason } };
    } catch (e) {
      const reason = (e as Error).message;
      verdicts[candidate.name] = { ok: false, reason, qemu: version };
      fs.writeFileSync(request.files.accelerators, JSON.stringify(verdicts, null, 2));
      skipped.push(`${candidate.name.toUpperCase()} was tried and ${reason}`);
      if (last) {
        throw new UserError(`The VM did not start: ${skipped.join('; ')}. The console’s last line: ${lastProblem(request.files.consoleLog) ?? '(nothing)'}`, 'engine-error');
      }
    }
  }
  throw new UserError('The VM did not start: no accelerator could run it.', 'engine-error');
}

/**
 * Waits for the guest to report its engine ready on the console, then confirms it from the host with
 * /_ping over mutual TLS; throws a sentence when QEMU dies or the engine does not come up in time.
 */
export async function waitForEngine(files: VmFiles, certs: CertFiles, booted: BootedGuest, onGuestReady: () => void): Promise<void> {
  const ready = new AbortController();
  const timer = setTimeout(() => ready.abort(new Error('timeout')), ENGINE_READY_TIMEOUT_MS);
  const died = new Promise<never>((_, reject) => booted.qmp.once('close', () => reject(new Error('died'))));
  try {
    await Promise.race([waitForConsole(files.consoleLog, /berth-guest: engine-ready/, 0, ready.signal), died]);
    onGuestReady();
    while (!(await pingTls(certs, booted.apiPort, 3000))) {
      if (ready.signal.aborted) throw new Error('timeout');
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (e) {
    const why = (e as Error).message === 'died' ? 'QEMU exited while the guest was starting' : `the engine did not answer within ${ENGINE_READY_TIMEOUT_MS / 1000} s`;
    throw new UserError(`The VM did not start: ${why}. The console’s last line: ${lastProblem(files.consoleLog) ?? '(nothing)'}`, 'engine-error');
  } finally {
    clearTimeout(timer);
    ready.abort();
  }
}
