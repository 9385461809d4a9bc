import { describe, expect, it } from 'vitest';
import type { ContainerSummary, EngineStatus, ManagedEngineStatus } from '../../engine/contract/types';
import { MAX_CONTAINERS, engineStatusLine, trayIconState, trayMenuModel, trayUnavailableModel } from '../../electron/tray-model';
import type { TrayItem } from '../../electron/tray-model';

const running: EngineStatus = {
  state: 'running',
  endpoint: { id: 'default', kind: 'default', label: 'Docker (default socket)', host: 'unix:///var/run/docker.sock', reachable: true },
  server: { version: '20.10.24', os: 'linux', arch: 'x86_64', kernel: '6.1', name: 'box', podman: false },
};
const managed = (overrides: Partial<ManagedEngineStatus> = {}): ManagedEngineStatus => ({
  supported: true,
  installed: true,
  state: 'stopped',
  socket: '/run/berth/docker.sock',
  dataRoot: '/var/lib/berth',
  ...overrides,
});
const container = (name: string): ContainerSummary => ({
  id: `${name}-id`,
  name,
  image: `${name}:latest`,
  imageId: 'sha256:1',
  command: 'sh',
  state: 'running',
  status: 'Up 1 minute',
  created: 0,
  ports: [],
  labels: {},
  anonymousVolumes: 0,
});

const labels = (items: TrayItem[]) => items.flatMap((i) => (i.kind === 'separator' ? [] : [i.label]));
const action = (items: TrayItem[], label: string) => {
  const item = items.find((i) => i.kind === 'action' && i.label === label);
  if (item?.kind !== 'action') throw new Error(`no action “${label}” in ${labels(items).join(' | ')}`);
  return item;
};

describe('the tray icon and status line', () => {
  it('names the engine and its version when it runs', () => {
    expect(engineStatusLine(running)).toBe('Engine: running (Docker 20.10.24)');
    expect(engineStatusLine({ ...running, server: { ...running.server!, podman: true, version: '5.2.0' } })).toBe('Engine: running (Podman 5.2.0)');
  });

  it('says why the engine is unreachable, cut to fit a menu', () => {
    const line = engineStatusLine({ state: 'unreachable', reason: `Permission denied on /var/run/docker.sock. ${'Add yourself to the docker group. '.repeat(5)}` });
    expect(line.startsWith('Engine: unreachable — Permission denied on /var/run/docker.sock.')).toBe(true);
    expect(line.length).toBeLessThanOrEqual(72);
    expect(line.endsWith('…')).toBe(true);
  });

  it('picks one icon per engine state', () => {
    expect(trayIconState(running)).toBe('running');
    expect(trayIconState({ state: 'starting' })).toBe('starting');
    expect(trayIconState({ state: 'stopped' })).toBe('stopped');
    expect(trayIconState({ state: 'none' })).toBe('stopped');
    expect(trayIconState({ state: 'unreachable' })).toBe('error');
  });
});

describe('the tray menu', () => {
  it('starts with the status and the engine in use, and ends with Open and Quit', () => {
    const items = trayMenuModel({ status: running, managed: managed({ supported: false }), containers: [] });
    expect(items[0]).toEqual({ kind: 'label', label: 'Engine: running (Docker 20.10.24)' });
    expect(items[1]).toEqual({ kind: 'label', label: 'Docker (default socket)' });
    expect(labels(items).slice(-2)).toEqual(['Open Berth', 'Quit Berth']);
  });

  it('hides the managed engine’s controls where it is not supported', () => {
    const items = trayMenuModel({ status: running, managed: managed({ supported: false }), containers: [] });
    expect(labels(items).some((l) => l.includes('Berth’s Engine'))).toBe(false);
  });

  it('enables Start, Stop and Restart according to the managed engine’s state', () => {
    const enabled = (state: ManagedEngineStatus['state']) => {
      const items = trayMenuModel({ status: { state: 'stopped' }, managed: managed({ state }), containers: undefined });
      return ['Start', 'Stop', 'Restart'].filter((verb) => action(items, `${verb} Berth’s Engine`).enabled);
    };
    expect(enabled('stopped')).toEqual(['Start']);
    expect(enabled('failed')).toEqual(['Start']);
    expect(enabled('starting')).toEqual(['Stop']);
    expect(enabled('running')).toEqual(['Stop', 'Restart']);
    expect(enabled('stopping')).toEqual([]);
  });

  it('explains a disabled Start when dockerd is not installed', () => {
    const items = trayMenuModel({ status: { state: 'none' }, managed: managed({ installed: false }), containers: undefined });
    expect(action(items, 'Start Berth’s Engine').enabled).toBe(false);
    expect(labels(items)).toContain('Berth’s Engine needs dockerd installed');
  });

  it('lists running containers by name, each with Stop and Restart for that container', () => {
    const items = trayMenuModel({ status: running, managed: managed({ supported: false }), containers: [container('web'), container('db')] });
    expect(labels(items)).toContain('Running Containers');
    const submenus = items.filter((i) => i.kind === 'submenu');
    expect(submenus.map((s) => s.label)).toEqual(['db', 'web']);
    const web = submenus[1]!;
    expect(web.kind === 'submenu' && action(web.items, 'Stop web').action).toEqual({ type: 'container', id: 'web-id', name: 'web', action: 'stop' });
  });

  it('stops growing past a dozen containers and points to the window', () => {
    const many = Array.from({ length: MAX_CONTAINERS + 5 }, (_, i) => container(`c${String(i).padStart(2, '0')}`));
    const items = trayMenuModel({ status: running, managed: managed({ supported: false }), containers: many });
    expect(items.filter((i) => i.kind === 'submenu')).toHaveLength(MAX_CONTAINERS);
    expect(labels(items)).toContain('…and 5 more (open Berth to see all)');
  });

  it('says so when no container runs, or when they could not be listed', () => {
    expect(labels(trayMenuModel({ status: running, managed: managed(), containers: [] }))).toContain('None running');
    expect(labels(trayMenuModel({ status: running, managed: managed(), containers: 'error' }))).toContain('Could not list containers');
  });

  it('has no container section while the engine is not running', () => {
    const items = trayMenuModel({ status: { state: 'unreachable', reason: 'gone' }, managed: managed(), containers: undefined });
    expect(labels(items)).not.toContain('Running Containers');
  });

  it('while the backend is down, says so and keeps only Open and Quit', () => {
    const items = trayUnavailableModel('Berth’s backend stopped; starting it again…');
    expect(labels(items)).toEqual(['Berth’s backend stopped; starting it again…', 'Open Berth', 'Quit Berth']);
    expect(items.flatMap((i) => (i.kind === 'action' ? [i.action.type] : []))).toEqual(['open', 'quit']);
  });
});
