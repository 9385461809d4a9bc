/** What each kind of thing is called, one and many, in the clean-up's sentences. */
import type { CleanUpKind, UsageKind } from '../../../../engine/contract/disk-types';

export const kindWords: Record<CleanUpKind, { one: string; many: string; title: string }> = {
  containers: { one: 'stopped container', many: 'stopped containers', title: 'Stopped containers' },
  networks: { one: 'unused network', many: 'unused networks', title: 'Unused networks' },
  volumes: { one: 'unused volume', many: 'unused volumes', title: 'Unused volumes' },
  images: { one: 'image', many: 'images', title: 'Images' },
  'build-cache': { one: 'build cache entry', many: 'build cache entries', title: 'Build cache' },
};

export const usageTitles: Record<UsageKind, string> = {
  images: 'Images',
  containers: 'Containers',
  volumes: 'Volumes',
  'build-cache': 'Build cache',
};

export function count(n: number, kind: CleanUpKind): string {
  return `${n} ${n === 1 ? kindWords[kind].one : kindWords[kind].many}`;
}
