/**
 * Adding an engine on another machine: everything is checked (the address, the name, the files, the host
 * key, the connection, the engine's API) before anything is saved, and a failure leaves nothing behind —
 * no context, no TLS files, no open link.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { UserError } from '../contract/errors';
import type { AddRemoteEngineResult, addRemoteEngineInput } from '../contract/remote-engines';
import { openEngineClient } from '../docker/client';
import { checkContextName, createContext, readContext } from './contexts';
import { addKnownHost } from './known-hosts';
import { HostKeyProblem } from './ssh-errors';
import type { SshLinks } from './ssh-links';
import { sshAddress, resolveSshTarget } from './ssh-target';
import { describeTlsError, readTlsFiles } from './tls-files';

export type AddRemoteEngineInput = z.output<typeof addRemoteEngineInput>;

export interface AddEngineDeps {
  links: SshLinks;
  /** A private folder (0700) for checking TLS files before they are saved. */
  runtimeDir: string;
  env: NodeJS.ProcessEnv;
  home: string;
}

/** The engine's address as the docker CLI stores it, checked: ssh://…, tcp://host:port. */
export function parseRemoteAddress(address: string): { kind: 'ssh' | 'tcp'; host: string; port: number } {
  const a = address.trim();
  if (/\s/.test(a)) throw new UserError(`“${address}” has a space in it: write ssh://user@host[:port] or tcp://host:port.`, 'invalid-input');
  if (a.startsWith('ssh://')) return { kind: 'ssh', host: a, port: 0 };
  if (!a.startsWith('tcp://')) throw new UserError(`“${address}” is not an engine address Berth can add: write ssh://user@host[:port] or tcp://host:port.`, 'invalid-input');
  const m = /^tcp:\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::(\d+))?\/?$/.exec(a);
  if (!m?.[1]) throw new UserError(`“${address}” is not a tcp:// address: write tcp://host:port, e.g. tcp://build.example.com:2376.`, 'invalid-input');
  const port = m[2] ? Number(m[2]) : 2376;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError(`Port ${m[2]} is out of range: use a port from 1 to 65535.`, 'invalid-input');
  return { kind: 'tcp', host: m[1], port };
}

/** Saved as a context (the caller offers it as an engine), or the host key to confirm first. */
export type AddOutcome = Extract<AddRemoteEngineResult, { status: 'unknown-host' }> | { status: 'saved'; name: string; host: string };

export async function addRemoteEngine(input: AddRemoteEngineInput, deps: AddEngineDeps): Promise<AddOutcome> {
  checkContextName(input.name);
  if (readContext(input.name, deps.env)) throw new UserError(`A docker context named “${input.name}” already exists: choose another name.`, 'conflict');
  const parsed = parseRemoteAddress(input.address);
  if (parsed.kind === 'ssh') return addSsh(input, deps);
  return addTcp(input, parsed, deps);
}

async function addSsh(input: AddRemoteEngineInput, deps: AddEngineDeps): Promise<AddOutcome> {
  if (input.tls) throw new UserError('An SSH engine needs no certificates: the SSH connection protects it. Leave the TLS files empty.', 'invalid-input');
  const target = resolveSshTarget(input.address, deps.home);
  let trial;
  try {
    trial = await deps.links.trial(input.address, input.trustFingerprint);
  } catch (e) {
    if (e instanceof HostKeyProblem && e.verdict.kind === 'unknown') {
      return { status: 'unknown-host', host: target.alias, keyType: e.verdict.type, fingerprint: e.verdict.fingerprint };
    }
    throw e;
  }
  const { link, facts } = trial;
  try {
    await openEngineClient(`unix://${link.localSocket}`, undefined, 8000).catch((e: unknown) => {
      const message = e instanceof UserError && e.code === 'not-supported' ? e.message.replace(`unix://${link.localSocket}`, target.alias) : undefined;
      throw new UserError(message ?? `The engine on ${target.alias} (${facts.remoteSocket}) did not answer through SSH: is it running?`, e instanceof UserError ? e.code : 'engine-unreachable');
    });
    const host = sshAddress(target);
    if (facts.verdict.kind === 'unknown') addKnownHost(deps.links.knownHosts, target.alias, target.port, facts.hostKey);
    createContext(input.name, host, { description: `Added in Berth: ${target.user}@${target.alias} over SSH` }, deps.env);
    deps.links.adopt(input.address, link, facts);
    return { status: 'saved', name: input.name, host };
  } catch (e) {
    link.close();
    throw e;
  }
}

async function addTcp(
  input: AddRemoteEngineInput,
  parsed: { host: string; port: number },
  deps: AddEngineDeps,
): Promise<{ status: 'saved'; name: string; host: string }> {
  const host = `tcp://${parsed.host}:${parsed.port}`;
  if (!input.tls) {
    if (!input.acceptPlainTcp) {
      throw new UserError(
        `${host} without TLS is open to anyone who can reach that port, and whoever reaches it controls the machine (root on the host). Choose the engine's CA, certificate and key, or confirm that you accept this.`,
        'invalid-input',
      );
    }
    await openEngineClient(host, undefined, 8000);
    createContext(input.name, host, { description: `Added in Berth: ${parsed.host}:${parsed.port} without TLS` }, deps.env);
    return { status: 'saved', name: input.name, host };
  }
  const material = readTlsFiles(input.tls);
  // The client opens TLS files from a folder; check them from a private one before saving anything.
  const check = fs.mkdtempSync(path.join(deps.runtimeDir, 'tls-check-'));
  try {
    fs.chmodSync(check, 0o700);
    fs.writeFileSync(path.join(check, 'ca.pem'), material.ca, { mode: 0o600 });
    fs.writeFileSync(path.join(check, 'cert.pem'), material.cert, { mode: 0o600 });
    fs.writeFileSync(path.join(check, 'key.pem'), material.key, { mode: 0o600 });
    try {
      await openEngineClient(host, { certPath: check, verify: true }, 8000);
    } catch (e) {
      const words = describeTlsError(e, host);
      throw words ? new UserError(words, 'permission-denied') : e;
    }
  } finally {
    fs.rmSync(check, { recursive: true, force: true });
  }
  createContext(input.name, host, { description: `Added in Berth: ${parsed.host}:${parsed.port} with TLS`, tls: material }, deps.env);
  return { status: 'saved', name: input.name, host };
}
