/**
 * Where the host offers the VM's engine to the user's tools.
 *
 * - Linux and macOS: a unix socket, 0600 in a 0700 folder (socket-proxy.ts).
 * - Windows: a named pipe per user, \\.\pipe\berth-engine-<user>, which the docker CLI reaches as
 *   npipe:////./pipe/berth-engine-<user>. Node creates it with Windows' default security descriptor for
 *   pipes, which gives full control to its creator (this user), administrators and SYSTEM, and only read
 *   access to everyone else: another user can open it for reading but cannot write a request into it.
 *   Node also creates the first instance exclusively, so a pipe of that name made by somebody else first
 *   makes the listen fail (EADDRINUSE) instead of Berth serving behind it; Berth then says so.
 *   WRITTEN FROM MICROSOFT'S DOCUMENTATION ("Named Pipe Security and Access Rights") AND NOT RUN ON
 *   WINDOWS YET; the relay behind it is the same code the unix socket runs, which the VM tests exercise.
 */
import os from 'node:os';
import path from 'node:path';

export interface HostEndpoint {
  kind: 'socket' | 'pipe';
  /** What the proxy listens on and Node's clients connect to (a socket path or \\.\pipe\name). */
  path: string;
  /** The same as DOCKER_HOST and the docker context write it. */
  dockerHost: string;
}

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USERNAME ?? process.env.USER ?? 'user';
  }
}

/** A pipe name keeps to letters, digits, dot, dash and underscore (Windows user names may hold spaces). */
export function pipeName(user: string): string {
  const safe = user.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64) || 'user';
  return `berth-engine-${safe}`;
}

export function hostEndpoint(runDir: string, platform: NodeJS.Platform = process.platform, user: string = userName()): HostEndpoint {
  if (platform === 'win32') {
    const name = pipeName(user);
    return { kind: 'pipe', path: `\\\\.\\pipe\\${name}`, dockerHost: `npipe:////./pipe/${name}` };
  }
  const socket = path.join(runDir, 'docker.sock');
  return { kind: 'socket', path: socket, dockerHost: `unix://${socket}` };
}
