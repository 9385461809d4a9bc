/**
 * Turns an engine address (what DOCKER_HOST and docker contexts hold) into connection options for the
 * Engine API client, and describes problems with it in words.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DockerOptions } from 'dockerode';
import { UserError } from '../contract/errors';

export interface TlsFiles {
  /** A folder holding ca.pem, cert.pem and key.pem. */
  certPath: string;
  verify: boolean;
}

/** Connection options for dockerode; `apiVersion` is added after negotiation. */
export function connectionOptions(host: string, tls?: TlsFiles): DockerOptions {
  let url: URL;
  if (host.startsWith('/')) host = `unix://${host}`;
  // URL parsing would fold the "/./" of a Windows pipe name away, so take it apart by hand.
  if (host.startsWith('npipe://')) return { socketPath: `//${host.slice('npipe://'.length).replace(/^[/\\]+/, '')}` };
  try {
    url = new URL(host);
  } catch {
    throw new UserError(`“${host}” is not an engine address: use unix:///path/docker.sock, tcp://host:port or ssh://user@host.`, 'invalid-input');
  }
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: decodeURIComponent(url.pathname) };
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const secure = url.protocol === 'https:' || Boolean(tls) || url.port === '2376';
      const options: DockerOptions = {
        host: url.hostname,
        port: url.port || (secure ? '2376' : '2375'),
        protocol: secure ? 'https' : 'http',
      };
      if (tls) {
        const read = (name: string) => fs.readFileSync(path.join(tls.certPath, name));
        try {
          options.ca = read('ca.pem');
          options.cert = read('cert.pem');
          options.key = read('key.pem');
        } catch {
          throw new UserError(`The TLS certificates for ${host} are missing in ${tls.certPath} (ca.pem, cert.pem, key.pem).`, 'not-found');
        }
      }
      return options;
    }
    case 'ssh:':
      return {
        protocol: 'ssh',
        host: url.hostname,
        port: url.port || '22',
        username: decodeURIComponent(url.username) || undefined,
        sshOptions: { agent: process.env.SSH_AUTH_SOCK },
      } as DockerOptions;
    default:
      throw new UserError(`Berth cannot connect to “${host}”: ${url.protocol.replace(':', '')} addresses are not supported.`, 'not-supported');
  }
}

/** The socket path of a unix:// address, or undefined for other kinds. */
export function unixSocketPath(host: string): string | undefined {
  if (host.startsWith('/')) return host;
  if (!host.startsWith('unix://')) return undefined;
  return decodeURIComponent(new URL(host).pathname);
}

/** A connection failure, in words the user can act on. */
export function describeConnectionError(e: unknown, host: string): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const socket = unixSocketPath(host);
  switch (code) {
    case 'ENOENT':
      return socket ? `Nothing is listening at ${socket}: the engine is not running.` : `The address ${host} was not found.`;
    case 'ECONNREFUSED':
      return `The engine at ${host} refused the connection: it is not running or not accepting connections.`;
    case 'EACCES':
    case 'EPERM':
      return `Permission denied opening ${socket ?? host}: add your user to the group that owns it (often “docker”) or run a rootless engine.`;
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return `The engine at ${host} did not answer in time.`;
    case 'ENOTFOUND':
      return `The host in ${host} could not be found.`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `The engine at ${host} closed the connection.`;
  }
  const message = e instanceof Error ? e.message : String(e);
  return `The engine at ${host} is not reachable: ${message}`;
}
