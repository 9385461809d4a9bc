/**
 * What can be known before a container is created, said in words and tied to the form field it is about:
 * a name already taken, an image that is not on this engine, a network or container that does not exist,
 * a host port already published or in use on this machine, a folder to mount that is not there.
 */
import fs from 'node:fs/promises';
import type Docker from 'dockerode';
import type { ContainerCreateSpec, RunCheckResult, RunProblem } from '../contract/run-types';
import { engineIsLocal, probeHostPort } from './host-ports';

const BUILT_IN_NETWORKS = new Set(['', 'default', 'bridge', 'host', 'none']);

const notFound = (e: unknown) => (e as { statusCode?: number } | undefined)?.statusCode === 404;

/** `8080/tcp` → [8080, 'tcp'] */
function splitPort(key: string): [number, 'tcp' | 'udp' | 'sctp'] {
  const [port = '0', proto = 'tcp'] = key.split('/');
  return [Number(port), proto as 'tcp' | 'udp' | 'sctp'];
}

/** A bind's source and whether it is a host folder (absolute) or a volume's name. */
function bindSource(bind: string): { source: string; hostPath: boolean } {
  const source = bind.split(':')[0] ?? '';
  return { source, hostPath: source.startsWith('/') };
}

export async function checkRun(docker: Docker, spec: ContainerCreateSpec, replacing?: string): Promise<RunCheckResult> {
  const local = engineIsLocal(docker);
  const replaced = replacing ? await docker.getContainer(replacing).inspect().catch(() => undefined) : undefined;
  const checks = await Promise.all([
    checkName(docker, spec, replaced?.Id),
    checkImage(docker, spec),
    checkNetwork(docker, spec),
    checkPorts(docker, spec, local, replaced?.Id),
    checkMounts(docker, spec, local),
    checkEngineTakes(docker, spec),
  ]);
  return { problems: checks.flat(), engineIsLocal: local };
}

