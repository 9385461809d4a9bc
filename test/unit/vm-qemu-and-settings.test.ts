// The parts of the VM that are pure logic: the QEMU command line, the settings the user may choose and
// the sentences that refuse the others. (The guest image's build is in test/vm/guest-image.test.ts.)
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import type { VmSettings } from '../../engine/contract/vm-types';
import { TCG_TB_SIZE_MIB, acceleratorCandidates, guestRamBacking, qbootFirmware, qemuArgs, qemuProgram } from '../../vm/qemu/command';
import { defaultSettings, driversFor, validateSettings } from '../../vm/settings';

describe('the QEMU command line', () => {
  const plan = {
    settings: { ...defaultSettings(), cpus: 2, memoryMiB: 1536 },
    arch: 'amd64' as const,
    accelerator: 'tcg' as const,
    apiHostPort: 41234,
    shares: [{ tag: 'share0', path: '/home/me' }],
    files: { kernel: 'k', initramfs: 'i', disk: 'd.qcow2', qmpSocket: 'q.sock', consoleLog: 'c.log', pidFile: 'p', guestFiles: { 'ca.pem': '/x/ca.pem' } },
  };

  it('forwards the API only to the host’s loopback, hands the certificates over fw_cfg and shares folders over 9p', () => {
    const args = qemuArgs(plan).join(' ');
    expect(args).toContain('hostfwd=tcp:127.0.0.1:41234-10.0.2.15:2376');
    expect(args).not.toMatch(/hostfwd=tcp::|0\.0\.0\.0/);
    expect(args).toContain('-fw_cfg name=opt/berth/ca.pem,file=/x/ca.pem');
    expect(args).toContain('virtio-9p-pci,fsdev=fs0,mount_tag=share0');
    expect(args).toContain('discard=unmap');
    expect(args).toContain('-m 1536');
  });

  it('boots an x86-64 guest with qboot where QEMU has it, and gives unused guest memory back through the balloon', () => {
    expect(qemuArgs({ ...plan, files: { ...plan.files, firmware: '/q/qboot.rom' } }).join(' ')).toContain('-bios /q/qboot.rom -kernel k');
    expect(qemuArgs(plan).join(' ')).not.toContain('-bios');
    expect(qemuArgs({ ...plan, arch: 'arm64', files: { ...plan.files, firmware: '/q/qboot.rom' } }).join(' ')).not.toContain('-bios');
    expect(qemuArgs(plan).join(' ')).toContain('-device virtio-balloon-pci,free-page-reporting=on');
    expect(qbootFirmware('/opt/q/bin/qemu-system-x86_64', (f) => f === '/opt/q/share/qemu/qboot.rom')).toBe('/opt/q/share/qemu/qboot.rom');
    expect(qbootFirmware(undefined, () => false)).toBeUndefined();
  });

  it('attaches the read-only root image after the data disk (which stays /dev/vda), found in the guest by its serial', () => {
    const args = qemuArgs({ ...plan, files: { ...plan.files, rootDisk: '/g/root.erofs' } }).join(' ');
    expect(args).toContain('-drive if=none,id=r0,file=/g/root.erofs,format=raw,readonly=on -device virtio-blk-pci,drive=r0,serial=berth-root');
    expect(args.indexOf('drive=d0')).toBeLessThan(args.indexOf('drive=r0'));
    // A guest built before the root image (its root in the initramfs) gets no second disk.
    expect(qemuArgs(plan).join(' ')).not.toContain('berth-root');
  });

  it('puts an emulated guest’s RAM in a memfd on Linux (no host huge pages re-filling what it gave back), elsewhere in QEMU’s own memory', () => {
    expect(guestRamBacking('tcg', 'linux')).toBe('memfd');
    expect(guestRamBacking('kvm', 'linux')).toBe('anonymous');
    expect(guestRamBacking('tcg', 'darwin')).toBe('anonymous');
    expect(guestRamBacking('tcg', 'linux', 'anonymous')).toBe('anonymous');
    expect(guestRamBacking('tcg', 'linux', 'something else')).toBe('memfd');
    const memfd = qemuArgs({ ...plan, guestRam: 'memfd' }).join(' ');
    expect(memfd).toContain('-machine q35,memory-backend=ram -object memory-backend-memfd,id=ram,size=1536M');
    expect(memfd).toContain('-m 1536');
    expect(qemuArgs({ ...plan, arch: 'arm64', guestRam: 'memfd' }).join(' ')).toContain('-machine virt,gic-version=max,memory-backend=ram');
    expect(qemuArgs(plan).join(' ')).not.toContain('memory-backend');
  });

  it('keeps TCG’s translation cache at the size chosen by measurement unless told otherwise', () => {
    expect(qemuArgs(plan).join(' ')).toContain(`tcg,thread=multi,tb-size=${TCG_TB_SIZE_MIB} `);
    expect(qemuArgs({ ...plan, tbSizeMiB: 64 }).join(' ')).toContain('tb-size=64 ');
  });

  it('gives an emulated VM one vCPU (two can hang its kernel under multi-threaded TCG), a hardware-accelerated one what was asked', () => {
    expect(qemuArgs(plan).join(' ')).toContain('-smp 1 ');
    expect(qemuArgs({ ...plan, accelerator: 'kvm' }).join(' ')).toContain('-smp 2 ');
  });

  it('tries the host’s accelerator first and always keeps emulation to fall back on', () => {
    expect(acceleratorCandidates('auto', 'darwin', 'arm64', 'arm64').map((c) => c.name)).toEqual(['hvf', 'tcg']);
    expect(acceleratorCandidates('auto', 'darwin', 'amd64', 'x64').map((c) => c.name)).toEqual(['hvf', 'tcg']);
    expect(acceleratorCandidates('auto', 'win32', 'amd64', 'x64').map((c) => c.name)).toEqual(['whpx', 'tcg']);
    expect(acceleratorCandidates('auto', 'linux').at(-1)?.name).toBe('tcg');
    expect(acceleratorCandidates('tcg', 'linux')).toEqual([{ name: 'tcg', why: 'chosen in the VM’s settings' }]);
  });

  it('only emulates a guest built for the other architecture, and says how to build the right one', () => {
    const onAppleSilicon = acceleratorCandidates('auto', 'darwin', 'amd64', 'arm64');
    expect(onAppleSilicon.map((c) => c.name)).toEqual(['tcg']);
    expect(onAppleSilicon[0]!.why).toMatch(/built for x86-64 and this computer is arm64.*npm run vm:build/);
    expect(acceleratorCandidates('auto', 'linux', 'arm64', 'x64').map((c) => c.name)).toEqual(['tcg']);
  });

  it('runs an arm64 guest on QEMU’s virt machine with its serial console, and pointer signing cheap to emulate', () => {
    const args = qemuArgs({ ...plan, arch: 'arm64' }).join(' ');
    expect(args).toContain('-machine virt,gic-version=max ');
    expect(args).toContain('console=ttyAMA0');
    expect(args).toContain('-cpu max,pauth-impdef=on');
    expect(qemuArgs({ ...plan, arch: 'arm64', accelerator: 'hvf' }).join(' ')).toContain('-accel hvf -cpu host');
    expect(qemuProgram('arm64')).toBe('qemu-system-aarch64');
    expect(qemuProgram('amd64')).toBe('qemu-system-x86_64');
  });
});

