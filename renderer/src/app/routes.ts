/**
 * Every address of the app, in one table: a route's name and its path pattern (`:id` a parameter,
 * `:tab?` one that may be left out). Links and navigation are built from a name and typed parameters
 * (`href('container', { id, tab: 'logs' })`), and an address is read back into the same shape, so a path
 * is written once, here; lint refuses a `#/…` string anywhere else in the renderer.
 *
 * The first segment of a pattern is the page it belongs to (the sidebar entry), and each page's list is the
 * route named as that segment: `containers` is `/containers`, `container` is one of them.
 */
export const routeTable = {
  containers: '/containers',
  container: '/containers/:id/:tab?',
  compose: '/compose',
  composeProject: '/compose/:name',
  images: '/images',
  imageBuild: '/images/build',
  image: '/images/:id',
  volumes: '/volumes',
  volume: '/volumes/:name',
  networks: '/networks',
  network: '/networks/:id',
  terminals: '/terminals',
  disk: '/disk',
  registries: '/registries',
  engines: '/engines',
  vm: '/vm',
  preferences: '/preferences',
  swarm: '/swarm',
  services: '/services',
  service: '/services/:id/:tab?',
  nodes: '/nodes',
  stacks: '/stacks',
  secrets: '/secrets',
} as const;

type Table = typeof routeTable;
export type RouteName = keyof Table;

type Segments<P extends string> = P extends `/${infer Head}/${infer Rest}` ? [Head, ...Segments<`/${Rest}`>] : P extends `/${infer Last}` ? [Last] : [];
type RequiredIn<S> = S extends `:${infer Name}` ? (Name extends `${string}?` ? never : Name) : never;
type OptionalIn<S> = S extends `:${infer Name}?` ? Name : never;
type ParamsOf<P extends string> = { [K in RequiredIn<Segments<P>[number]>]: string } & { [K in OptionalIn<Segments<P>[number]>]?: string };

/** The parameters of a route: `RouteParams<'container'>` is `{ id: string; tab?: string }`. */
export type RouteParams<N extends RouteName> = { [K in keyof ParamsOf<Table[N]>]: ParamsOf<Table[N]>[K] };
/** One address, read: a route's name with its parameters (a union, narrowed by `name`). */
export type Route = { [N in RouteName]: { name: N; params: RouteParams<N> } }[RouteName];
/** The page (sidebar entry) a route belongs to: the first segment of its pattern. */
export type PageId = { [N in RouteName]: Segments<Table[N]>[0] }[RouteName];

/** The arguments after a route's name: its parameters, which may be left out when it has none required. */
export type ParamArgs<N extends RouteName> = [keyof RouteParams<N>] extends [never]
  ? [params?: Record<string, never>]
  : Record<string, never> extends RouteParams<N>
    ? [params?: RouteParams<N>]
    : [params: RouteParams<N>];

// Each page's list is the route named as the page, with nothing to fill in: a type error here otherwise.
const pageListRoutes: { [P in PageId]: Record<string, never> extends RouteParams<P> ? P : never } = {
  containers: 'containers',
  compose: 'compose',
  images: 'images',
  volumes: 'volumes',
  networks: 'networks',
  terminals: 'terminals',
  disk: 'disk',
  registries: 'registries',
  engines: 'engines',
  vm: 'vm',
  preferences: 'preferences',
  swarm: 'swarm',
  services: 'services',
  nodes: 'nodes',
  stacks: 'stacks',
  secrets: 'secrets',
};

interface Compiled {
  name: RouteName;
  segments: { literal?: string; param?: string; optional: boolean }[];
  required: number;
  literals: number;
}

const compiled: Compiled[] = (Object.keys(routeTable) as RouteName[]).map((name) => {
  const segments = routeTable[name]
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith(':') ? { param: s.replace(/^:|\?$/g, ''), optional: s.endsWith('?') } : { literal: s, optional: false }));
  return { name, segments, required: segments.filter((s) => !s.optional).length, literals: segments.filter((s) => s.literal).length };
});

function matchExactly(route: Compiled, parts: string[]): Record<string, string> | undefined {
  if (parts.length < route.required || parts.length > route.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const segment = route.segments[i]!;
    if (segment.literal !== undefined ? segment.literal !== part : !part) return undefined;
    if (segment.param) params[segment.param] = part;
  }
  return params;
}

/**
 * The route of decoded path segments, or undefined for an unknown page. A literal segment wins over a
 * parameter (`/images/build` is the build page, not an image called "build"), and segments past what a
 * route takes are ignored, as a hand-typed address with one too many is still the page it names.
 */
export function matchRoute(parts: string[]): Route | undefined {
  for (let length = parts.length; length > 0; length--) {
    const head = parts.slice(0, length);
    let best: { route: Compiled; params: Record<string, string> } | undefined;
    for (const route of compiled) {
      const params = matchExactly(route, head);
      if (params && (!best || route.literals > best.route.literals)) best = { route, params };
    }
    if (best) return { name: best.route.name, params: best.params } as Route;
  }
  return undefined;
}

/** The path of a route, its parameters encoded: `pathOf('container', { id: 'a/b' })` is `/containers/a%2Fb`. */
export function pathOf<N extends RouteName>(name: N, ...[params]: ParamArgs<N>): string {
  const values = (params ?? {}) as Record<string, string | undefined>;
  const parts: string[] = [];
  for (const segment of compiled.find((r) => r.name === name)!.segments) {
    const value = segment.literal ?? values[segment.param!];
    if (value === undefined || value === '') break; // only optional parameters can be missing (typed so)
    parts.push(encodeURIComponent(value));
  }
  return `/${parts.join('/')}`;
}

/** The page a route belongs to. */
export function pageOf(route: Route): PageId {
  return compiled.find((r) => r.name === route.name)!.segments[0]!.literal as PageId;
}

/** The list route of a page (the route named as the page). */
export function listRouteOf(page: PageId): Route {
  return { name: pageListRoutes[page], params: {} } as Route;
}
