/**
 * Compose projects found on the engine from the labels Compose puts on every container, whoever started
 * them (Berth or a terminal): the project, its service, its folder and files.
 */
import type Docker from 'dockerode';

export const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  envFile: 'com.docker.compose.project.environment_file',
  oneoff: 'com.docker.compose.oneoff',
} as const;

export interface FoundProject {
  name: string;
  files: string[];
  workingDir?: string;
  envFiles: string[];
  containers: number;
  running: number;
}

/** Compose v1 writes config files relative to the working dir; v2 writes absolute paths. */
function filesFrom(labels: Record<string, string>): string[] {
  const raw = labels[LABEL.configFiles];
  if (!raw) return [];
  const dir = labels[LABEL.workingDir];
  return raw
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => (f.startsWith('/') || /^[A-Za-z]:[\\/]/.test(f) || !dir ? f : `${dir.replace(/[\\/]$/, '')}/${f.replace(/^\.\//, '')}`));
}

export async function projectsOnEngine(docker: Docker): Promise<FoundProject[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [LABEL.project] } });
  const byName = new Map<string, FoundProject>();
  for (const c of containers) {
    const labels = c.Labels ?? {};
    const name = labels[LABEL.project]!;
    let p = byName.get(name);
    if (!p) {
      p = { name, files: [], envFiles: [], containers: 0, running: 0 };
      byName.set(name, p);
    }
    p.containers++;
    if (c.State === 'running') p.running++;
    // The newest container's labels say where the project is now.
    if (!p.files.length) {
      p.files = filesFrom(labels);
      p.workingDir = labels[LABEL.workingDir];
      p.envFiles = (labels[LABEL.envFile] ?? '').split(',').filter(Boolean);
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
