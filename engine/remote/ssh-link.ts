/**
 * One SSH connection to a remote engine's host, kept open, and the engine's socket offered on a private
 * local unix socket through it. Every local connection becomes one channel of the same SSH connection
 * (OpenSSH's stream-local forwarding, `direct-streamlocal@openssh.com`), so the far side needs nothing but
 * sshd and the engine, and a request never pays for a new SSH session. Only where the server refuses
 * stream-local forwarding does a channel run `docker system dial-stdio` instead (still on the same
 * connection). When the connection drops the local socket stays, refuses connections while it is down, and
 * the link reconnects with backoff; the host key must still be the known one.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'ssh2';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import { UserError } from '../contract/errors';
import { checkHostKey, keyTypeOf, knownKeyTypes } from './known-hosts';
import type { HostKey, HostKeyVerdict } from './known-hosts';
import type { SshTarget } from './ssh-target';
import { describeSshError, HostKeyProblem } from './ssh-errors';

export type SshLinkState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface SshLinkOptions {
  target: SshTarget;
  /** Where the engine is offered locally (a unix socket path; its folder must be private to the user). */
  localSocket: string;
  knownHostsFile: string;
  /** The SSH agent's socket (SSH_AUTH_SOCK), tried first. */
  agent?: string;
  /** The engine's socket on the far side; found from the remote user's DOCKER_HOST when not given. */
  remoteSocket?: string;
  /** Accept this host key even though known_hosts does not list it (the user just confirmed its fingerprint). */
  acceptFingerprint?: string;
}

/** What the far side looks like once connected. */
export interface RemoteFacts {
  remoteSocket: string;
  /** How channels reach the engine. */
  via: 'stream-local' | 'dial-stdio';
  /** The host key presented (recorded by the caller when the user trusted it). */
  hostKey: HostKey;
  verdict: HostKeyVerdict;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15_000;
const READY_TIMEOUT_MS = 10_000;
const DEFAULT_SOCKET = '/var/run/docker.sock';

/** Runs a command on the far side and returns its output (for the short probes made once per connection). */
function execText(client: Client, command: string, timeoutMs = 5000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(err);
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => {
        stream.close();
        reject(new Error(`“${command}” did not finish on the far side within ${timeoutMs} ms`));
      }, timeoutMs);
      stream.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      stream.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      stream.on('close', (code: number | null) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

export class SshLink extends EventEmitter<{ state: [SshLinkState, string | undefined] }> {
  private client: Client | undefined;
  private server: net.Server | undefined;
  private facts: RemoteFacts | undefined;
  private current: SshLinkState = 'connecting';
  private problem: string | undefined;
  private readonly closing = new AbortController();
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly options: SshLinkOptions) {
    super();
    this.setMaxListeners(0);
  }

  get state(): SshLinkState {
    return this.current;
  }

  /** Why the link is down, in words (while reconnecting). */
  get reason(): string | undefined {
    return this.problem;
  }

  get localSocket(): string {
    return this.options.localSocket;
  }

  get remote(): RemoteFacts | undefined {
    return this.facts;
  }

  /**
   * Connects, finds the engine's socket on the far side and starts offering it locally. Rejects with a
   * sentence (UserError) when the host cannot be reached, refuses the keys, presents an unknown or changed
   * host key, or the engine's socket is missing or not open to the user. After it resolves, a dropped
   * connection is re-made by itself.
   */
  async open(): Promise<RemoteFacts> {
    const facts = await this.connectOnce(true);
    await this.listen();
    this.setState('connected');
    return facts;
  }

  /** Closes the SSH connection, the local socket and every channel. */
  close(): void {
    this.closing.abort();
    for (const s of this.sockets) s.destroy();
    this.server?.close();
    this.server = undefined;
    this.client?.end();
    this.client = undefined;
    fs.rmSync(this.options.localSocket, { force: true });
    this.setState('closed');
  }

  private setState(state: SshLinkState, reason?: string): void {
    this.current = state;
    this.problem = reason;
    this.emit('state', state, reason);
  }

  private connectOnce(first: boolean): Promise<RemoteFacts> {
    const { target } = this.options;
    const known = knownKeyTypes(this.options.knownHostsFile, target.hostname === target.alias ? target.alias : target.alias, target.port);
    return new Promise<RemoteFacts>((resolve, reject) => {
      const client = new Client();
      let presented: HostKey | undefined;
      let verdict: HostKeyVerdict | undefined;
      let settled = false;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        client.end();
        reject(e instanceof UserError ? e : describeSshError(e, target));
      };
      const config: ConnectConfig = {
        host: target.hostname,
        port: target.port,
        username: target.user,
        readyTimeout: READY_TIMEOUT_MS,
        keepaliveInterval: 5000,
        keepaliveCountMax: 3,
        // Ask for a key type known_hosts already holds for this host, as OpenSSH does, so a host with
        // several keys is not mistaken for a changed one.
        algorithms: known.length ? { serverHostKey: orderHostKeyAlgorithms(known) } : undefined,
        hostVerifier: (blob: Buffer) => {
          presented = { type: keyTypeOf(blob), blob };
          // known_hosts lists hosts by the name the user typed (or its alias), as ssh does.
          verdict = checkHostKey(this.options.knownHostsFile, target.alias, target.port, presented);
          if (verdict.kind === 'known') return true;
          if (verdict.kind === 'unknown' && this.options.acceptFingerprint === verdict.fingerprint) return true;
          return false;
        },
        authHandler: authMethods(target, this.options.agent),
      };
      client.on('error', (e) => {
        if (!settled && presented && verdict && verdict.kind !== 'known' && !(verdict.kind === 'unknown' && this.options.acceptFingerprint === verdict.fingerprint)) {
          return fail(new HostKeyProblem(verdict, target));
        }
        fail(e);
      });
      client.on('ready', () => {
        // Requests are small writes each way; Nagle's algorithm would hold each behind the peer's delayed
        // acknowledgement (~40 ms a request, measured here).
        client.setNoDelay(true);
        void (async () => {
          try {
            const remoteSocket = this.options.remoteSocket ?? (await findRemoteSocket(client));
            const access = await checkRemoteSocket(client, remoteSocket);
            if (access === 'missing') throw new UserError(`There is no engine on ${target.alias}: nothing listens at ${remoteSocket}. Start Docker there (sudo systemctl start docker) and try again.`, 'engine-unreachable');
            if (access === 'denied') {
              throw new UserError(
                `${target.user} may not open ${remoteSocket} on ${target.alias}: add the user to the engine's group there (sudo usermod -aG docker ${target.user}), then sign in again.`,
                'permission-denied',
              );
            }
            const via = await forwardingMode(client, remoteSocket);
            if (!presented || !verdict) throw new Error('the server presented no host key');
            const facts: RemoteFacts = { remoteSocket, via, hostKey: presented, verdict };
            this.client = client;
            this.facts = facts;
            client.on('close', () => this.onDropped(client));
            settled = true;
            resolve(facts);
          } catch (e) {
            fail(e);
          }
        })();
      });
      if (!first) client.on('close', () => fail(new Error('The SSH connection closed while it was being made.')));
      client.connect(config);
    });
  }

