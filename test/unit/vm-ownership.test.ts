// Issue 17 §1 for the VM: only a QEMU proven to run this VM's disk is adopted or signalled, and a VM
// another Berth runs is never stopped from here without the user's say-so. No guest is booted: the
// "QEMU" here is a process whose arguments look like one.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processStartTime } from '../../engine/ownership/process-identity';
import { VmMachine } from '../../vm/machine';
import { qemuAlive, vmFiles } from '../../vm/machine-files';

const children: number[] = [];
afterEach(() => {
  for (const pid of children.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

function run(file: string, args: string[]): number {
  const child = spawn(file, args, { stdio: 'ignore' });
  children.push(child.pid!);
  return child.pid!;
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** A process whose arguments name qemu-system and `disk`, as Berth's QEMU's do. */
function fakeQemu(disk: string): number {
  const pid = run(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'qemu-system-x86_64', '-drive', `file=${disk},if=virtio`]);
  // Until it has exec'd, /proc shows the parent's arguments: wait for its own (a few milliseconds).
  const deadline = Date.now() + 5000;
  while (!fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('qemu-system') && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
  return pid;
}

function machine() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bvo-'));
  const options = { dataDir: path.join(root, 'data'), runtimeDir: path.join(root, 'run'), drivers: ['qemu' as const] };
  const files = vmFiles(options.dataDir, options.runtimeDir);
  fs.mkdirSync(files.runDir, { recursive: true, mode: 0o700 });
  return { files, make: () => new VmMachine(options) };
}

function writeOwner(files: ReturnType<typeof vmFiles>, owner: { pid: number; ownerStart?: string; qemuPid: number; qemuStart?: string; takesStopRequests?: boolean }) {
  fs.writeFileSync(files.owner, JSON.stringify({ apiPort: 1, accelerator: 'tcg', acceleratorReason: 'test', startedAt: Date.now(), ...owner }));
  fs.writeFileSync(files.pidFile, String(owner.qemuPid));
}

describe.runIf(process.platform === 'linux')('the VM’s owner', () => {
  it('a QEMU is proven by its program, this disk, and its start time', () => {
    const { files } = machine();
    const qemu = fakeQemu(files.disk);
    const other = fakeQemu('/elsewhere/data.qcow2');
    const sleep = run('sleep', ['60']);
    expect(qemuAlive(qemu, files)).toBe(true);
    expect(qemuAlive(qemu, files, processStartTime(qemu))).toBe(true);
    expect(qemuAlive(qemu, files, '1')).toBe(false);
    expect(qemuAlive(other, files)).toBe(false);
    expect(qemuAlive(sleep, files)).toBe(false);
  });

  it('a pid left in the records that is not this disk’s QEMU is never adopted or killed', async () => {
    const { files, make } = machine();
    const sleep = run('sleep', ['60']);
    writeOwner(files, { pid: 999_999, qemuPid: sleep });
    const vm = make();
    expect(vm.status().state).toBe('stopped');
    await vm.resume();
    await vm.stop();
    await vm.dispose({ onQuit: 'stop' });
    expect(alive(sleep)).toBe(true);
    expect(fs.existsSync(files.owner)).toBe(false);
  });

  it('a VM another live Berth runs is followed, not stopped: not on quit, and not by Stop until the user confirms', async () => {
    const { files, make } = machine();
    const owner = run('sleep', ['60']);
    const qemu = fakeQemu(files.disk);
    writeOwner(files, { pid: owner, ownerStart: processStartTime(owner), qemuPid: qemu, qemuStart: processStartTime(qemu) });
    const vm = make();
    vm.watchOwner();
    expect(vm.status()).toMatchObject({ state: 'running', owner: { pid: owner, self: false }, others: 1 });
    await expect(vm.stop()).rejects.toThrow(`Another Berth (process ${owner}) runs the VM. Stopping it stops that Berth’s containers too`);
    await vm.dispose({ onQuit: 'stop' });
    expect(alive(qemu) && alive(owner)).toBe(true);
  });

  it('a confirmed stop asks the owning app through a request, and never kills the app itself', async () => {
    const { files, make } = machine();
    const owner = run('sleep', ['60']);
    const qemu = fakeQemu(files.disk);
    writeOwner(files, { pid: owner, ownerStart: processStartTime(owner), qemuPid: qemu, qemuStart: processStartTime(qemu), takesStopRequests: true });
    const vm = make();
    // The owner (simulated): on the request, its VM goes.
    const answering = setInterval(() => {
      if (!fs.existsSync(files.stopRequest)) return;
      fs.rmSync(files.stopRequest);
      process.kill(qemu, 'SIGKILL');
    }, 50);
    try {
      const stopped = await vm.stop({ othersConfirmed: true });
      expect(stopped.state).toBe('stopped');
    } finally {
      clearInterval(answering);
    }
    expect(alive(owner)).toBe(true);
    await vm.dispose({});
  });

  it('an owner whose pid now belongs to another process counts as gone', () => {
    const { files, make } = machine();
    const reused = run('sleep', ['60']);
    const qemu = fakeQemu(files.disk);
    writeOwner(files, { pid: reused, ownerStart: '1', qemuPid: qemu, qemuStart: processStartTime(qemu) });
    const vm = make();
    expect(vm.status().owner).toBeUndefined();
    expect(vm.status().state).toBe('stopped');
  });
});
