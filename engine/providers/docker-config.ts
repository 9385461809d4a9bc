/**
 * Reads the Docker CLI's own configuration: the current context and its endpoint, so Berth talks to the
 * engine the user's `docker` command talks to. Format: ~/.docker/config.json (`currentContext`) and
 * ~/.docker/contexts/meta/<sha256 of name>/meta.json; TLS files under ~/.docker/contexts/tls/<same>/docker.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export interface DockerContext {
  name: string;
  host: string;
  /** Folder with ca.pem/cert.pem/key.pem when the context uses TLS. */
  tlsPath?: string;
  skipTlsVerify: boolean;
  current: boolean;
}

const configFile = z.object({ currentContext: z.string().optional() }).passthrough();
const metaFile = z
  .object({
    Name: z.string(),
    Endpoints: z.record(z.string(), z.object({ Host: z.string().optional(), SkipTLSVerify: z.boolean().optional() }).passthrough()),
  })
  .passthrough();

export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The context the CLI uses now: DOCKER_CONTEXT, else config.json's currentContext, else "default". */
export function currentContextName(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
  const parsed = configFile.safeParse(readJson(path.join(dockerConfigDir(env), 'config.json')));
  return (parsed.success && parsed.data.currentContext) || 'default';
}

/** Every context defined with `docker context create`, with the docker endpoint of each. */
export function listContexts(env: NodeJS.ProcessEnv = process.env): DockerContext[] {
  const dir = dockerConfigDir(env);
  const metaDir = path.join(dir, 'contexts', 'meta');
  const current = currentContextName(env);
  let entries: string[];
  try {
    entries = fs.readdirSync(metaDir);
  } catch {
    return [];
  }
  const contexts: DockerContext[] = [];
  for (const entry of entries) {
    const parsed = metaFile.safeParse(readJson(path.join(metaDir, entry, 'meta.json')));
    if (!parsed.success) continue;
    const docker = parsed.data.Endpoints.docker;
    if (!docker?.Host) continue;
    const digest = crypto.createHash('sha256').update(parsed.data.Name).digest('hex');
    const tlsPath = path.join(dir, 'contexts', 'tls', digest, 'docker');
    contexts.push({
      name: parsed.data.Name,
      host: docker.Host,
      tlsPath: fs.existsSync(path.join(tlsPath, 'ca.pem')) ? tlsPath : undefined,
      skipTlsVerify: docker.SkipTLSVerify ?? false,
      current: parsed.data.Name === current,
    });
  }
  return contexts.sort((a, b) => Number(b.current) - Number(a.current) || a.name.localeCompare(b.name));
}
