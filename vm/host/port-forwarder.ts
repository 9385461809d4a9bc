/**
 * Publishes containers' ports on the host's 127.0.0.1 while they run. The VM's engine events say when a
 * container starts or stops; each burst of events reconciles the forwards QEMU has (QMP hostfwd_add /
 * hostfwd_remove) with the ports running containers publish. A host port that is already taken is
 * reported on the container's port, and tried again while it stays taken (only then is there a timer).
 */
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import type Docker from 'dockerode';
import type { VmForwardedPort } from '../../engine/contract/vm-types';
import type { QmpClient } from '../qemu/qmp';

const RECONCILE_DEBOUNCE_MS = 50;
const RETRY_FAILED_MS = 15_000;
const RECONNECT_MS = 1000;

type Key = `${'tcp' | 'udp'}:${number}`;

/** Whether nothing on the host listens on 127.0.0.1:port (QEMU's own error gives no reason). */
export function hostPortFree(port: number, protocol: 'tcp' | 'udp'): Promise<boolean> {
  return new Promise((resolve) => {
    if (protocol === 'udp') {
      const socket = dgram.createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
      return;
    }
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export class PortForwarder extends EventEmitter<{ change: [VmForwardedPort[]]; forwarded: [VmForwardedPort] }> {
  private readonly ports = new Map<Key, VmForwardedPort>();
  private disposed = false;
  private timer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private events: NodeJS.ReadableStream | undefined;

  constructor(
    private readonly docker: Docker,
    private readonly qmp: QmpClient,
  ) {
    super();
  }

  list(): VmForwardedPort[] {
    return [...this.ports.values()].sort((a, b) => a.port - b.port);
  }

  start(): void {
    void this.follow();
  }

  /** Runs a reconcile now (after the events that caused it have settled); resolves when done. */
  reconcileSoon(): Promise<void> {
    clearTimeout(this.timer);
    return new Promise((resolve) => {
      this.timer = setTimeout(() => {
        this.running = this.running.then(() => this.reconcile()).catch(() => undefined);
        void this.running.then(resolve);
      }, RECONCILE_DEBOUNCE_MS);
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
    (this.events as unknown as { destroy?: () => void } | undefined)?.destroy?.();
    await this.running;
    if (this.qmp.isClosed) return;
    for (const p of this.ports.values()) if (p.state === 'forwarded') await this.remove(p).catch(() => undefined);
    this.ports.clear();
  }

  private async follow(): Promise<void> {
    while (!this.disposed) {
      try {
        const filters = JSON.stringify({ type: ['container'], event: ['start', 'die', 'destroy', 'pause', 'unpause'] });
        const stream = await this.docker.getEvents({ filters });
        this.events = stream;
        // Whatever happened while we were not listening: catch up.
        void this.reconcileSoon();
        await new Promise<void>((resolve) => {
          stream.on('data', () => void this.reconcileSoon());
          stream.once('end', resolve);
          stream.once('close', resolve);
          stream.once('error', () => resolve());
        });
      } catch {
        // the engine is restarting
      }
      if (!this.disposed) await new Promise((r) => setTimeout(r, RECONNECT_MS));
    }
  }

  private async reconcile(): Promise<void> {
    if (this.disposed) return;
    const wanted = new Map<Key, { port: number; protocol: 'tcp' | 'udp'; container: string }>();
    const containers = await this.docker.listContainers();
    for (const c of containers) {
      if (c.State !== 'running') continue;
      for (const p of c.Ports ?? []) {
        const ip = (p as { IP?: string }).IP ?? '';
        // Ports bound to 0.0.0.0, :: or 127.0.0.1 in the guest become 127.0.0.1 on the host.
        if (!p.PublicPort || !['', '0.0.0.0', '::', '127.0.0.1'].includes(ip)) continue;
        if (p.Type !== 'tcp' && p.Type !== 'udp') continue;
        const key: Key = `${p.Type}:${p.PublicPort}`;
        if (!wanted.has(key)) wanted.set(key, { port: p.PublicPort, protocol: p.Type, container: (c.Names?.[0] ?? c.Id).replace(/^\//, '') });
      }
    }
    let changed = false;
    for (const [key, p] of this.ports) {
      if (wanted.has(key)) continue;
      if (p.state === 'forwarded') await this.remove(p).catch(() => undefined);
      this.ports.delete(key);
      changed = true;
    }
    for (const [key, want] of wanted) {
      const have = this.ports.get(key);
      if (have?.state === 'forwarded' && have.container === want.container) continue;
      if (have?.state === 'forwarded') {
        this.ports.set(key, { ...have, container: want.container });
        changed = true;
        continue;
      }
      const result = await this.add(want);
      if (!have || have.state !== result.state || have.problem !== result.problem) changed = true;
      this.ports.set(key, result);
      if (result.state === 'forwarded') this.emit('forwarded', result);
    }
    clearTimeout(this.retryTimer);
    if ([...this.ports.values()].some((p) => p.state === 'failed') && !this.disposed) {
      this.retryTimer = setTimeout(() => void this.reconcileSoon(), RETRY_FAILED_MS);
    }
    if (changed) this.emit('change', this.list());
  }

  private async add(want: { port: number; protocol: 'tcp' | 'udp'; container: string }): Promise<VmForwardedPort> {
    const base = { port: want.port, protocol: want.protocol, container: want.container };
    if (!(await hostPortFree(want.port, want.protocol))) {
      return {
        ...base,
        state: 'failed',
        problem: `Port ${want.port} is already in use on this machine, so ${want.container}’s port is not reachable at 127.0.0.1:${want.port}: stop what uses it, or publish the container on another port.`,
      };
    }
    const out = await this.qmp.hmp(`hostfwd_add ${want.protocol}:127.0.0.1:${want.port}-10.0.2.15:${want.port}`);
    if (out.trim()) return { ...base, state: 'failed', problem: `QEMU could not forward port ${want.port}: ${out.trim()}` };
    return { ...base, state: 'forwarded' };
  }

  private async remove(p: VmForwardedPort): Promise<void> {
    await this.qmp.hmp(`hostfwd_remove ${p.protocol}:127.0.0.1:${p.port}`);
  }
}
