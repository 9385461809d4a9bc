/**
 * CPUs, memory, disk size, shared folders and the accelerator (and on Windows the driver: QEMU or WSL 2). Values are checked as they are typed,
 * in words, against this machine's limits; the backend checks again when they are saved.
 */
import { useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { VmSettings, VmStatus } from '../../../../engine/contract/vm-types';
import { Spinner } from '../../components/Spinner';
import { messageOf } from '../../components/toasts/store';
import { useUpdateVmSettings } from './api';

/** The host keeps this much memory for itself (the backend uses the same figure). */
const HOST_RESERVE_MIB = 1024;
const MIN_MEMORY_MIB = 512;

interface Draft {
  cpus: string;
  memoryMiB: string;
  diskGiB: string;
  shares: string;
  accelerator: VmSettings['accelerator'];
  driver: VmSettings['driver'];
}

const toDraft = (s: VmSettings): Draft => ({
  cpus: String(s.cpus),
  memoryMiB: String(s.memoryMiB),
  diskGiB: String(s.diskGiB),
  shares: s.shares.join('\n'),
  accelerator: s.accelerator,
  driver: s.driver,
});

/** What is wrong with each field, in words; empty when the draft can be saved. */
export function draftProblems(draft: Draft, status: VmStatus): Partial<Record<keyof Draft, string>> {
  const problems: Partial<Record<keyof Draft, string>> = {};
  const whole = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : NaN);
  const cpus = whole(draft.cpus);
  if (Number.isNaN(cpus)) problems.cpus = 'Enter a whole number of CPUs.';
  else if (cpus < 1) problems.cpus = 'The VM needs at least 1 CPU.';
  else if (cpus > status.limits.cpus) problems.cpus = `This machine has ${status.limits.cpus} CPUs: give the VM ${status.limits.cpus} or fewer.`;
  const memory = whole(draft.memoryMiB);
  const maxMemory = Math.max(MIN_MEMORY_MIB, status.limits.memoryMiB - HOST_RESERVE_MIB);
  if (Number.isNaN(memory)) problems.memoryMiB = 'Enter the memory in MiB, as a whole number.';
  else if (memory < MIN_MEMORY_MIB) problems.memoryMiB = `The VM needs at least ${MIN_MEMORY_MIB} MiB.`;
  else if (memory > maxMemory) problems.memoryMiB = `This machine has ${status.limits.memoryMiB} MiB and keeps ${HOST_RESERVE_MIB} MiB for itself: at most ${maxMemory} MiB.`;
  const disk = whole(draft.diskGiB);
  if (Number.isNaN(disk)) problems.diskGiB = 'Enter the disk size in GiB, as a whole number.';
  else if (status.disk.exists && disk < status.limits.diskGiB) {
    problems.diskGiB = `The disk is ${status.limits.diskGiB} GiB and can only grow: shrinking it would cut off the images, containers and volumes stored at its end.`;
  } else if (disk < 8) problems.diskGiB = 'The disk needs at least 8 GiB.';
  for (const share of draft.shares.split('\n').map((s) => s.trim()).filter(Boolean)) {
    if (!share.startsWith('/')) problems.shares = `“${share}” is not a full path: shared folders start with /.`;
    else if (share === '/') problems.shares = 'Sharing the whole file system is not allowed: choose a folder such as your home folder.';
  }
  return problems;
}