  private onDropped(client: Client): void {
    if (this.client !== client || this.closing.signal.aborted) return;
    this.client = undefined;
    for (const s of this.sockets) s.destroy();
    this.setState('reconnecting', `The SSH connection to ${this.options.target.alias} dropped. Reconnecting…`);
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    let attempt = 0;
    while (!this.closing.signal.aborted) {
      await sleep(Math.min(RECONNECT_MIN_MS * 2 ** attempt, RECONNECT_MAX_MS), this.closing.signal);
      if (this.closing.signal.aborted) return;
      try {
        // A reconnection never trusts a new key: only what known_hosts (or the first confirmation) says.
        await this.connectOnce(false);
        this.setState('connected');
        return;
      } catch (e) {
        attempt++;
        this.setState('reconnecting', `${e instanceof Error ? e.message : String(e)} Retrying…`);
      }
    }
  }

  private listen(): Promise<void> {
    const file = this.options.localSocket;
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.rmSync(file, { force: true });
    const server = net.createServer((local) => this.bridge(local));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(file, () => {
        server.off('error', reject);
        fs.chmodSync(file, 0o600);
        resolve();
      });
    });
  }

  /** One local connection: one channel of the SSH connection to the engine's socket. */
  private bridge(local: net.Socket): void {
    const client = this.client;
    const facts = this.facts;
    if (!client || !facts || this.current !== 'connected') {
      local.destroy();
      return;
    }
    this.sockets.add(local);
    local.on('close', () => this.sockets.delete(local));
    local.pause();
    const attach = (err: Error | undefined, channel: ClientChannel) => {
      if (err || local.destroyed) {
        local.destroy();
        channel?.close();
        return;
      }
      local.on('error', () => channel.close());
      channel.on('error', () => local.destroy());
      channel.on('close', () => local.destroy());
      local.on('close', () => channel.close());
      local.pipe(channel).pipe(local);
      local.resume();
    };
    try {
      if (facts.via === 'stream-local') client.openssh_forwardOutStreamLocal(facts.remoteSocket, attach);
      else client.exec(`docker -H unix://${shellQuote(facts.remoteSocket)} system dial-stdio`, attach);
    } catch {
      local.destroy();
    }
  }
}

