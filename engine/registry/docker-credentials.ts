/**
 * The docker CLI's registry logins, used as they are: `auths` in ~/.docker/config.json (base64 user:password
 * or an identity token), per-registry `credHelpers`, and the default `credsStore`. A helper is the program
 * `docker-credential-<name>`, asked with `get` and the server address on stdin, as the CLI asks it.
 * Berth only reads these; `docker login` and `docker logout` own them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dockerConfigDir } from '../providers/docker-config';
import type { RegistryCredential } from './credential-store';

/** How the CLI names Docker Hub in its config and to its helpers. */
export const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';
const HELPER_TIMEOUT_MS = 10_000;

const configSchema = z
  .object({
    auths: z.record(z.string(), z.object({ auth: z.string().optional(), identitytoken: z.string().optional() }).passthrough()).optional(),
    credHelpers: z.record(z.string(), z.string().regex(/^[\w.-]+$/)).optional(),
    credsStore: z.string().regex(/^[\w.-]+$/).optional(),
  })
  .passthrough();

export type DockerConfig = z.infer<typeof configSchema>;

/** `https://index.docker.io/v1/`, `index.docker.io` and `docker.io` are all Docker Hub; other keys lose scheme and path. */
export function registryKey(address: string): string {
  const host = address.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  return host === 'index.docker.io' || host === 'registry-1.docker.io' || host === 'docker.io' ? 'docker.io' : host;
}

/** The server address the CLI and its helpers use for a registry. */
export function serverAddress(registry: string): string {
  return registry === 'docker.io' ? DOCKER_HUB_SERVER : registry;
}

export function readDockerConfig(env: NodeJS.ProcessEnv = process.env): DockerConfig {
  try {
    const parsed = configSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dockerConfigDir(env), 'config.json'), 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Runs a credential helper; resolves with its stdout, or undefined when it fails or is not installed. */
function runHelper(helper: string, verb: 'get' | 'list', input: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(`docker-credential-${helper}`, [verb], { stdio: ['pipe', 'pipe', 'ignore'] });
    } catch {
      resolve(undefined);
      return;
    }
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), HELPER_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? out : undefined);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

const helperAnswer = z.object({ Username: z.string(), Secret: z.string() }).passthrough();

export async function helperGet(helper: string, registry: string): Promise<RegistryCredential | undefined> {
  const out = await runHelper(helper, 'get', serverAddress(registry));
  if (!out) return undefined;
  try {
    const { Username, Secret } = helperAnswer.parse(JSON.parse(out));
    if (!Secret) return undefined;
    // The helper protocol marks an identity token with this user name.
    return Username === '<token>' ? { username: '', secret: Secret, identityToken: true } : { username: Username, secret: Secret };
  } catch {
    return undefined;
  }
}

/** Registry → user name, as a helper lists what it holds. */
export async function helperList(helper: string): Promise<Record<string, string>> {
  const out = await runHelper(helper, 'list', '');
  if (!out) return {};
  try {
    const listed = z.record(z.string(), z.string()).parse(JSON.parse(out));
    return Object.fromEntries(Object.entries(listed).map(([server, user]) => [registryKey(server), user]));
  } catch {
    return {};
  }
}

function fromAuthField(entry: { auth?: string; identitytoken?: string }): RegistryCredential | undefined {
  if (entry.identitytoken) return { username: '', secret: entry.identitytoken, identityToken: true };
  if (!entry.auth) return undefined;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** The CLI's credential for a registry, looked up in the order the CLI uses. */
export async function dockerCliCredential(registry: string, config: DockerConfig = readDockerConfig()): Promise<RegistryCredential | undefined> {
  const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => registryKey(key) === registry)?.[1];
  if (helper) return helperGet(helper, registry);
  if (config.credsStore) {
    const found = await helperGet(config.credsStore, registry);
    if (found) return found;
  }
  const entry = Object.entries(config.auths ?? {}).find(([key]) => registryKey(key) === registry)?.[1];
  return entry ? fromAuthField(entry) : undefined;
}

export interface CliLogin {
  registry: string;
  username?: string;
  helper?: string;
}

/** The registries the CLI has logins for, without their secrets. */
export async function dockerCliLogins(config: DockerConfig = readDockerConfig()): Promise<CliLogin[]> {
  const logins = new Map<string, CliLogin>();
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    const registry = registryKey(key);
    const credential = fromAuthField(entry);
    // With a credsStore, auths holds empty entries that only say a login exists in the store.
    if (credential) logins.set(registry, { registry, username: credential.username || undefined });
    else if (config.credsStore) logins.set(registry, { registry, helper: config.credsStore });
  }
  if (config.credsStore) {
    for (const [registry, username] of Object.entries(await helperList(config.credsStore))) {
      logins.set(registry, { registry, username: username === '<token>' ? undefined : username, helper: config.credsStore });
    }
  }
  for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
    const registry = registryKey(key);
    logins.set(registry, { registry, helper });
  }
  return [...logins.values()];
}
