import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../engine/contract/images-types';
import { forcedRemovalOutcomes, imageRows, matchesSearch, planRemoval, sortRows, splitTag } from '../../renderer/src/features/images/list';

const image = (id: string, tags: string[], extra: Partial<ImageSummary> = {}): ImageSummary => ({
  id: `sha256:${id.repeat(64).slice(0, 64)}`,
  tags,
  digests: [],
  size: 100,
  created: 1,
  containers: [],
  dangling: tags.length === 0,
  ...extra,
});

describe('the image list', () => {
  it('has a row per name, and untagged images apart', () => {
    const { tagged, untagged } = imageRows([image('a', ['web:1', 'web:latest']), image('b', []), image('c', [], { digests: ['app@sha256:x'], dangling: false })]);
    expect(tagged.map((r) => [r.repository, r.tagName, r.ref])).toEqual([
      ['web', '1', 'web:1'],
      ['web', 'latest', 'web:latest'],
    ]);
    expect(untagged.map((r) => r.repository)).toEqual(['<none>', 'app']);
    expect(splitTag('localhost:5000/app:1')).toEqual(['localhost:5000/app', '1']);
    expect(splitTag('localhost:5000/app')).toEqual(['localhost:5000/app', '']);
  });

  it('searches names and the start of ids, and sorts', () => {
    const { tagged } = imageRows([image('a', ['web:1'], { size: 5, created: 3 }), image('b', ['api:2'], { size: 9, created: 1 })]);
    expect(tagged.filter((r) => matchesSearch(r, 'AP')).map((r) => r.tag)).toEqual(['api:2']);
    expect(tagged.filter((r) => matchesSearch(r, 'bbbb')).map((r) => r.tag)).toEqual(['api:2']);
    expect(sortRows(tagged, { by: 'size', descending: true }).map((r) => r.tag)).toEqual(['api:2', 'web:1']);
    expect(sortRows(tagged, { by: 'name', descending: false }).map((r) => r.tag)).toEqual(['api:2', 'web:1']);
  });

  it('says which removals only untag, which delete, and which need force', () => {
    const used = image('u', ['db:1'], { containers: [{ id: 'c1', name: 'db-1', state: 'exited' }] });
    const { tagged } = imageRows([image('a', ['web:1', 'web:latest']), used]);
    const web1 = tagged.find((r) => r.tag === 'web:1')!;
    const webLatest = tagged.find((r) => r.tag === 'web:latest')!;
    const db = tagged.find((r) => r.tag === 'db:1')!;
    expect(planRemoval([web1])).toEqual({ deletes: [], untags: [{ row: web1, stillNamed: ['web:latest'] }], inUse: [] });
    // Removing every name of an image deletes it.
    expect(planRemoval([web1, webLatest]).deletes).toEqual([web1, webLatest]);
    expect(planRemoval([db]).inUse).toEqual([db]);
  });

  it('says what a forced removal does to each image in use, as the engine does it', () => {
    const users = (...list: [string, string][]) => ({ containers: list.map(([name, state]) => ({ id: name, name, state: state as 'running' })) });
    const { tagged, untagged } = imageRows([
      image('a', ['demo/bb:1'], users(['logger', 'running'], ['web1', 'running'])),
      image('b', ['old:1'], users(['job', 'exited'])),
      image('c', [], users(['web2', 'running'])),
    ]);
    const outcomes = forcedRemovalOutcomes(planRemoval([...tagged, ...untagged])).map((o) => o.text);
    expect(outcomes).toEqual([
      'demo/bb:1 is taken off the image, but the image is not deleted: logger and web1 are running from it. It stays, without a name (shown as <none>), until those containers are removed.',
      'old:1 is deleted. job keeps what it has and can start again, but cannot be made again from old:1.',
      `${untagged[0]!.image.id.slice(7, 19)} cannot be removed while web2 runs from it: the engine refuses. Stop and remove that container first.`,
    ]);
  });
});