describe('the VM’s settings', () => {
  const current: VmSettings = { cpus: 1, memoryMiB: 1024, diskGiB: 32, shares: [os.tmpdir()], accelerator: 'auto', driver: 'qemu' };
  const cpus = os.cpus().length;
  const memory = Math.floor(os.totalmem() / 2 ** 20);

  it('accepts what this machine can give', () => {
    expect(validateSettings({ ...current, cpus, memoryMiB: 2048, diskGiB: 40 }, current, true)).toMatchObject({ cpus, diskGiB: 40 });
  });

  it('refuses zero CPUs, more CPUs or memory than the host has, in words', () => {
    expect(() => validateSettings({ ...current, cpus: 0 }, current, true)).toThrow('The VM needs at least 1 CPU.');
    expect(() => validateSettings({ ...current, cpus: cpus + 1 }, current, true)).toThrow(`This machine has ${cpus} CPU`);
    expect(() => validateSettings({ ...current, memoryMiB: memory + 1 }, current, true)).toThrow(new RegExp(`This machine has ${memory} MiB of memory and keeps 1024 MiB for itself`));
  });

  it('lets the disk grow but refuses to shrink it, and says why', () => {
    expect(() => validateSettings({ ...current, diskGiB: 16 }, current, true)).toThrow(/The disk is 32 GiB and can only grow: shrinking it would cut off images, containers and volumes/);
    // Before the first start there is no disk yet, so any size at or above the minimum will do.
    expect(validateSettings({ ...current, diskGiB: 16 }, current, false).diskGiB).toBe(16);
  });

  it('refuses shared folders that are not folders on this machine, or the whole file system', () => {
    expect(() => validateSettings({ ...current, shares: ['relative/path'] }, current, true)).toThrow('“relative/path” is not a full path');
    expect(() => validateSettings({ ...current, shares: ['/'] }, current, true)).toThrow('Sharing the whole file system is not allowed');
    expect(() => validateSettings({ ...current, shares: ['/no/such/folder'] }, current, true)).toThrow('“/no/such/folder” is not a folder on this machine.');
  });

  it('offers WSL 2 on Windows only (first there), and refuses it elsewhere in words', () => {
    expect(driversFor('win32')).toEqual(['wsl', 'qemu']);
    expect(driversFor('linux')).toEqual(['qemu']);
    expect(defaultSettings('win32').driver).toBe('wsl');
    expect(defaultSettings('darwin').driver).toBe('qemu');
    expect(() => validateSettings({ ...current, driver: 'wsl' }, current, true, ['qemu'])).toThrow('WSL 2 exists only on Windows: on this machine the VM runs under QEMU.');
    expect(validateSettings({ ...current, driver: 'wsl' }, current, true, ['wsl', 'qemu']).driver).toBe('wsl');
  });
});