export function VmSettingsForm({ status }: { status: VmStatus }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(status.settings));
  const save = useUpdateVmSettings();
  const ids = { cpus: useId(), memory: useId(), disk: useId(), shares: useId(), accel: useId(), driver: useId() };
  const wsl = draft.driver === 'wsl';
  const running = status.state !== 'stopped' && status.state !== 'failed';
  const problems = draftProblems(draft, status);
  const changed = JSON.stringify(draft) !== JSON.stringify(toDraft(status.settings));
  const set = (key: keyof Draft) => (e: { target: { value: string } }) => {
    save.reset();
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (Object.keys(problems).length || !changed) return;
    save.mutate({
      cpus: Number(draft.cpus),
      memoryMiB: Number(draft.memoryMiB),
      diskGiB: Number(draft.diskGiB),
      shares: draft.shares.split('\n').map((s) => s.trim()).filter(Boolean),
      accelerator: draft.accelerator,
      driver: draft.driver,
    });
  };
  const field = (id: string, label: string, key: keyof Draft, hint: string, input: ReactNode) => (
    <div className="vm-field">
      <label htmlFor={id}>{label}</label>
      {input}
      <p id={`${id}-hint`} className={problems[key] ? 'vm-field__problem' : 'vm-field__hint'} role={problems[key] ? 'alert' : undefined}>
        {problems[key] ?? hint}
      </p>
    </div>
  );
  const numberInput = (id: string, key: 'cpus' | 'memoryMiB' | 'diskGiB', testid: string) => (
    <input id={id} className="text-input" inputMode="numeric" value={draft[key]} onChange={set(key)} aria-invalid={Boolean(problems[key])} aria-describedby={`${id}-hint`} data-testid={testid} />
  );

  return (
    <section className="panel" aria-labelledby="vm-settings-title" data-testid="vm-settings">
      <h2 id="vm-settings-title" className="panel__title">
        Settings
      </h2>
      <p className="panel__intro">Changes take effect the next time the VM starts. The disk grows when the VM is stopped, or at its next start.</p>
      <form className="vm-settings" onSubmit={onSubmit} noValidate>
        {status.drivers.length > 1 &&
          field(
            ids.driver,
            'Driver',
            'driver',
            running
              ? 'Stop the VM to change its driver: the two keep separate disks.'
              : 'WSL 2 imports the same guest as a WSL distribution. Written from Microsoft’s documentation; not yet run on a real Windows machine.',
            <select id={ids.driver} className="text-input" value={draft.driver} onChange={set('driver')} disabled={running} aria-describedby={`${ids.driver}-hint`} data-testid="vm-driver">
              {status.drivers.map((d) => (
                <option key={d} value={d}>
                  {d === 'wsl' ? 'WSL 2' : 'QEMU'}
                </option>
              ))}
            </select>,
          )}
        {wsl && (
          <p className="panel__intro vm-field--wide">
            Under WSL 2, Windows gives all WSL distributions one VM: its CPUs and memory are set in %UserProfile%\.wslconfig, and its disk grows by itself. Windows drives appear in the VM under /mnt (C:\Users\you is /mnt/c/Users/you), and ports published by containers answer on Windows’ localhost.
          </p>
        )}
        {!wsl && field(ids.cpus, 'CPUs', 'cpus', `1 to ${status.limits.cpus}${status.accelerator?.name === 'tcg' ? '; under emulation the VM uses 1' : ''}`, numberInput(ids.cpus, 'cpus', 'vm-cpus'))}
        {!wsl && field(ids.memory, 'Memory (MiB)', 'memoryMiB', `${MIN_MEMORY_MIB} to ${Math.max(MIN_MEMORY_MIB, status.limits.memoryMiB - HOST_RESERVE_MIB)} MiB`, numberInput(ids.memory, 'memoryMiB', 'vm-memory'))}
        {!wsl && field(ids.disk, 'Disk (GiB)', 'diskGiB', status.disk.exists ? `Now ${status.limits.diskGiB} GiB; it can only grow` : 'Made at the first start; sparse, so it takes only what is stored', numberInput(ids.disk, 'diskGiB', 'vm-disk'))}
        {!wsl && field(
          ids.accel,
          'Accelerator',
          'accelerator',
          'Automatic tries the host’s accelerator and falls back to emulation when the guest does not come up.',
          <select id={ids.accel} className="text-input" value={draft.accelerator} onChange={set('accelerator')} aria-describedby={`${ids.accel}-hint`}>
            <option value="auto">Automatic</option>
            <option value="kvm">KVM (Linux)</option>
            <option value="hvf">Hypervisor.framework (macOS)</option>
            <option value="whpx">Hypervisor Platform (Windows)</option>
            <option value="tcg">Emulation (TCG)</option>
          </select>,
        )}
        {!wsl && <div className="vm-field vm-field--wide">
          <label htmlFor={ids.shares}>Shared folders</label>
          <textarea id={ids.shares} className="text-input vm-shares" rows={3} value={draft.shares} onChange={set('shares')} aria-invalid={Boolean(problems.shares)} aria-describedby={`${ids.shares}-hint`} data-testid="vm-shares" spellCheck={false} />
          <p id={`${ids.shares}-hint`} className={problems.shares ? 'vm-field__problem' : 'vm-field__hint'} role={problems.shares ? 'alert' : undefined}>
            {problems.shares ?? 'One folder per line. Each appears in the VM at the same path, so docker run -v /that/path:/x works unchanged.'}
          </p>
        </div>}
        {save.isError && (
          <p className="vm-field__problem vm-field--wide" role="alert" data-testid="vm-settings-error">
            {messageOf(save.error)}
          </p>
        )}
        <div className="vm-settings__actions vm-field--wide">
          <button type="submit" className="button button--primary" disabled={!changed || Object.keys(problems).length > 0 || save.isPending} data-testid="vm-settings-save">
            {save.isPending && <Spinner />}
            Save settings
          </button>
          <button type="button" className="button" disabled={!changed || save.isPending} onClick={() => setDraft(toDraft(status.settings))}>
            Undo changes
          </button>
        </div>
      </form>
    </section>
  );
}
