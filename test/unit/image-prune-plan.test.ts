import { describe, expect, it } from 'vitest';
import { familiarName, fullName, isSingleReference, planImagePrune } from '../../engine/docker/image-prune-plan';
import type { PlanImage } from '../../engine/docker/image-prune-plan';

const image = (id: string, more: Partial<PlanImage> = {}): PlanImage => ({ id, tags: [], digests: [], created: 100, ...more });

// The engine's images in the run this was checked against (Docker 20.10): a classic build leaves two
// intermediate images under the tagged one; a commit made a dangling child of it.
const base = image('base');
const step = image('step', { parentId: 'base' });
const busybox = image('busybox', { parentId: 'step', tags: ['berth-test/busybox:latest', 'keep/me:one', 'keep/me:two'] });
const committed = image('committed', { parentId: 'busybox' });
const helper = image('helper', { tags: ['berth/volume-helper:empty'] });
const all = [base, step, busybox, committed, helper];

describe('names as the engine sorts them', () => {
  it('spells out Docker Hub names in full and back', () => {
    expect(fullName('busybox:1')).toBe('docker.io/library/busybox:1');
    expect(fullName('me/app:2')).toBe('docker.io/me/app:2');
    expect(fullName('localhost:5000/app:2')).toBe('localhost:5000/app:2');
    expect(fullName('ghcr.io/o/app@sha256:ab')).toBe('ghcr.io/o/app@sha256:ab');
    expect(familiarName('docker.io/library/busybox:1')).toBe('busybox:1');
  });

  it('counts a tag and digests of one repository as a single reference', () => {
    expect(isSingleReference(['docker.io/library/a:1'])).toBe(true);
    expect(isSingleReference(['docker.io/library/a:1', 'docker.io/library/a@sha256:1'])).toBe(true);
    expect(isSingleReference(['docker.io/library/a:1', 'docker.io/library/a:2'])).toBe(false);
    expect(isSingleReference(['docker.io/library/a:1', 'docker.io/library/b@sha256:1'])).toBe(false);
  });
});

describe('what an image prune removes', () => {
  it('removes only dangling images no container uses, with their unnamed parents', () => {
    expect(planImagePrune(all, new Set(['busybox']), 'dangling', 1000)).toEqual({ deleted: ['committed'], untagged: {} });
    const chain = [image('p'), image('c', { parentId: 'p' })];
    expect(planImagePrune(chain, new Set(), 'dangling', 1000).deleted.sort()).toEqual(['c', 'p']);
  });

  it('keeps a dangling image a container uses', () => {
    expect(planImagePrune([image('x', { digests: ['a@sha256:1'] })], new Set(['x']), 'dangling', 1000)).toEqual({ deleted: [], untagged: {} });
  });

  it('strips all but one name from an image in use, as the engine does with every unused image', () => {
    const plan = planImagePrune(all, new Set(['busybox']), 'unused', 1000);
    expect(plan.deleted.sort()).toEqual(['committed', 'helper']);
    expect(plan.untagged).toEqual({ busybox: ['docker.io/berth-test/busybox:latest', 'docker.io/keep/me:one'] });
  });

  it('deletes a whole unused build chain, tagged image and intermediates', () => {
    expect(planImagePrune([base, step, { ...busybox }], new Set(), 'unused', 1000).deleted.sort()).toEqual(['base', 'busybox', 'step']);
  });

  it('untags a base image whose child a container uses, and keeps it', () => {
    const parent = image('parent', { tags: ['base:1'] });
    const child = image('child', { parentId: 'parent', tags: ['app:1'] });
    expect(planImagePrune([parent, child], new Set(['child']), 'unused', 1000)).toEqual({ deleted: [], untagged: { parent: ['docker.io/library/base:1'] } });
  });

  it('leaves images created after the preview alone', () => {
    expect(planImagePrune([image('new', { created: 2000 })], new Set(), 'dangling', 1000).deleted).toEqual([]);
    expect(planImagePrune([image('same-second', { created: 1000 })], new Set(), 'dangling', 1000.5).deleted).toEqual(['same-second']);
  });

  it('removes a repository’s digests with its last tag', () => {
    const pulled = image('pulled', { tags: ['a:1'], digests: ['a@sha256:1'] });
    expect(planImagePrune([pulled], new Set(), 'unused', 1000).deleted).toEqual(['pulled']);
    // In use, a tag with its digest is one reference: nothing is removed.
    expect(planImagePrune([pulled], new Set(['pulled']), 'unused', 1000)).toEqual({ deleted: [], untagged: {} });
  });
});
