/**
 * The engine as the user's tools expect it: a unix socket on the host that only this user can open (0600,
 * in a 0700 folder), or on Windows the user's named pipe (see endpoint.ts), relayed byte for byte to the
 * VM's API: over the API channel (api-channel.ts, a virtio-serial port) where the VM has one, else over
 * mutual TLS through QEMU's forward of the guest's port. Byte relaying keeps
 * everything the Engine API does working, hijacked attach/exec streams included. (Over the channel, the
 * relay given here may answer log reads itself: log-reads.ts, wired in host-side.ts.)
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { UserError } from '../../engine/contract/errors';
import type { CertFiles } from './certs';
import type { HostEndpoint } from './endpoint';

export interface SocketProxy {
  socketPath: string;
  close(): Promise<void>;
}

export function tlsOptions(certs: CertFiles, port: number): tls.ConnectionOptions {
  return {
    host: '127.0.0.1',
    port,
    ca: fs.readFileSync(certs.ca),
    cert: fs.readFileSync(certs.cert),
    key: fs.readFileSync(certs.key),
    // The server certificate names 127.0.0.1 and the CA is this install's own.
    servername: 'localhost',
  };
}

/** Makes the socket's folder private to the user, whatever was there before. */
export function preparePrivateFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

/** Carries one client connection of the socket to the guest's engine. */
export type Relay = (local: net.Socket) => void;

/** The API over the emulated network: mutual TLS to QEMU's forward of the guest's port 2376. */
export function tlsRelay(certs: CertFiles, apiPort: number): Relay {
  const options = tlsOptions(certs, apiPort);
  // TLS session resumption: after the first connection, a new one skips the certificate exchange and the
  // server's RSA signature, which under emulation is most of a connection's cost.
  let session: Buffer | undefined;
  return (local) => {
    // (allowHalfOpen is passed on to the TLS socket by Node, though its types do not list it.)
    const remote = tls.connect({ ...options, session, allowHalfOpen: true } as tls.ConnectionOptions);
    remote.on('session', (s: Buffer) => (session = s));
    local.pipe(remote);
    remote.pipe(local);
    const destroyBoth = () => {
      local.destroy();
      remote.destroy();
    };
    local.on('error', destroyBoth);
    remote.on('error', destroyBoth);
    local.on('close', () => remote.destroy());
  };
}

export async function startSocketProxy(endpoint: HostEndpoint, relay: Relay): Promise<SocketProxy> {
  const socketPath = endpoint.path;
  const unix = endpoint.kind === 'socket';
  if (unix) {
    preparePrivateFolder(path.dirname(socketPath));
    // A socket left by a crash refuses the listen (EADDRINUSE): nobody is behind it any more.
    fs.rmSync(socketPath, { force: true });
  }
  const open = new Set<net.Socket>();
  // Half-open connections are kept: `docker run` closes its sending side once stdin is done and still
  // reads the container's output, so one side's end must travel through without closing the other.
  const server = net.createServer({ allowHalfOpen: true }, (local) => {
    open.add(local);
    local.on('close', () => open.delete(local));
    relay(local);
  });
  // The socket is created with the process umask; a 0077 umask for the listen makes it 0600 from its
  // first instant, so there is no moment in which someone else could connect.
  // (Worker threads may not change the umask; the folder's 0700 still keeps others out until the chmod.)
  let umask: number | undefined;
  try {
    if (unix) umask = process.umask(0o077);
  } catch {
    umask = undefined;
  }
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
  } catch (e) {
    // A pipe's name is first come, first served: one made by another program is never served behind.
    if (!unix && (e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UserError(`Another program already serves the named pipe ${socketPath}, so Berth will not offer its engine there. Close that program (or sign out and in again) and start the VM again.`, 'engine-error');
    }
    throw e;
  } finally {
    if (umask !== undefined) process.umask(umask);
  }
  if (unix) fs.chmodSync(socketPath, 0o600);
  return {
    socketPath,
    close: () =>
      new Promise((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
        if (unix) fs.rmSync(socketPath, { force: true });
      }),
  };
}
