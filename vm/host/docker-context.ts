/**
 * A `docker context` named `berth` for the VM's socket, so `docker --context berth ps` works. It is written
 * the way the docker CLI stores contexts (~/.docker/contexts/meta/<sha256 of name>/meta.json), so the
 * CLI need not be installed; the user's current context is changed only when asked.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CONTEXT_NAME = 'berth';

function configDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
}

function metaFile(name: string, env: NodeJS.ProcessEnv): string {
  const id = crypto.createHash('sha256').update(name).digest('hex');
  return path.join(configDir(env), 'contexts', 'meta', id, 'meta.json');
}

/** The host the context points at now, if it exists. */
export function readContextHost(name = CONTEXT_NAME, env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    const meta = JSON.parse(fs.readFileSync(metaFile(name, env), 'utf8')) as { Endpoints?: { docker?: { Host?: string } } };
    return meta.Endpoints?.docker?.Host;
  } catch {
    return undefined;
  }
}

/** Creates or updates the context for an engine address (unix://… or npipe://…); returns whether anything changed. */
export function ensureDockerContext(host: string, env: NodeJS.ProcessEnv = process.env, name = CONTEXT_NAME): boolean {
  if (readContextHost(name, env) === host) return false;
  const file = metaFile(name, env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  const meta = {
    Name: name,
    Metadata: { Description: 'Berth’s Linux VM' },
    Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
  };
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(meta));
  fs.renameSync(`${file}.tmp`, file);
  return true;
}

/** Makes `berth` the CLI's current context (only when the user asks: `berth vm start --use-context`). */
export function useDockerContext(env: NodeJS.ProcessEnv = process.env, name = CONTEXT_NAME): void {
  const file = path.join(configDir(env), 'config.json');
  let config: Record<string, unknown> = {};
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // no config yet
  }
  config.currentContext = name;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(config, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

/** The CLI's current context name, as it would use it. */
export function currentDockerContext(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
  try {
    const config = JSON.parse(fs.readFileSync(path.join(configDir(env), 'config.json'), 'utf8')) as { currentContext?: string };
    return config.currentContext || 'default';
  } catch {
    return 'default';
  }
}
