/**
 * Stacks: a Compose file deployed to the swarm. Deploying drives the installed docker CLI
 * (`docker stack deploy`), so what Berth makes from a file is exactly what the CLI makes from it — the
 * same stance as Compose, which Berth never re-implements. Listing and removing need no CLI: a stack is
 * whatever carries its name in the com.docker.stack.namespace label.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { UserError } from '../contract/errors';
import type { StackSummary } from '../contract/swarm-types';
import { engineEnvironment } from '../compose/engine-env';
import { dial, swarmCall } from './engine-calls';
import { STACK_LABEL, toSummary } from './services';
import type { EngineService } from './services';

interface Labelled {
  /** Networks spell it Id. */
  ID?: string;
  Id?: string;
  Name?: string;
  Spec?: { Name: string; Labels?: Record<string, string> | null };
  Labels?: Record<string, string> | null;
}

const labelFilter = (name?: string) => JSON.stringify({ label: [name ? `${STACK_LABEL}=${name}` : STACK_LABEL] });

async function stackParts(docker: Docker, name?: string) {
  const query = { filters: labelFilter(name) };
  const [services, networks, secrets, configs] = await Promise.all([
    swarmCall(() => dial<EngineService[]>(docker, 'GET', '/services', { query: { ...query, status: true } })),
    dial<Labelled[]>(docker, 'GET', '/networks', { query }),
    dial<Labelled[]>(docker, 'GET', '/secrets', { query }),
    dial<Labelled[]>(docker, 'GET', '/configs', { query }),
  ]);
  return { services, networks, secrets, configs };
}

const stackOf = (o: Labelled) => (o.Spec?.Labels ?? o.Labels ?? {})[STACK_LABEL];

export async function listStacks(docker: Docker, only?: string): Promise<StackSummary[]> {
  const parts = await stackParts(docker, only);
  const stacks = new Map<string, StackSummary>();
  const stack = (name: string) => {
    let s = stacks.get(name);
    if (!s) stacks.set(name, (s = { name, services: [], networks: [], secrets: [], configs: [] }));
    return s;
  };
  for (const svc of parts.services) {
    const s = toSummary(svc);
    if (s.stack) stack(s.stack).services.push({ id: s.id, name: s.name, image: s.image, running: s.running, desired: s.desired });
  }
  for (const n of parts.networks) if (stackOf(n)) stack(stackOf(n)!).networks.push(n.Name ?? n.Id ?? '');
  for (const o of parts.secrets) if (stackOf(o)) stack(stackOf(o)!).secrets.push(o.Spec?.Name ?? o.ID ?? '');
  for (const o of parts.configs) if (stackOf(o)) stack(stackOf(o)!).configs.push(o.Spec?.Name ?? o.ID ?? '');
  for (const s of stacks.values()) s.services.sort((a, b) => a.name.localeCompare(b.name));
  return [...stacks.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Removes a stack's services first, then its networks, secrets and configs, as `docker stack rm` does. */
export async function removeStack(docker: Docker, name: string): Promise<{ name: string }> {
  const parts = await stackParts(docker, name);
  if (!parts.services.length && !parts.networks.length && !parts.secrets.length && !parts.configs.length) {
    throw new UserError(`There is no stack “${name}” (any more).`, 'not-found');
  }
  for (const s of parts.services) await dial(docker, 'DELETE', `/services/${s.ID}`).catch(ignoreGone);
  // A network is in use until the tasks on it are gone: retry briefly while they stop.
  for (const n of parts.networks) {
    for (let attempt = 0; ; attempt++) {
      try {
        await dial(docker, 'DELETE', `/networks/${n.Id ?? n.ID}`);
        break;
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 404) break;
        if (attempt >= 40) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }
  for (const o of parts.secrets) await dial(docker, 'DELETE', `/secrets/${o.ID ?? ''}`).catch(ignoreGone);
  for (const o of parts.configs) await dial(docker, 'DELETE', `/configs/${o.ID ?? ''}`).catch(ignoreGone);
  return { name };
}

function ignoreGone(e: unknown): void {
  if ((e as { statusCode?: number }).statusCode !== 404) throw e;
}

/** The docker CLI on PATH, or a sentence saying how to get it. */
function dockerCli(): string {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/bin', '/usr/bin'];
  const name = process.platform === 'win32' ? 'docker.exe' : 'docker';
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  throw new UserError(
    'Deploying a stack needs the docker command-line tool, which Berth drives so the stack is exactly what “docker stack deploy” makes. Install it (Debian and Ubuntu: apt-get install docker-cli or docker.io; macOS and Windows: Docker’s CLI) and try again.',
    'not-installed',
  );
}

/** The CLI's environment for the engine Berth is connected to: the one Compose gets (engine/compose/engine-env.ts). */
function cliEnvironment(docker: Docker): NodeJS.ProcessEnv {
  // The user's DOCKER_CONTEXT, DOCKER_HOST and TLS settings must not send the CLI elsewhere.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DOCKER_') || k === 'DOCKER_CONFIG'));
  return { ...env, ...engineEnvironment(docker), DOCKER_CLI_HINTS: 'false' };
}

function runCli(cli: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(cli, args, { env, cwd, encoding: 'utf8', timeout: 300_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: `${stdout}${stderr}`.trim() });
    });
  });
}

/** The CLI's words without its usage text or the digest warning every local image gets. */
function cliWords(output: string): string {
  return output
    .split('\n')
    .filter((l) => l.trim() && !/could not be accessed on a registry|independently,|possibly leading|versions of the image|^See 'docker/.test(l))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Deploys a Compose file as stack `name`. The file is checked by the CLI first (`docker stack config`),
 * so a file that is not valid Compose makes nothing. A first deploy that fails part way (an engine
 * refusing a secret's name, say) is undone, so no partial stack is left behind.
 */
export async function deployStack(docker: Docker, name: string, compose: string): Promise<StackSummary> {
  const cli = dockerCli();
  await swarmCall(() => dial(docker, 'GET', '/swarm'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-stack-'));
  try {
    fs.chmodSync(dir, 0o700);
    const file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(file, compose, { mode: 0o600 });
    const env = cliEnvironment(docker);
    const checked = await runCli(cli, ['stack', 'config', '-c', file], env, dir);
    if (checked.code !== 0) throw new UserError(`This is not a Compose file the stack can be deployed from: ${cliWords(checked.output).replace(new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '/?', 'g'), '')}`, 'invalid-input');
    const existed = (await listStacks(docker, name)).length > 0;
    const deployed = await runCli(cli, ['stack', 'deploy', '-c', file, name], env, dir);
    if (deployed.code !== 0) {
      const words = cliWords(deployed.output);
      if (!existed) {
        await removeStack(docker, name).catch(() => undefined);
        throw new UserError(`The stack ${name} could not be deployed, and nothing of it was left behind: ${words}`, 'engine-error');
      }
      throw new UserError(`Redeploying the stack ${name} failed part way (what was already updated stays): ${words}`, 'engine-error');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const [stack] = await listStacks(docker, name);
  if (!stack) throw new UserError(`The docker CLI deployed ${name}, but the swarm shows nothing of it.`, 'engine-error');
  return stack;
}
