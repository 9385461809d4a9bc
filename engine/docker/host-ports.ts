/**
 * Whether the engine runs on this machine, and whether a port on this machine is free: the checks the Run
 * dialog can only make where Berth and the engine share a host.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type Docker from 'dockerode';

/** An engine reached through a local socket, or TCP on loopback, shares this machine's ports and folders. */
export function engineIsLocal(docker: Docker): boolean {
  const modem = docker.modem as { socketPath?: string; host?: string; protocol?: string };
  if (modem.socketPath) return true;
  if (modem.protocol === 'ssh') return false;
  return ['localhost', '127.0.0.1', '::1', '[::1]'].includes(modem.host ?? '');
}

export type PortProbe = 'free' | 'in-use' | 'not-here' | 'unknown';

/**
 * Tries to bind the port the way the engine would, then lets it go at once. `not-here` means the address is
 * not one of this machine's; `unknown` covers what a probe cannot tell (a privileged port Berth itself may
 * not bind, while the engine may).
 */
export function probeHostPort(port: number, hostIp: string | undefined, protocol: 'tcp' | 'udp' | 'sctp'): Promise<PortProbe> {
  const address = hostIp || '0.0.0.0';
  const verdict = (e: NodeJS.ErrnoException | undefined): PortProbe =>
    !e ? 'free' : e.code === 'EADDRINUSE' ? 'in-use' : e.code === 'EADDRNOTAVAIL' ? 'not-here' : 'unknown';
  if (protocol === 'sctp') return Promise.resolve('unknown');
  if (protocol === 'udp') {
    return new Promise((resolve) => {
      const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
      socket.once('error', (e) => {
        socket.close();
        resolve(verdict(e));
      });
      socket.bind({ port, address, exclusive: true }, () => socket.close(() => resolve('free')));
    });
  }
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (e) => resolve(verdict(e)));
    server.listen({ port, host: address, exclusive: true }, () => server.close(() => resolve('free')));
  });
}
