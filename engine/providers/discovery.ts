/**
 * Finds every engine Berth could use on this machine, in the order Berth prefers them when the user has
 * not chosen: DOCKER_HOST, the CLI's current context (and the other contexts), the system socket,
 * rootless Docker, Podman (rootless, then system), and Berth's own managed engine.
 */
import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import type { EngineEndpoint } from '../contract/types';
import { openEngineClient } from '../docker/client';
import { listContexts } from './docker-config';
import { openConnection } from './provider';
import type { EngineCandidate, EngineDialer, EngineProvider, ProviderState } from './provider';

export type { EngineCandidate } from './provider';

/**
 * The engines found on this machine as a provider. It runs none of them: Berth never starts or stops
 * them. A context pointing at an engine another provider offers (the `berth` context Berth made for its
 * VM) is left to that provider, which offers it under its own name.
 */
export class MachineEngines extends EventEmitter<{ state: [ProviderState] }> implements EngineProvider {
  readonly id = 'machine';
  readonly label = 'Engines on this machine';

  constructor(
    private readonly hostsOfOthers: () => string[],
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** Opens what an address needs first (an SSH link for ssh://) and says where to connect. */
    private readonly dial?: EngineDialer,
  ) {
    super();
  }

  discover(): EngineCandidate[] {
    return discoveredEngines({ env: this.env, skipHosts: this.hostsOfOthers() });
  }

  listedWhenStopped(): boolean {
    return true;
  }

  connect(candidate: EngineCandidate) {
    return openConnection(candidate, this.dial);
  }

  async dispose(): Promise<void> {
    // Nothing of these engines is Berth's to stop.
  }
}

/** Every engine Berth could use, Berth's own last: what the providers together offer. */
export function engineCandidates(options: { managedSocket: string; vmHost?: string; env?: NodeJS.ProcessEnv }): EngineCandidate[] {
  const list = discoveredEngines({ env: options.env, skipHosts: options.vmHost ? [options.vmHost] : [] });
  list.push({ id: 'managed', kind: 'managed', label: 'Berth’s managed engine', host: `unix://${options.managedSocket}` });
  if (options.vmHost) list.push({ id: 'vm', kind: 'vm', label: 'Berth’s Linux VM', host: options.vmHost });
  return list.filter((c, i) => list.findIndex((x) => x.host === c.host) === i);
}

/** The engines on this machine that Berth does not run, in the order Berth prefers them. */
export function discoveredEngines(options: { env?: NodeJS.ProcessEnv; skipHosts?: string[] }): EngineCandidate[] {
  const env = options.env ?? process.env;
  const skip = new Set(options.skipHosts ?? []);
  const uid = process.getuid?.();
  const runtimeDir = env.XDG_RUNTIME_DIR || (uid !== undefined ? `/run/user/${uid}` : undefined);
  const list: EngineCandidate[] = [];
  const add = (c: EngineCandidate) => {
    if (!list.some((x) => x.host === c.host)) list.push(c);
  };

  if (env.DOCKER_HOST) {
    const tlsPath = env.DOCKER_TLS_VERIFY === '1' || env.DOCKER_CERT_PATH ? env.DOCKER_CERT_PATH || path.join(os.homedir(), '.docker') : undefined;
    add({ id: 'docker-host', kind: 'docker-host', label: 'DOCKER_HOST', host: env.DOCKER_HOST, tlsPath });
  }
  for (const ctx of listContexts(env)) {
    // The `berth` context Berth made for its VM is the VM itself, offered by its provider under its own name.
    if (skip.has(ctx.host)) continue;
    add({
      id: `context:${ctx.name}`,
      kind: 'context',
      label: `Docker context “${ctx.name}”${ctx.current ? ' (current)' : ''}`,
      host: ctx.host,
      tlsPath: ctx.tlsPath,
    });
  }
  if (process.platform === 'win32') {
    add({ id: 'default', kind: 'default', label: 'Docker (named pipe)', host: 'npipe:////./pipe/docker_engine' });
    add({ id: 'podman', kind: 'podman', label: 'Podman machine', host: 'npipe:////./pipe/podman-machine-default' });
  } else {
    add({ id: 'default', kind: 'default', label: 'Docker (system)', host: 'unix:///var/run/docker.sock' });
    if (runtimeDir) add({ id: 'rootless', kind: 'rootless', label: 'Docker (rootless)', host: `unix://${runtimeDir}/docker.sock` });
    if (process.platform === 'darwin') {
      add({ id: 'docker-desktop', kind: 'default', label: 'Docker Desktop', host: `unix://${os.homedir()}/.docker/run/docker.sock` });
    }
    if (runtimeDir) add({ id: 'podman-rootless', kind: 'podman', label: 'Podman (rootless)', host: `unix://${runtimeDir}/podman/podman.sock` });
    add({ id: 'podman', kind: 'podman', label: 'Podman (system)', host: 'unix:///run/podman/podman.sock' });
  }
  return list;
}

/** Pings each candidate (in parallel, briefly) and reports which answer. */
export async function probeEngines(candidates: EngineCandidate[], timeoutMs = 1500, dial?: EngineDialer): Promise<EngineEndpoint[]> {
  return Promise.all(
    candidates.map(async ({ tlsPath, ...c }): Promise<EngineEndpoint> => {
      try {
        const host = dial ? await dial(c.host) : c.host;
        const client = await openEngineClient(host, tlsPath ? { certPath: tlsPath, verify: true } : undefined, timeoutMs);
        return { ...c, reachable: true, version: client.server.version };
      } catch (e) {
        return { ...c, reachable: false, problem: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
}
