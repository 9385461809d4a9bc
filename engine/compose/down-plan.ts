/**
 * Exactly what `compose down --remove-orphans` removes, read from the engine before it runs: every
 * container of the project, the networks Compose made for it, and, only when asked, its volumes (the
 * named ones Compose made and the anonymous ones of its containers) and its images.
 */
import type Docker from 'dockerode';
import type { ComposeDownPlan, ComposeServiceDefinition } from '../contract/compose-types';
import { LABEL } from './discovery';

export interface DownOptions {
  volumes: boolean;
  images: 'none' | 'local' | 'all';
}

export async function planDown(docker: Docker, project: string, services: ComposeServiceDefinition[], options: DownOptions): Promise<ComposeDownPlan> {
  const filter = { label: [`${LABEL.project}=${project}`] };
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters: filter }),
    docker.listNetworks({ filters: filter }),
    options.volumes ? docker.listVolumes({ filters: filter }) : undefined,
  ]);
  const plan: ComposeDownPlan = {
    containers: containers
      .map((c) => ({ id: c.Id, name: (c.Names[0] ?? c.Id).replace(/^\//, ''), service: c.Labels?.[LABEL.service] }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    networks: networks.map((n) => n.Name).sort(),
    volumes: [],
    images: [],
  };
  if (options.volumes) {
    const named = (volumes?.Volumes ?? []).map((v) => v.Name);
    // Anonymous volumes go with their containers (`down -v` removes containers with their volumes).
    const anonymous = containers.flatMap((c) => (c.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Name && /^[0-9a-f]{64}$/.test(m.Name)).map((m) => m.Name!));
    plan.volumes = [...new Set([...named, ...anonymous])].sort();
  }
  if (options.images !== 'none') {
    // local: the images Compose built for services without an `image:` name; all: every service's image.
    const wanted = services.filter((s) => s.image && (options.images === 'all' || (s.build && !s.imageNamed))).map((s) => s.image!);
    const present = await Promise.all(
      [...new Set(wanted)].map((ref) =>
        docker
          .getImage(ref)
          .inspect()
          .then(() => ref, () => undefined),
      ),
    );
    plan.images = present.filter((r): r is string => Boolean(r)).sort();
  }
  return plan;
}
