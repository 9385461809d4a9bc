/**
 * Where an `ssh://user@host[:port]` address really leads: the `Host` entries of `~/.ssh/config` are
 * honoured the way `ssh` honours them (HostName, Port, User, IdentityFile), so an engine added as
 * `ssh://buildbox` reaches the machine the user's `ssh buildbox` reaches.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SSHConfig from 'ssh-config';
import { UserError } from '../contract/errors';

export interface SshTarget {
  /** The alias or host the user wrote. */
  alias: string;
  /** The machine to connect to (HostName from ~/.ssh/config, else the alias). */
  hostname: string;
  port: number;
  user: string;
  /** Private keys to offer after the agent's, in order; only files that exist. */
  identityFiles: string[];
  /** Whether ~/.ssh/config named the identity files (then only those are offered, as with IdentitiesOnly). */
  identitiesOnly: boolean;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/** Parses `ssh://[user@]host[:port]` strictly; anything else is refused in words. */
export function parseSshAddress(address: string): { user?: string; host: string; port?: number } {
  const trimmed = address.trim();
  if (/\s/.test(trimmed)) throw new UserError(`“${address}” has a space in it: an SSH address looks like ssh://user@host or ssh://user@host:2222.`, 'invalid-input');
  if (!trimmed.startsWith('ssh://')) throw new UserError(`“${address}” is not an SSH address: write it as ssh://user@host[:port].`, 'invalid-input');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new UserError(`“${address}” is not an SSH address: write it as ssh://user@host[:port].`, 'invalid-input');
  }
  if (!url.hostname) throw new UserError(`“${address}” names no host: write it as ssh://user@host[:port].`, 'invalid-input');
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash || url.password) {
    throw new UserError(`“${address}” has more than a user, a host and a port: write it as ssh://user@host[:port].`, 'invalid-input');
  }
  let port: number | undefined;
  if (url.port) {
    port = Number(url.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`Port ${url.port} is out of range: use a port from 1 to 65535.`, 'invalid-input');
  } else {
    // URL drops an explicit port it finds invalid (e.g. 70000) only by throwing; a bare ":" is dropped quietly.
    const m = /:(\d+)$/.exec(url.host);
    if (m) port = Number(m[1]);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { user: url.username ? decodeURIComponent(url.username) : undefined, host, port };
}

function expandHome(file: string, home: string): string {
  return file.startsWith('~/') ? path.join(home, file.slice(2)) : file;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Resolves an address against `~/.ssh/config` (read from `home`). */
export function resolveSshTarget(address: string, home = os.homedir(), localUser = os.userInfo().username): SshTarget {
  const parsed = parseSshAddress(address);
  let computed: Record<string, string | string[]> = {};
  const configFile = path.join(home, '.ssh', 'config');
  let text: string | undefined;
  try {
    text = fs.readFileSync(configFile, 'utf8');
  } catch {
    // No ssh config: the address says everything.
  }
  if (text !== undefined) {
    try {
      computed = SSHConfig.parse(text).compute(parsed.host);
    } catch (e) {
      throw new UserError(`${configFile} could not be read: ${(e as Error).message}. Fix it, or move it aside and try again.`, 'invalid-input');
    }
  }
  const get = (key: string) => {
    const hit = Object.keys(computed).find((k) => k.toLowerCase() === key.toLowerCase());
    return hit ? computed[hit] : undefined;
  };
  const port = parsed.port ?? Number(first(get('Port')) ?? 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`Port ${port} from ${configFile} is out of range.`, 'invalid-input');
  const configured = ([] as string[]).concat(get('IdentityFile') ?? []).map((f) => expandHome(f, home));
  const identitiesOnly = /^yes$/i.test(first(get('IdentitiesOnly')) ?? '') || configured.length > 0;
  const candidates = configured.length > 0 ? configured : DEFAULT_KEYS.map((k) => path.join(home, '.ssh', k));
  return {
    alias: parsed.host,
    hostname: first(get('HostName')) ?? parsed.host,
    port,
    user: parsed.user ?? first(get('User')) ?? localUser,
    identityFiles: candidates.filter((f) => fs.existsSync(f)),
    identitiesOnly,
  };
}

/** The address written back in the canonical form the docker CLI's contexts use. */
export function sshAddress(target: Pick<SshTarget, 'user' | 'alias' | 'port'>): string {
  const host = target.alias.includes(':') ? `[${target.alias}]` : target.alias;
  return `ssh://${encodeURIComponent(target.user)}@${host}${target.port === 22 ? '' : `:${target.port}`}`;
}
