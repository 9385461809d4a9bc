import { describe, expect, it } from 'vitest';
import { chainIds, describeLayers, instructionOf, matchLayers } from '../../engine/docker/image-history';
import type { HistoryEntry } from '../../engine/docker/image-history';

const diff = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const entry = (CreatedBy: string, Size: number, Tags: string[] | null = null): HistoryEntry => ({ Id: '<missing>', Created: 1, CreatedBy, Size, Tags, Comment: '' });

describe('an image’s history as Dockerfile steps and layers', () => {
  it('reads the instruction of each step, whichever builder recorded it', () => {
    expect(instructionOf('/bin/sh -c #(nop)  CMD ["/bin/sh"]')).toBe('CMD ["/bin/sh"]');
    expect(instructionOf('/bin/sh -c #(nop) COPY file:73e2 in /bin/busybox ')).toBe('COPY file:73e2 in /bin/busybox');
    expect(instructionOf('/bin/sh -c apk add curl')).toBe('RUN apk add curl');
    expect(instructionOf('|2 A=1 B=two /bin/sh -c echo $A')).toBe('RUN echo $A');
    expect(instructionOf('RUN /bin/sh -c make install # buildkit')).toBe('RUN make install');
    expect(instructionOf('COPY . /app # buildkit')).toBe('COPY . /app');
    expect(instructionOf('/bin/busybox --install -s /bin')).toBe('RUN /bin/busybox --install -s /bin');
    expect(instructionOf('')).toBe('');
  });

  it('matches steps to layers, placing an empty layer on a step that can make one', () => {
    const history = [entry('/bin/sh -c #(nop) ADD file:x in /', 5000), entry('/bin/sh -c #(nop)  ENV A=1', 0), entry('/bin/sh -c #(nop) WORKDIR /srv', 0), entry('/bin/sh -c make', 300)];
    expect(matchLayers(history, 3)).toEqual({ layerOf: [0, undefined, 1, 2], matched: true });
    expect(matchLayers(history, 2)).toEqual({ layerOf: [0, undefined, undefined, 1], matched: true });
    // Two empty steps that could each be the one empty layer: sizes stay right, the match is flagged.
    const ambiguous = [entry('/bin/sh -c true', 0), entry('/bin/sh -c #(nop) WORKDIR /a', 0), entry('/bin/sh -c make', 10)];
    expect(matchLayers(ambiguous, 2).matched).toBe(false);
  });

  it('computes chain ids as the engine does: the first diff, then sha256 of “below diff”', () => {
    const [a, b] = chainIds([diff(1), diff(2)]);
    expect(a).toBe(diff(1));
    expect(b).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The same diff on another layer below is another layer.
    expect(chainIds([diff(3), diff(2)])[1]).not.toBe(b);
  });

  it('counts what an image shares with others, what is its own, and what sharing saves', () => {
    const base = [diff(1), diff(2)];
    const chainA = chainIds([...base, diff(3)]);
    const locals = [
      { id: 'base', name: 'busybox:latest', chain: chainIds(base) },
      { id: 'a', name: 'app:1', chain: chainA },
      { id: 'b', name: 'other:1', chain: chainIds([...base, diff(4)]) },
    ];
    const history = [entry('/bin/sh -c make', 700), entry('/bin/sh -c #(nop)  CMD ["sh"]', 0, ['busybox:latest']), entry('/bin/sh -c setup', 30), entry('/bin/sh -c #(nop) ADD file:x in /', 2000)];
    const layers = describeLayers({ id: 'a', tags: ['app:1'], size: 2730, created: 1, os: 'linux', architecture: 'amd64', diffIds: [...base, diff(3)] }, history, locals);
    expect(layers).toMatchObject({ layerCount: 3, sharedBytes: 2030, uniqueBytes: 700, savedBytes: 2030 * 2, matched: true });
    expect(layers.steps.map((s) => [s.instruction, s.layer, s.sharedWith.map((o) => o.name)])).toEqual([
      ['ADD file:x in /', 0, ['busybox:latest', 'other:1']],
      ['RUN setup', 1, ['busybox:latest', 'other:1']],
      ['CMD ["sh"]', undefined, []],
      ['RUN make', 2, []],
    ]);
    expect(layers.steps[2]?.tags).toEqual(['busybox:latest']);
  });
});
