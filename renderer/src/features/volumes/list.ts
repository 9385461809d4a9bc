/** How the volume list is searched and ordered, and small words about volumes. */
import type { VolumeSummary, VolumeUser } from '../../../../engine/contract/volumes-types';

/** Matches a name, driver, Compose project, label, or a container that uses it. */
export function matchesSearch(v: VolumeSummary, users: VolumeUser[], search: string): boolean {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  return (
    v.name.toLowerCase().includes(q) ||
    v.driver.toLowerCase().includes(q) ||
    (v.composeProject?.toLowerCase().includes(q) ?? false) ||
    Object.entries(v.labels).some(([k, val]) => `${k}=${val}`.toLowerCase().includes(q)) ||
    users.some((u) => u.name.toLowerCase().includes(q))
  );
}

/** Named volumes first (by name), anonymous ones after them (newest first): those are the ones people look for. */
export function sortVolumes(volumes: VolumeSummary[]): VolumeSummary[] {
  return [...volumes].sort((a, b) => Number(a.anonymous) - Number(b.anonymous) || (a.anonymous ? (b.created ?? 0) - (a.created ?? 0) : a.name.localeCompare(b.name, undefined, { numeric: true })));
}

/** The short form of a 64-hex anonymous volume name. */
export function displayName(v: Pick<VolumeSummary, 'name' | 'anonymous'>): string {
  return v.anonymous && /^[0-9a-f]{64}$/.test(v.name) ? v.name.slice(0, 12) : v.name;
}

export function isUp(state: VolumeUser['state']): boolean {
  return state === 'running' || state === 'paused' || state === 'restarting';
}

/** rwxr-xr-x from permission bits. */
export function modeString(mode: number, kind: 'file' | 'folder' | 'symlink' | 'other'): string {
  const letters = ['r', 'w', 'x'];
  let out = kind === 'folder' ? 'd' : kind === 'symlink' ? 'l' : '-';
  for (let shift = 6; shift >= 0; shift -= 3) {
    for (let bit = 0; bit < 3; bit++) out += mode & (1 << (shift + 2 - bit)) ? letters[bit] : '-';
  }
  return out;
}

export const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]+$/;

export function volumeNameProblem(name: string, taken: string[]): string | undefined {
  const n = name.trim();
  if (!n) return 'Give the volume a name.';
  if (!VOLUME_NAME.test(n)) return 'Use two or more letters, digits, dots, dashes or underscores, starting with a letter or digit.';
  if (taken.includes(n)) return `A volume named “${n}” already exists: choose another name.`;
  return undefined;
}
