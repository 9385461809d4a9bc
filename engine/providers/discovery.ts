/**
 * Finds every engine Berth could use on this machine, in the order Berth prefers them when the user has
 * not chosen: DOCKER_HOST, the CLI's current context (and the other contexts), the system socket,
 * rootless Docker, Podman (rootless, then system), and Berth's own managed engine.
 */
import os from 'node:os';
import path from 'node:path';
import type { EngineEndpoint } from '../contract/types';
import { openEngineClient } from '../docker/client';
import { listContexts } from './docker-config';

export interface EngineCandidate extends Omit<EngineEndpoint, 'reachable' | 'problem' | 'version'> {
  tlsPath?: string;
}

export function engineCandidates(options: { managedSocket: string; vmHost?: string; env?: NodeJS.ProcessEnv }): EngineCandidate[] {
  const env = options.env ?? process.env;
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
    // The `berth` context Berth made for its VM is the VM itself, offered below under its own name.
    if (options.vmHost && ctx.host === options.vmHost) continue;
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
  add({ id: 'managed', kind: 'managed', label: 'Berth’s managed engine', host: `unix://${options.managedSocket}` });
  if (options.vmHost) add({ id: 'vm', kind: 'vm', label: 'Berth’s Linux VM', host: options.vmHost });
  return list;
}

/** Pings each candidate (in parallel, briefly) and reports which answer. */
export async function probeEngines(candidates: EngineCandidate[], timeoutMs = 1500): Promise<EngineEndpoint[]> {
  return Promise.all(
    candidates.map(async ({ tlsPath, ...c }): Promise<EngineEndpoint> => {
      try {
        const client = await openEngineClient(c.host, tlsPath ? { certPath: tlsPath, verify: true } : undefined, timeoutMs);
        return { ...c, reachable: true, version: client.server.version };
      } catch (e) {
        return { ...c, reachable: false, problem: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
}
