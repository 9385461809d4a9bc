/** How the container list is searched and laid out: Compose projects as groups, other containers alone. */
import type { ContainerSummary } from '../../../../engine/contract/types';

export type ContainerListEntry =
  | { kind: 'project'; project: string; containers: ContainerSummary[] }
  | { kind: 'container'; container: ContainerSummary };

/** Matches a name, image or project containing the text, or an id starting with it. */
export function matchesSearch(c: ContainerSummary, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  return (
    c.name.toLowerCase().includes(q) ||
    c.image.toLowerCase().includes(q) ||
    c.id.toLowerCase().startsWith(q) ||
    (c.composeProject?.toLowerCase().includes(q) ?? false)
  );
}

const byName = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

export function arrangeContainers(containers: ContainerSummary[]): ContainerListEntry[] {
  const projects = new Map<string, ContainerSummary[]>();
  const entries: ContainerListEntry[] = [];
  for (const c of containers) {
    if (!c.composeProject) entries.push({ kind: 'container', container: c });
    else projects.set(c.composeProject, [...(projects.get(c.composeProject) ?? []), c]);
  }
  for (const [project, members] of projects) {
    members.sort((a, b) => byName(a.composeService ?? a.name, b.composeService ?? b.name) || byName(a.name, b.name));
    entries.push({ kind: 'project', project, containers: members });
  }
  const key = (e: ContainerListEntry) => (e.kind === 'project' ? e.project : e.container.name);
  return entries.sort((a, b) => byName(key(a), key(b)));
}
