/**
 * Finds the Compose installed on this machine. Berth never implements Compose: it runs the one the user
 * has, preferring, in this order,
 *   1. BERTH_COMPOSE (a command the user names, e.g. `/opt/bin/docker-compose`),
 *   2. the one chosen in Berth (kept with the Compose settings),
 *   3. the `docker compose` plugin (Compose v2, what Docker ships today),
 *   4. a `docker-compose` a package of Berth carries in its resources,
 *   5. a standalone `docker-compose` on the PATH (v2 first; v1, the Python one Debian ships, still works),
 *   6. `podman-compose`, for Podman.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { onPath } from '../find-executable';
import type { ComposeFound, ComposeKind, ComposeTool } from '../contract/compose-types';

/** How to run a Compose: the program and the arguments that come before Compose's own. */
export interface ComposeCommand extends ComposeFound {
  program: string;
  prefix: string[];
}

const VERSION_TIMEOUT_MS = 10_000;

function output(program: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: VERSION_TIMEOUT_MS, env: { ...process.env, DOCKER_CLI_HINTS: 'false' } }, (error, stdout, stderr) =>
      resolve(error ? undefined : `${stdout}\n${stderr}`),
    );
  });
}

/** The first version number in a program's answer: `docker-compose version 1.29.2, build unknown` → 1.29.2. */
export function versionIn(text: string): string | undefined {
  return /v?(\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?)/.exec(text)?.[1];
}

async function probe(kind: ComposeKind, program: string, prefix: string[], versionArgs: string[]): Promise<ComposeCommand | undefined> {
  const answer = await output(program, [...prefix, ...versionArgs]);
  const version = answer && versionIn(kind === 'podman-compose' ? (/podman-compose\S*\s+version\s+(\S+)/i.exec(answer)?.[0] ?? answer) : answer);
  if (!version) return undefined;
  const generation = kind === 'podman-compose' || !version.startsWith('1.') ? 2 : 1;
  const command = [program, ...prefix].join(' ');
  return { kind, command, version, generation, program, prefix };
}


function packaged(): string | undefined {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (!resources) return undefined;
  const file = path.join(resources, 'compose', process.platform === 'win32' ? 'docker-compose.exe' : 'docker-compose');
  return fs.existsSync(file) ? file : undefined;
}

/** Every Compose on this machine, in the order of preference. */
export async function findComposes(env: NodeJS.ProcessEnv = process.env): Promise<ComposeCommand[]> {
  const docker = onPath('docker');
  const standalone = onPath('docker-compose');
  const bundled = packaged();
  const podmanCompose = onPath('podman-compose');
  const found = await Promise.all([
    docker ? probe('plugin', docker, ['compose'], ['version', '--short']) : undefined,
    bundled ? probe('standalone', bundled, [], ['version', '--short']) : undefined,
    standalone ? probe('standalone', standalone, [], ['version', '--short']) : undefined,
    podmanCompose ? probe('podman-compose', podmanCompose, [], ['version']) : undefined,
  ]);
  const all = found.filter((f): f is ComposeCommand => Boolean(f));
  // Among standalone ones, v2 before v1; otherwise the order above.
  const rank = (c: ComposeCommand) => (c.kind === 'plugin' ? 0 : c.kind === 'standalone' ? (c.generation === 2 ? 1 : 2) : 3);
  const ordered = all.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map((x) => x.c);
  const named = env.BERTH_COMPOSE?.trim();
  if (named) {
    const [program, ...prefix] = named.split(/\s+/);
    const own = program && (await probe(prefix[0] === 'compose' ? 'plugin' : /podman-compose$/.test(program) ? 'podman-compose' : 'standalone', program, prefix, ['version']));
    if (own) return [own, ...ordered.filter((c) => c.command !== own.command)];
  }
  return ordered;
}

export const INSTALL_HINT =
  'No Compose was found on this machine. Install Docker’s Compose plugin (package docker-compose-plugin, or Docker Desktop), a standalone docker-compose (Debian and Ubuntu: apt install docker-compose), or podman-compose for Podman, then open this page again.';

/** Which Compose to run: the user's choice when it is still installed, otherwise the first found. */
export function chooseCompose(found: ComposeCommand[], chosenCommand: string | undefined, env: NodeJS.ProcessEnv = process.env): { chosen?: ComposeCommand; tool: ComposeTool } {
  const strip = ({ program: _p, prefix: _x, ...f }: ComposeCommand): ComposeFound => f;
  if (!found.length) return { tool: { found: [], reason: 'Nothing found.', installHint: INSTALL_HINT } };
  const first = found[0]!;
  if (env.BERTH_COMPOSE?.trim() && first.command === env.BERTH_COMPOSE.trim()) {
    return { chosen: first, tool: { chosen: strip(first), found: found.map(strip), reason: 'BERTH_COMPOSE names it.' } };
  }
  const picked = chosenCommand ? found.find((c) => c.command === chosenCommand) : undefined;
  if (picked) return { chosen: picked, tool: { chosen: strip(picked), found: found.map(strip), reason: 'You chose it in Berth.' } };
  const reason =
    first.kind === 'plugin'
      ? 'The docker compose plugin comes first: it is the Compose Docker ships today.'
      : first.kind === 'standalone'
        ? `No docker compose plugin was found, so Berth runs the standalone docker-compose${first.generation === 1 ? ' (Compose v1: it works, though Docker no longer updates it)' : ''}.`
        : 'Neither the docker compose plugin nor docker-compose was found, so Berth runs podman-compose.';
  const missingChoice = chosenCommand && !picked ? ` The one you chose (${chosenCommand}) is no longer found.` : '';
  return { chosen: first, tool: { chosen: strip(first), found: found.map(strip), reason: reason + missingChoice } };
}
