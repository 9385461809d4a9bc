/**
 * What the tray shows, as plain data computed from the backend's state: the icon to use and the menu's
 * items. tray.ts turns it into Electron objects; keeping the decisions here lets them be tested without
 * Electron.
 */
import type { ContainerSummary, EngineStatus, ManagedEngineStatus } from '../engine/contract/types';
import type { VmStatus } from '../engine/contract/vm-types';

export type TrayIconState = 'running' | 'starting' | 'stopped' | 'error';

export type TrayAction =
  | { type: 'open' }
  | { type: 'quit' }
  | { type: 'managed'; verb: 'start' | 'stop' | 'restart' }
  | { type: 'vm'; verb: 'start' | 'stop' }
  | { type: 'container'; id: string; name: string; action: 'stop' | 'restart' };

export type TrayItem =
  | { kind: 'label'; label: string }
  | { kind: 'action'; label: string; enabled: boolean; action: TrayAction }
  | { kind: 'submenu'; label: string; items: TrayItem[] }
  | { kind: 'separator' };

export interface TrayFacts {
  status: EngineStatus;
  managed: ManagedEngineStatus;
  /** Berth's Linux VM, where it can run. */
  vm?: VmStatus;
  /** Running containers when the engine runs; 'error' when listing them failed; undefined otherwise. */
  containers: ContainerSummary[] | 'error' | undefined;
}

/** Beyond this many running containers the menu stops growing and points to the window. */
export const MAX_CONTAINERS = 12;
/** Menus do not wrap: a long reason is cut rather than stretching the menu across the screen. */
const MAX_LABEL = 72;

export function truncate(text: string, max = MAX_LABEL): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export function trayIconState(status: EngineStatus): TrayIconState {
  switch (status.state) {
    case 'running':
      return 'running';
    case 'starting':
      return 'starting';
    case 'unreachable':
    case 'not-answering':
      return 'error';
    case 'stopped':
    case 'none':
      return 'stopped';
  }
}

/** The first line of the menu and the tooltip, e.g. "Engine: running (Docker 20.10.24)". */
export function engineStatusLine(status: EngineStatus): string {
  switch (status.state) {
    case 'running': {
      const server = status.server;
      return server ? `Engine: running (${server.podman ? 'Podman' : 'Docker'} ${server.version})` : 'Engine: running';
    }
    case 'starting':
      return 'Engine: starting…';
    case 'stopped':
      return 'Engine: stopped';
    case 'unreachable':
      return truncate(`Engine: unreachable — ${status.reason ?? 'it does not answer'}`);
    case 'not-answering':
      return 'Engine: not answering (Berth reconnects when it does)';
    case 'none':
      return 'Engine: none running';
  }
}

function managedItems(managed: ManagedEngineStatus): TrayItem[] {
  if (!managed.supported) return [];
  const stopped = managed.state === 'stopped' || managed.state === 'failed';
  const items: TrayItem[] = [
    { kind: 'action', label: 'Start Berth’s Engine', enabled: managed.installed && stopped, action: { type: 'managed', verb: 'start' } },
    { kind: 'action', label: 'Stop Berth’s Engine', enabled: managed.state === 'running' || managed.state === 'starting', action: { type: 'managed', verb: 'stop' } },
    { kind: 'action', label: 'Restart Berth’s Engine', enabled: managed.state === 'running', action: { type: 'managed', verb: 'restart' } },
  ];
  if (!managed.installed) items.unshift({ kind: 'label', label: 'Berth’s Engine needs dockerd installed' });
  else if (managed.state === 'failed' && managed.error) items.unshift({ kind: 'label', label: truncate(`Berth’s Engine failed: ${managed.error}`) });
  return [{ kind: 'separator' }, ...items];
}

/** One line for the Linux VM (its state and accelerator) and the one action that fits it. */
function vmItems(vm: VmStatus | undefined): TrayItem[] {
  if (!vm || (!vm.supported && vm.state === 'stopped')) return [];
  const line =
    vm.state === 'running'
      ? `Linux VM: running${vm.accelerator ? ` (${vm.accelerator.name.toUpperCase()})` : ''}`
      : vm.crashed
        ? 'Linux VM: stopped unexpectedly'
        : `Linux VM: ${vm.state}`;
  const running = vm.state === 'running' || vm.state === 'starting';
  return [
    { kind: 'separator' },
    { kind: 'label', label: line },
    running
      ? { kind: 'action', label: 'Stop Linux VM', enabled: vm.state === 'running', action: { type: 'vm', verb: 'stop' } }
      : { kind: 'action', label: vm.crashed ? 'Restart Linux VM' : 'Start Linux VM', enabled: vm.supported && vm.guest.built && vm.state !== 'stopping', action: { type: 'vm', verb: 'start' } },
  ];
}

function containerItems(containers: TrayFacts['containers']): TrayItem[] {
  if (containers === undefined) return [];
  const header: TrayItem[] = [{ kind: 'separator' }, { kind: 'label', label: 'Running Containers' }];
  if (containers === 'error') return [...header, { kind: 'label', label: 'Could not list containers' }];
  if (containers.length === 0) return [...header, { kind: 'label', label: 'None running' }];
  const sorted = [...containers].sort((a, b) => a.name.localeCompare(b.name));
  const items: TrayItem[] = sorted.slice(0, MAX_CONTAINERS).map((c) => ({
    kind: 'submenu',
    label: truncate(c.name, 48),
    items: [
      { kind: 'label', label: truncate(c.image, 48) },
      { kind: 'action', label: `Stop ${truncate(c.name, 40)}`, enabled: true, action: { type: 'container', id: c.id, name: c.name, action: 'stop' } },
      { kind: 'action', label: `Restart ${truncate(c.name, 40)}`, enabled: true, action: { type: 'container', id: c.id, name: c.name, action: 'restart' } },
    ],
  }));
  const more = sorted.length - MAX_CONTAINERS;
  if (more > 0) items.push({ kind: 'label', label: `…and ${more} more (open Berth to see all)` });
  return [...header, ...items];
}

export function trayMenuModel(facts: TrayFacts): TrayItem[] {
  const lines: TrayItem[] = [{ kind: 'label', label: engineStatusLine(facts.status) }];
  if (facts.status.endpoint) lines.push({ kind: 'label', label: truncate(facts.status.endpoint.label) });
  return [
    ...lines,
    ...managedItems(facts.managed),
    ...vmItems(facts.vm),
    ...containerItems(facts.containers),
    { kind: 'separator' },
    { kind: 'action', label: 'Open Berth', enabled: true, action: { type: 'open' } },
    { kind: 'action', label: 'Quit Berth', enabled: true, action: { type: 'quit' } },
  ];
}

/** The menu while the backend process is down (starting again, or given up): the reason, and the way out. */
export function trayUnavailableModel(reason: string): TrayItem[] {
  return [
    { kind: 'label', label: truncate(reason) },
    { kind: 'separator' },
    { kind: 'action', label: 'Open Berth', enabled: true, action: { type: 'open' } },
    { kind: 'action', label: 'Quit Berth', enabled: true, action: { type: 'quit' } },
  ];
}
