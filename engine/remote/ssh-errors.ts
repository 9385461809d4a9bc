/** What went wrong reaching an engine over SSH, in words the user can act on. */
import { UserError } from '../contract/errors';
import type { HostKeyVerdict } from './known-hosts';
import { knownHostName } from './known-hosts';
import type { SshTarget } from './ssh-target';

/** The host key is not the one known_hosts holds, or known_hosts does not list the host yet. */
export class HostKeyProblem extends UserError {
  constructor(
    readonly verdict: Exclude<HostKeyVerdict, { kind: 'known' }>,
    target: SshTarget,
  ) {
    super(
      verdict.kind === 'unknown'
        ? `${target.alias} is not in your known hosts. Its ${verdict.type} key has the fingerprint ${verdict.fingerprint}: trust it only if that is the fingerprint of the machine you mean.`
        : `The host key of ${target.alias} has changed (now ${verdict.type} ${verdict.fingerprint}; ${verdict.file} line ${verdict.line} holds another). ` +
            `Someone may be intercepting the connection, or the machine was reinstalled. Berth will not connect. If you know the machine was reinstalled, remove the old key with: ssh-keygen -R '${knownHostName(target.alias, target.port)}'`,
      verdict.kind === 'unknown' ? 'conflict' : 'permission-denied',
    );
  }
}

export function describeSshError(e: unknown, target: SshTarget): UserError {
  if (e instanceof UserError) return e;
  const err = e as (Error & { code?: string; level?: string }) | undefined;
  const where = `${target.hostname}:${target.port}`;
  const message = err?.message ?? String(e);
  switch (err?.code) {
    case 'ECONNREFUSED':
      return new UserError(`Nothing accepts SSH connections at ${where}: check the host and port, and that sshd runs there.`, 'engine-unreachable');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UserError(`The host “${target.hostname}” could not be found: check its name (and HostName in ~/.ssh/config).`, 'engine-unreachable');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new UserError(`${where} cannot be reached from this machine: check the network or VPN.`, 'engine-unreachable');
    case 'ETIMEDOUT':
      return new UserError(`${where} did not answer: check the host, the port and any firewall between.`, 'engine-unreachable');
    case 'ECONNRESET':
      return new UserError(`${where} closed the connection before SSH could start: is it an SSH server?`, 'engine-unreachable');
  }
  if (err?.level === 'client-authentication') {
    const keys = target.identityFiles.length ? target.identityFiles.join(', ') : 'none found in ~/.ssh';
    return new UserError(
      `${target.hostname} refused every key Berth offered for ${target.user} (the SSH agent's, then ${keys}). Add your public key to ~/.ssh/authorized_keys of ${target.user} there, or load the right key into your agent with ssh-add. A key protected by a passphrase must be in the agent.`,
      'permission-denied',
    );
  }
  if (err?.level === 'client-timeout' || /Timed out while waiting for handshake/.test(message)) {
    return new UserError(`${where} did not complete the SSH handshake in time: is it an SSH server, and is it reachable?`, 'engine-unreachable');
  }
  return new UserError(`The SSH connection to ${where} failed: ${message}`, 'engine-unreachable');
}
