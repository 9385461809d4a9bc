/**
 * What a running VM needs on the host, owned by the Berth process that runs it: the private socket, the
 * `berth` docker context, the port forwards, and a watch on the console for a guest whose kernel hung
 * (QEMU then keeps running and the socket stays open, but nothing answers).
 */
import fs from 'node:fs';
import Docker from 'dockerode';
import type { VmForwardedPort } from '../../engine/contract/vm-types';
import type { VmFiles } from '../machine-files';
import { followConsole } from '../qemu/console';
import type { QmpClient } from '../qemu/qmp';
import { ensureCertificates } from './certs';
import { ensureDockerContext } from './docker-context';
import { PortForwarder } from './port-forwarder';
import { ApiChannel } from './api-channel';
import { answerLogReads } from './log-reads';
import { startSocketProxy, tlsRelay } from './socket-proxy';
import type { SocketProxy } from './socket-proxy';

/**
 * The virtio-serial API channel, when QEMU offers one; BERTH_VM_API=network leaves it unused (to compare
 * the two ways, or should the channel ever misbehave on some host).
 */
async function openApiChannel(socketPath: string, env: NodeJS.ProcessEnv): Promise<ApiChannel | undefined> {
  if (env.BERTH_VM_API === 'network' || !fs.existsSync(socketPath)) return undefined;
  try {
    return await ApiChannel.connect(socketPath);
  } catch (e) {
    console.error(`[berth] the VM's API channel did not open (${(e as Error).message}); using the network instead`);
    return undefined;
  }
}

/** Console lines that mean the guest's kernel is stuck. */
const GUEST_HUNG = /watchdog: BUG: soft lockup|Kernel panic|rcu_preempt detected stalls/;

export interface HostSideEvents {
  onPorts(ports: VmForwardedPort[]): void;
  onGuestHung(line: string): void;
}

export class VmHostSide {
  private constructor(
    private readonly proxy: SocketProxy,
    private readonly channel: ApiChannel | undefined,
    private readonly forwarder: PortForwarder | undefined,
    private readonly stopWatchingConsole: () => void,
  ) {}

  /**
   * `ports` is what the driver forwards ports with (QEMU's control socket); without it (the WSL 2 driver)
   * there are no forwards to make, since WSL relays the distribution's localhost ports to Windows' localhost
   * itself. `consoleLog` is the guest's serial console, where the driver has one.
   */
  static async attach(
    files: VmFiles,
    apiPort: number,
    ports: QmpClient | undefined,
    consoleLog: string | undefined,
    env: NodeJS.ProcessEnv,
    events: HostSideEvents,
  ): Promise<VmHostSide> {
    const certs = ensureCertificates(files.certs);
    const network = tlsRelay(certs, apiPort);
    // The API channel where QEMU was started with one (a guest with the relay); else, and should the
    // channel ever close while QEMU runs, the emulated network as before.
    const channel = await openApiChannel(files.apiChannel, env);
    // Log reads are answered on this side where the guest's relay can read log files (log-reads.ts).
    const logReads = channel && answerLogReads(channel);
    const proxy = await startSocketProxy(files.endpoint, (local) => {
      if (!channel || channel.isClosed) network(local);
      else if (logReads && channel.canReadLogFiles) logReads(local);
      else channel.handle(local);
    });
    ensureDockerContext(files.endpoint.dockerHost, env);
    let forwarder: PortForwarder | undefined;
    if (ports) {
      forwarder = new PortForwarder(new Docker({ socketPath: files.socket }), ports);
      forwarder.on('change', (list) => events.onPorts(list));
      forwarder.start();
    }
    const stopWatchingConsole = consoleLog
      ? followConsole(consoleLog, (lines) => {
          const hung = lines.find((l) => GUEST_HUNG.test(l));
          if (hung) events.onGuestHung(hung.replace(/^\[[^\]]*\]\s*/, '').trim());
        })
      : () => undefined;
    return new VmHostSide(proxy, channel, forwarder, stopWatchingConsole);
  }

  /** Removes the forwards (while QEMU still runs) and closes the socket. */
  async detach(): Promise<void> {
    this.stopWatchingConsole();
    await this.forwarder?.dispose().catch(() => undefined);
    await this.proxy.close();
    this.channel?.close();
  }
}