/** Agent keys first, then the identity files (unencrypted ones; a key with a passphrase belongs in the agent). */
function authMethods(target: SshTarget, agent: string | undefined): NonNullable<ConnectConfig['authHandler']> {
  const methods: NonNullable<ConnectConfig['authHandler']> = [];
  const list = methods as unknown as Array<Record<string, unknown>>;
  if (agent) list.push({ type: 'agent', username: target.user, agent });
  for (const file of target.identityFiles) {
    let key: Buffer;
    try {
      key = fs.readFileSync(file);
    } catch (e) {
      throw new UserError(`The key file ${file} could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): check its permissions.`, 'permission-denied');
    }
    if (/ENCRYPTED|Proc-Type: 4,ENCRYPTED/.test(key.toString('latin1', 0, 2000)) || isEncryptedOpenSshKey(key)) continue;
    list.push({ type: 'publickey', username: target.user, key });
  }
  return methods;
}

/** OpenSSH's own key format says "aes256-ctr" (not "none") as its cipher when the key has a passphrase. */
function isEncryptedOpenSshKey(pem: Buffer): boolean {
  const text = pem.toString('latin1');
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END/.exec(text);
  if (!m?.[1]) return false;
  const body = Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
  const magic = 'openssh-key-v1\0';
  if (body.toString('latin1', 0, magic.length) !== magic) return false;
  const len = body.readUInt32BE(magic.length);
  return body.toString('latin1', magic.length + 4, magic.length + 4 + len) !== 'none';
}

const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/** The key types known_hosts holds for the host, first (an ssh-rsa entry means any RSA signature). */
function orderHostKeyAlgorithms(known: string[]): NonNullable<NonNullable<ConnectConfig['algorithms']>['serverHostKey']> {
  const wanted = new Set(known.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t])));
  const ordered = [...HOST_KEY_ALGORITHMS.filter((a) => wanted.has(a)), ...HOST_KEY_ALGORITHMS.filter((a) => !wanted.has(a))];
  return ordered as never;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The engine socket the remote user's own `docker` would use: DOCKER_HOST when it is a unix socket. */
async function findRemoteSocket(client: Client): Promise<string> {
  try {
    const { stdout } = await execText(client, 'printf "%s" "$DOCKER_HOST"');
    const host = stdout.trim();
    if (host.startsWith('unix://')) return host.slice('unix://'.length);
  } catch {
    // A server that runs no commands: the default socket.
  }
  return DEFAULT_SOCKET;
}

async function checkRemoteSocket(client: Client, socket: string): Promise<'ok' | 'denied' | 'missing' | 'unknown'> {
  const q = shellQuote(socket);
  try {
    const { stdout } = await execText(client, `if [ ! -S ${q} ]; then echo missing; elif [ -r ${q} ] && [ -w ${q} ]; then echo ok; else echo denied; fi`);
    const word = stdout.trim();
    return word === 'ok' || word === 'denied' || word === 'missing' ? word : 'unknown';
  } catch {
    // The server runs no commands: the forward itself will tell.
    return 'unknown';
  }
}

/** Stream-local forwarding where the server allows it; `docker system dial-stdio` otherwise. */
async function forwardingMode(client: Client, socket: string): Promise<'stream-local' | 'dial-stdio'> {
  const refusal = await new Promise<Error | undefined>((resolve) => {
    client.openssh_forwardOutStreamLocal(socket, (err, channel) => {
      if (err) return resolve(err);
      channel.close();
      resolve(undefined);
    });
  });
  if (!refusal) return 'stream-local';
  const { stdout } = await execText(client, 'command -v docker || true').catch(() => ({ stdout: '' }));
  if (!stdout.trim()) {
    throw new UserError(
      `The SSH server refuses to forward the engine's socket (${refusal.message}) and has no docker command to fall back on. Allow it in sshd_config (AllowStreamLocalForwarding yes) or install the docker CLI there.`,
      'not-supported',
    );
  }
  return 'dial-stdio';
}
