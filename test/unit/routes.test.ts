import { describe, expect, expectTypeOf, it } from 'vitest';
import { listRouteOf, matchRoute, pageOf, pathOf } from '../../renderer/src/app/routes';
import type { Route, RouteParams } from '../../renderer/src/app/routes';

const read = (path: string) => matchRoute(path.split('/').filter(Boolean).map(decodeURIComponent));

describe('the route table', () => {
  it('reads each page and its items back from their paths', () => {
    expect(read('/containers')).toEqual({ name: 'containers', params: {} });
    expect(read('/containers/3f2a')).toEqual({ name: 'container', params: { id: '3f2a' } });
    expect(read('/containers/3f2a/logs')).toEqual({ name: 'container', params: { id: '3f2a', tab: 'logs' } });
    expect(read('/volumes/data')).toEqual({ name: 'volume', params: { name: 'data' } });
    expect(read('/services/s1/logs')).toEqual({ name: 'service', params: { id: 's1', tab: 'logs' } });
  });

  it('takes a literal segment over a parameter: /images/build is the build page, not an image called build', () => {
    expect(read('/images/build')).toEqual({ name: 'imageBuild', params: {} });
    expect(read('/images/sha256:ab')).toEqual({ name: 'image', params: { id: 'sha256:ab' } });
  });

  it('ignores segments past what a route takes, and knows no unknown page', () => {
    expect(read('/vm/extra')).toEqual({ name: 'vm', params: {} });
    expect(read('/images/build/extra')).toEqual({ name: 'imageBuild', params: {} });
    expect(read('/nowhere')).toBeUndefined();
    expect(read('/')).toBeUndefined();
  });

  it('writes paths that read back as the same route, whatever the parameters hold', () => {
    const routes: Route[] = [
      { name: 'container', params: { id: 'a/b c', tab: 'files' } },
      { name: 'volume', params: { name: 'my vol?#' } },
      { name: 'composeProject', params: { name: 'shop' } },
      { name: 'network', params: { id: '%41' } },
    ];
    for (const route of routes) expect(read(pathOf(route.name, route.params as never))).toEqual(route);
    expect(pathOf('container', { id: 'x' })).toBe('/containers/x');
    expect(pathOf('imageBuild')).toBe('/images/build');
  });

  it('names the page of every route, and each page has a list route of its name', () => {
    expect(pageOf({ name: 'container', params: { id: 'x' } })).toBe('containers');
    expect(pageOf({ name: 'imageBuild', params: {} })).toBe('images');
    expect(listRouteOf('services')).toEqual({ name: 'services', params: {} });
  });

  it('types the parameters from the pattern', () => {
    expectTypeOf<RouteParams<'container'>>().toEqualTypeOf<{ id: string; tab?: string }>();
    expectTypeOf<keyof RouteParams<'containers'>>().toEqualTypeOf<never>();
    // Never called: the lines below are checked by the compiler (npm run typecheck), not run.
    const _typeChecks = () => {
      // @ts-expect-error a container route needs its id
      pathOf('container');
      // @ts-expect-error the list takes no parameters
      pathOf('containers', { id: 'x' });
      // @ts-expect-error no route of that name
      pathOf('container-logs', { id: 'x' });
    };
  });
});
