// The tray's line for the Linux VM: its state and accelerator at a glance, and the one action that fits.
import { describe, expect, it } from 'vitest';
import type { EngineStatus, ManagedEngineStatus } from '../../engine/contract/types';
import type { VmStatus } from '../../engine/contract/vm-types';
import { trayMenuModel } from '../../electron/tray-model';
import type { TrayItem } from '../../electron/tray-model';

const none: EngineStatus = { state: 'none', reason: 'No container engine is running on this machine.' };
const managed: ManagedEngineStatus = { supported: false, installed: false, state: 'stopped', socket: '/s', dataRoot: '/d' };
const vm = (overrides: Partial<VmStatus> = {}): VmStatus => ({
  supported: true,
  driver: 'qemu',
  drivers: ['qemu'],
  name: 'berth',
  state: 'stopped',
  crashed: false,
  socket: '/run/berth/vm/docker.sock',
  dockerHost: 'unix:///run/berth/vm/docker.sock',
  context: 'berth',
  settings: { cpus: 2, memoryMiB: 2048, diskGiB: 64, shares: [], accelerator: 'auto', driver: 'qemu' },
  limits: { cpus: 2, memoryMiB: 8192, diskGiB: 64 },
  guest: { built: true, dir: '/g' },
  disk: { file: '/d.qcow2', exists: true },
  ports: [],
  dir: '/vm',
  ...overrides,
});
const items = (status: VmStatus) => trayMenuModel({ status: none, managed, vm: status, containers: undefined });
const labels = (list: TrayItem[]) => list.flatMap((i) => (i.kind === 'separator' ? [] : [i.label]));
const actionFor = (list: TrayItem[], label: string) => list.find((i) => i.kind === 'action' && i.label === label);

describe('the tray’s Linux VM line', () => {
  it('says the VM runs and under which accelerator, and offers to stop it', () => {
    const menu = items(vm({ state: 'running', accelerator: { name: 'tcg', reason: 'Emulation' } }));
    expect(labels(menu)).toContain('Linux VM: running (TCG)');
    expect(actionFor(menu, 'Stop Linux VM')).toMatchObject({ enabled: true, action: { type: 'vm', verb: 'stop' } });
  });

  it('offers a restart after the VM stopped unexpectedly', () => {
    const menu = items(vm({ state: 'failed', crashed: true, error: 'The VM stopped unexpectedly (QEMU exited).' }));
    expect(labels(menu)).toContain('Linux VM: stopped unexpectedly');
    expect(actionFor(menu, 'Restart Linux VM')).toMatchObject({ enabled: true, action: { type: 'vm', verb: 'start' } });
  });

  it('cannot start a VM whose guest is not built, and says nothing where QEMU is missing', () => {
    expect(actionFor(items(vm({ guest: { built: false, dir: '/g' } })), 'Start Linux VM')).toMatchObject({ enabled: false });
    expect(labels(items(vm({ supported: false }))).some((l) => l.startsWith('Linux VM'))).toBe(false);
  });
});
