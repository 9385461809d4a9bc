/**
 * Engines the user adds in Berth are saved as docker contexts, in the docker CLI's own layout
 * (`~/.docker/contexts/meta/<sha256 of name>/meta.json`, TLS files under `contexts/tls/<same>/docker/`),
 * so `docker --context NAME …` reaches the same engine under the same name. Berth marks the contexts it
 * makes and only ever edits or removes those: a context the user made with the CLI is theirs.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../contract/errors';
import { dockerConfigDir } from '../providers/docker-config';

/** The mark in a context's Metadata that says Berth made it. */
const MADE_BY = 'Berth';

/** The names the docker CLI accepts for a context (and "default" is its own). */
export const CONTEXT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]*$/;

export interface SavedContext {
  name: string;
  host: string;
  description: string;
  madeByBerth: boolean;
  /** Folder with ca.pem, cert.pem, key.pem when the context holds TLS material. */
  tlsPath?: string;
}

export interface TlsMaterial {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

function digest(name: string): string {
  return crypto.createHash('sha256').update(name).digest('hex');
}

function metaDir(name: string, env: NodeJS.ProcessEnv): string {
  return path.join(dockerConfigDir(env), 'contexts', 'meta', digest(name));
}

function tlsDir(name: string, env: NodeJS.ProcessEnv): string {
  return path.join(dockerConfigDir(env), 'contexts', 'tls', digest(name));
}

export function checkContextName(name: string): void {
  if (name === 'default') throw new UserError('“default” is the docker CLI’s own context: choose another name.', 'invalid-input');
  if (!CONTEXT_NAME.test(name) || name.length > 100) {
    throw new UserError(`“${name}” cannot name a docker context: use letters, digits and . _ + - (starting with a letter or digit).`, 'invalid-input');
  }
}

export function readContext(name: string, env: NodeJS.ProcessEnv = process.env): SavedContext | undefined {
  let meta: { Name?: string; Metadata?: { Description?: string; MadeBy?: string }; Endpoints?: { docker?: { Host?: string } } };
  try {
    meta = JSON.parse(fs.readFileSync(path.join(metaDir(name, env), 'meta.json'), 'utf8')) as typeof meta;
  } catch {
    return undefined;
  }
  const tls = path.join(tlsDir(name, env), 'docker');
  return {
    name,
    host: meta.Endpoints?.docker?.Host ?? '',
    description: meta.Metadata?.Description ?? '',
    madeByBerth: meta.Metadata?.MadeBy === MADE_BY,
    tlsPath: fs.existsSync(path.join(tls, 'ca.pem')) ? tls : undefined,
  };
}

/** Writes a new context (refused when the name is taken, whoever took it). TLS files are kept 0600. */
export function createContext(
  name: string,
  host: string,
  options: { description: string; tls?: TlsMaterial; skipTlsVerify?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): SavedContext {
  checkContextName(name);
  if (readContext(name, env)) throw new UserError(`A docker context named “${name}” already exists: choose another name.`, 'conflict');
  const dir = metaDir(name, env);
  const tls = tlsDir(name, env);
  try {
    if (options.tls) {
      const docker = path.join(tls, 'docker');
      fs.mkdirSync(docker, { recursive: true, mode: 0o700 });
      fs.writeFileSync(path.join(docker, 'ca.pem'), options.tls.ca, { mode: 0o600 });
      fs.writeFileSync(path.join(docker, 'cert.pem'), options.tls.cert, { mode: 0o600 });
      fs.writeFileSync(path.join(docker, 'key.pem'), options.tls.key, { mode: 0o600 });
    }
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    const meta = {
      Name: name,
      Metadata: { Description: options.description, MadeBy: MADE_BY },
      Endpoints: { docker: { Host: host, SkipTLSVerify: options.skipTlsVerify ?? false } },
    };
    const file = path.join(dir, 'meta.json');
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(meta), { mode: 0o644 });
    fs.renameSync(`${file}.tmp`, file);
  } catch (e) {
    // Nothing half-made is left: no meta without its TLS files, no TLS files without a meta.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(tls, { recursive: true, force: true });
    throw new UserError(`The context “${name}” could not be saved in ${dockerConfigDir(env)}: ${(e as Error).message}`, 'permission-denied');
  }
  return readContext(name, env) as SavedContext;
}

/** Removes a context Berth made (and its TLS files); a context Berth did not make is refused in words. */
export function removeContext(name: string, env: NodeJS.ProcessEnv = process.env): void {
  const ctx = readContext(name, env);
  if (!ctx) throw new UserError(`There is no docker context named “${name}”.`, 'not-found');
  if (!ctx.madeByBerth) {
    throw new UserError(`The docker context “${name}” was not made by Berth, so Berth leaves it alone: remove it with docker context rm ${name}.`, 'conflict');
  }
  fs.rmSync(metaDir(name, env), { recursive: true, force: true });
  fs.rmSync(tlsDir(name, env), { recursive: true, force: true });
}
