/**
 * The Engines page's remote side: adding an engine on another machine (checked, then saved as a docker
 * context), removing one Berth added, and the overview of every engine, each asked on its own so one that
 * does not answer never holds up the rest.
 */
import os from 'node:os';
import type Docker from 'dockerode';
import type { EngineOverview, remoteEngineMethods } from '../contract/remote-engines';
import { UserError } from '../contract/errors';
import type { EngineEndpoint } from '../contract/types';
import { openEngineClient } from '../docker/client';
import type { Offered } from '../engine-pool';
import { addRemoteEngine } from '../remote/add-engine';
import { readContext, removeContext } from '../remote/contexts';
import type { SshLinks } from '../remote/ssh-links';
import type { MethodHandlersFor } from './engine-access';

/** How long one engine may take to say what it is before the overview shows it as not answering. */
const OVERVIEW_TIMEOUT_MS = 4000;

export interface RemoteEngineHost {
  readonly sshLinks: SshLinks;
  readonly runtimeDir: string;
  offered(): Offered[];
  /** The live connection's client for an engine, when Berth is connected to it already. */
  liveDocker(id: string): Docker | undefined;
  /** An engine's address made openable (an SSH engine's local socket). */
  dialAddress(host: string): Promise<string>;
  /** A context Berth removed: stop using it where it was in use. */
  forgetEngine(id: string, host: string): Promise<void>;
}

interface InfoAnswer {
  ServerVersion?: string;
  OperatingSystem?: string;
  OSType?: string;
  Architecture?: string;
  Containers?: number;
  ContainersRunning?: number;
  Images?: number;
  NCPU?: number;
  MemTotal?: number;
  Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean };
}

function swarmRole(info: InfoAnswer): NonNullable<EngineOverview['facts']>['swarm'] {
  const state = info.Swarm?.LocalNodeState;
  if (state === 'active') return info.Swarm?.ControlAvailable ? 'manager' : 'worker';
  if (state === 'pending' || state === 'error' || state === 'locked') return state;
  return 'inactive';
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new UserError(`${what} did not answer within ${ms / 1000} s.`, 'engine-unreachable')), ms)));
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

async function overviewOf(host: RemoteEngineHost, offered: Offered): Promise<EngineOverview> {
  const { tlsPath, ...candidate } = offered.candidate;
  const contextName = candidate.id.startsWith('context:') ? candidate.id.slice('context:'.length) : undefined;
  const removable = contextName ? (readContext(contextName)?.madeByBerth ?? false) : false;
  const link = candidate.host.startsWith('ssh://') ? host.sshLinks.linkFor(candidate.host) : undefined;
  const linkState = link ? { state: link.state, reason: link.reason } : undefined;
  try {
    const info = await withTimeout(
      (async () => {
        let docker = host.liveDocker(candidate.id);
        if (!docker) {
          const address = await host.dialAddress(candidate.host);
          docker = (await openEngineClient(address, tlsPath ? { certPath: tlsPath, verify: true } : undefined, OVERVIEW_TIMEOUT_MS)).docker;
        }
        return (await docker.info()) as InfoAnswer;
      })(),
      OVERVIEW_TIMEOUT_MS,
      candidate.label,
    );
    const endpoint: EngineEndpoint = { ...candidate, reachable: true, version: info.ServerVersion };
    return {
      endpoint,
      removable,
      link: linkState,
      facts: {
        version: info.ServerVersion ?? 'unknown',
        os: info.OperatingSystem ?? info.OSType ?? 'unknown',
        arch: info.Architecture ?? 'unknown',
        containersRunning: info.ContainersRunning ?? 0,
        containersTotal: info.Containers ?? 0,
        images: info.Images ?? 0,
        cpus: info.NCPU ?? 0,
        memoryBytes: info.MemTotal ?? 0,
        swarm: swarmRole(info),
      },
    };
  } catch (e) {
    const problem = (e instanceof Error ? e.message : String(e)).split(`unix://${link?.localSocket ?? '\0'}`).join(candidate.host);
    return { endpoint: { ...candidate, reachable: false, problem }, removable, link: linkState };
  }
}

export function remoteEngineHandlers(host: RemoteEngineHost): MethodHandlersFor<typeof remoteEngineMethods> {
  return {
    'engine.remote.add': async (input) => {
      const result = await addRemoteEngine(input, { links: host.sshLinks, runtimeDir: host.runtimeDir, env: process.env, home: os.homedir() });
      if (result.status === 'unknown-host') return result;
      const offered = host.offered().find((o) => o.candidate.id === `context:${result.name}`);
      if (!offered) throw new UserError(`The context “${result.name}” was saved, but Berth does not see it: is DOCKER_CONFIG set differently for Berth and the CLI?`, 'internal');
      const { tlsPath: _tls, ...candidate } = offered.candidate;
      return { status: 'added', endpoint: { ...candidate, reachable: true } };
    },
    'engine.remote.remove': async ({ name }) => {
      const context = readContext(name);
      removeContext(name);
      if (context) await host.forgetEngine(`context:${name}`, context.host);
      return { removed: name };
    },
    'engine.overview': async () => {
      const offered = host.offered();
      const all = await Promise.all(offered.map((o) => overviewOf(host, o)));
      // As in the engine list: an engine Berth can start is shown while stopped; others only when they answer.
      return all.filter((e, i) => e.endpoint.reachable || offered[i]!.provider.listedWhenStopped(offered[i]!.candidate));
    },
  };
}