async function checkName(docker: Docker, spec: ContainerCreateSpec, replacedId: string | undefined): Promise<RunProblem[]> {
  if (!spec.name) return [];
  try {
    const other = await docker.getContainer(spec.name).inspect();
    // The engine also finds containers by id prefix; only a real name match is a clash.
    if (other.Id === replacedId || other.Name.replace(/^\//, '') !== spec.name) return [];
    return [{ severity: 'error', field: 'name', message: `The name “${spec.name}” is already taken by another container: choose another name, or remove that container first.` }];
  } catch (e) {
    if (notFound(e)) return [];
    throw e;
  }
}

async function checkImage(docker: Docker, spec: ContainerCreateSpec): Promise<RunProblem[]> {
  try {
    await docker.getImage(spec.Image).inspect();
    return [];
  } catch (e) {
    if (!notFound(e)) throw e;
    return [{ severity: 'error', field: 'image', message: `The image “${spec.Image}” is not on this engine yet: pull it first.`, pullImage: spec.Image }];
  }
}

async function checkNetwork(docker: Docker, spec: ContainerCreateSpec): Promise<RunProblem[]> {
  const mode = spec.HostConfig.NetworkMode ?? '';
  if (BUILT_IN_NETWORKS.has(mode)) return [];
  if (mode.startsWith('container:')) {
    const target = mode.slice('container:'.length);
    try {
      const other = await docker.getContainer(target).inspect();
      if (!other.State.Running) {
        return [{ severity: 'warning', field: 'network', message: `“${target}” is not running: this container can start only while it runs, since it shares its network.` }];
      }
      return [];
    } catch (e) {
      if (!notFound(e)) throw e;
      return [{ severity: 'error', field: 'network', message: `There is no container “${target}” to share the network of.` }];
    }
  }
  try {
    await docker.getNetwork(mode).inspect();
    return [];
  } catch (e) {
    if (!notFound(e)) throw e;
    return [{ severity: 'error', field: 'network', message: `There is no network “${mode}” on this engine: create it first or choose another.` }];
  }
}

async function checkPorts(docker: Docker, spec: ContainerCreateSpec, local: boolean, replacedId: string | undefined): Promise<RunProblem[]> {
  const bindings = Object.entries(spec.HostConfig.PortBindings ?? {}).flatMap(([key, list]) =>
    list.filter((b) => b.HostPort).map((b) => ({ key, hostIp: b.HostIp || undefined, hostPort: Number(b.HostPort) })),
  );
  if (!bindings.length) return [];
  // Ports other containers publish: known to the engine, wherever it runs.
  const running = await docker.listContainers();
  const publishedBy = new Map<string, string>();
  for (const c of running) {
    for (const p of c.Ports ?? []) {
      if (p.PublicPort) publishedBy.set(`${p.PublicPort}/${p.Type}`, c.Id === replacedId ? '' : (c.Names?.[0] ?? c.Id).replace(/^\//, ''));
    }
  }
  const problems: RunProblem[] = [];
  const seen = new Set<string>();
  for (const b of bindings) {
    const [, proto] = splitPort(b.key);
    const hostKey = `${b.hostPort}/${proto}`;
    if (seen.has(hostKey)) {
      problems.push({ severity: 'error', field: `hostPort.${hostKey}`, message: `Host port ${b.hostPort}/${proto} is published twice: each host port can go to one container port.` });
      continue;
    }
    seen.add(hostKey);
    const owner = publishedBy.get(hostKey);
    if (owner === '') continue; // the container being replaced frees it
    if (owner) {
      problems.push({ severity: 'error', field: `hostPort.${hostKey}`, message: `Port ${b.hostPort} is already published by the container “${owner}”: choose another host port, or stop that container.` });
      continue;
    }
    if (!local) continue;
    const probe = await probeHostPort(b.hostPort, b.hostIp, proto);
    if (probe === 'in-use') {
      problems.push({ severity: 'error', field: `hostPort.${hostKey}`, message: `Port ${b.hostPort} is already in use on this machine: choose another host port, or stop what uses it.` });
    } else if (probe === 'not-here') {
      problems.push({ severity: 'error', field: `hostPort.${hostKey}`, message: `${b.hostIp} is not an address of this machine: leave the host IP empty for all addresses, or use 127.0.0.1 for this machine only.` });
    }
  }
  return problems;
}

async function checkMounts(docker: Docker, spec: ContainerCreateSpec, local: boolean): Promise<RunProblem[]> {
  const problems: RunProblem[] = [];
  await Promise.all(
    (spec.HostConfig.Binds ?? []).map(async (bind) => {
      const { source, hostPath } = bindSource(bind);
      const field = `volume.${source}`;
      if (hostPath) {
        if (!local) return;
        try {
          await fs.stat(source);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') {
            problems.push({ severity: 'warning', field, message: `${source} does not exist on this machine: the engine will create it as an empty folder owned by root.` });
          } else if (code === 'EACCES') {
            problems.push({ severity: 'info', field, message: `Berth cannot look into ${source} to check it exists; the engine may still mount it.` });
          }
        }
        return;
      }
      try {
        await docker.getVolume(source).inspect();
      } catch (e) {
        if (!notFound(e)) throw e;
        problems.push({ severity: 'info', field, message: `The volume “${source}” does not exist yet: it will be created.` });
      }
    }),
  );
  return problems;
}

const newer = (version: string, than: string) => {
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = than.split('.').map(Number);
  return a !== c ? a > c : b >= d;
};

/**
 * Options an older or a Linux engine would silently drop (it ignores fields it does not know), said
 * before creating, as the docker CLI refuses them.
 */
async function checkEngineTakes(docker: Docker, spec: ContainerCreateSpec): Promise<RunProblem[]> {
  const host = spec.HostConfig;
  const wanted: [flag: string, asked: boolean, needs: string, docker: string][] = [
    ['--annotation', !!host.Annotations && Object.keys(host.Annotations).length > 0, '1.43', '24'],
    ['--health-start-interval', !!spec.Healthcheck?.StartInterval, '1.44', '25'],
  ];
  const windowsOnly = [['--cpu-count', host.CpuCount], ['--cpu-percent', host.CpuPercent], ['--io-maxbandwidth', host.IOMaximumBandwidth], ['--io-maxiops', host.IOMaximumIOps]] as const;
  if (!wanted.some(([, asked]) => asked) && !windowsOnly.some(([, v]) => v)) return [];
  const version = (await docker.version()) as { ApiVersion?: string; Os?: string };
  const problems: RunProblem[] = [];
  for (const [flag, asked, needs, release] of wanted) {
    if (asked && !newer(version.ApiVersion ?? '0', needs)) {
      problems.push({ severity: 'error', message: `This engine speaks Engine API ${version.ApiVersion} and would drop ${flag} (it needs ${needs}, Docker ${release} or later): remove the option, or use a newer engine.` });
    }
  }
  for (const [flag, value] of windowsOnly) {
    if (value && version.Os !== 'windows') problems.push({ severity: 'error', message: `${flag} applies to Windows engines only, and this one runs ${(version.Os ?? 'linux').replace(/^./, (c) => c.toUpperCase())}: remove the option.` });
  }
  return problems;
}
