/**
 * The user's `~/.ssh/known_hosts`, read and written the way OpenSSH does, so a host Berth trusts is one
 * the `ssh` command trusts and the other way round. Hosts on a port other than 22 are written
 * `[host]:port`; hashed entries (`|1|salt|hmac`, OpenSSH's HashKnownHosts) are matched too.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface HostKey {
  /** e.g. ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa */
  type: string;
  /** The key blob as the server sends it (SSH wire format). */
  blob: Buffer;
}

/** What known_hosts says about a host's key. */
export type HostKeyVerdict =
  | { kind: 'known' }
  | { kind: 'unknown'; fingerprint: string; type: string }
  /** The host is listed with other keys: someone may be in the middle, or the host was reinstalled. */
  | { kind: 'changed'; fingerprint: string; type: string; knownTypes: string[]; file: string; line: number };

interface Entry {
  patterns: string;
  type: string;
  key: string;
  line: number;
  marker?: string;
}

/** `SHA256:…` as `ssh-keygen -lf` and `ssh` print it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside a key blob (its first string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** How OpenSSH names a host in known_hosts. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function parse(text: string): Entry[] {
  const entries: Entry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: string | undefined;
    if (fields[0]?.startsWith('@')) marker = fields.shift();
    const [patterns, type, key] = fields;
    if (!patterns || !type || !key) return;
    entries.push({ patterns, type, key, line: i + 1, marker });
  });
  return entries;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

/** Whether an entry's host field names this host (plain lists with globs and negation, or one hashed name). */
function matchesHost(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    if (!salt || !hash) return false;
    const mac = crypto.createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return mac === hash;
  }
  let matched = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) matched = true;
  }
  return matched;
}

export function knownHostsFile(home: string): string {
  return path.join(home, '.ssh', 'known_hosts');
}

/** Checks a host key against known_hosts: known, never seen, or different from the one recorded. */
export function checkHostKey(file: string, host: string, port: number, key: HostKey): HostKeyVerdict {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    // No known_hosts yet: every host is unknown.
  }
  const name = knownHostName(host, port);
  const mine = parse(text).filter((e) => matchesHost(e.patterns, name));
  const presented = key.blob.toString('base64');
  if (mine.some((e) => e.marker === '@revoked' && e.key === presented)) {
    return { kind: 'changed', fingerprint: fingerprint(key.blob), type: key.type, knownTypes: [], file, line: mine.find((e) => e.key === presented)?.line ?? 0 };
  }
  const trusted = mine.filter((e) => !e.marker);
  if (trusted.some((e) => e.key === presented)) return { kind: 'known' };
  if (trusted.length === 0) return { kind: 'unknown', fingerprint: fingerprint(key.blob), type: key.type };
  const first = trusted[0];
  return {
    kind: 'changed',
    fingerprint: fingerprint(key.blob),
    type: key.type,
    knownTypes: [...new Set(trusted.map((e) => e.type))],
    file,
    line: first?.line ?? 0,
  };
}

/** The key types recorded for a host, so the key exchange asks the server for one of those first. */
export function knownKeyTypes(file: string, host: string, port: number): string[] {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const name = knownHostName(host, port);
  return [...new Set(parse(text).filter((e) => !e.marker && matchesHost(e.patterns, name)).map((e) => e.type))];
}

/** Records a host's key, as `ssh` does when the user answers "yes" (the folder is made 0700 if missing). */
export function addKnownHost(file: string, host: string, port: number, key: HostKey): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const existing = fs.readFileSync(file, 'utf8');
    if (existing.length > 0 && !existing.endsWith('\n')) prefix = '\n';
  } catch {
    // A new file.
  }
  fs.appendFileSync(file, `${prefix}${knownHostName(host, port)} ${key.type} ${key.blob.toString('base64')}\n`, { mode: 0o600 });
}
