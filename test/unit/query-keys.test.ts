import { QueryClient, queryOptions } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ResourceKind } from '../../engine/contract/types';
import { notAboutOneEngine, staleAfterChange } from '../../renderer/src/app/query-keys';

describe('query keys and the engine’s change notices', () => {
  it('makes each kind of resource stale under its own name, as the contract spells it', () => {
    for (const [kind, roots] of Object.entries(staleAfterChange)) expect(roots[0]).toBe(kind);
  });

  it('refreshes disk usage with the containers, images and volumes it is made of', () => {
    const refreshingDisk = (Object.keys(staleAfterChange) as ResourceKind[]).filter((k) => staleAfterChange[k].includes('disk'));
    expect(refreshingDisk.sort()).toEqual(['containers', 'images', 'volumes']);
  });

  it('drops no engine-independent data on an engine switch, and keeps no resource of one engine', () => {
    for (const kind of Object.keys(staleAfterChange)) expect(notAboutOneEngine.has(kind as ResourceKind)).toBe(false);
    expect([...notAboutOneEngine].sort()).toEqual(['app', 'engine', 'managed', 'preferences', 'vm']);
  });

  it('a notice’s root reaches every query under it, whatever follows', async () => {
    const cache = new QueryClient();
    cache.setQueryData(['containers', 'inspect', 'x'], {});
    cache.setQueryData(['images', 'list'], []);
    await cache.invalidateQueries({ queryKey: [staleAfterChange.containers[0]] });
    expect(cache.getQueryState(['containers', 'inspect', 'x'])?.isInvalidated).toBe(true);
    expect(cache.getQueryState(['images', 'list'])?.isInvalidated).toBe(false);
  });

  it('refuses a key whose root is not declared (a type error, checked by npm run typecheck)', () => {
    // Never called: the compiler checks these lines.
    const _typeChecks = () => {
      // @ts-expect-error 'container' is not a root: the contract's word is 'containers'
      queryOptions({ queryKey: ['container', 'list'], queryFn: () => [] });
      // @ts-expect-error a root of one's own must be declared in app/query-keys.ts first
      new QueryClient().invalidateQueries({ queryKey: ['my-own-root'] });
      queryOptions({ queryKey: ['containers', 'list'], queryFn: () => [] });
    };
    expect(typeof _typeChecks).toBe('function');
  });
});
