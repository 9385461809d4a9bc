/**
 * Hash routes (`#/containers`, `#/containers/<id>/logs`, `#/engines`): they work the same from disk (the
 * desktop app) and from the browser-mode server, and every page can be linked to. The addresses are the
 * typed table in routes.ts; this file turns them into the window's address and back.
 */
import { useSyncExternalStore } from 'react';
import { matchRoute, pathOf } from './routes';
import type { ParamArgs, Route, RouteName } from './routes';

export type { PageId, Route, RouteName, RouteParams } from './routes';
export { listRouteOf, pageOf } from './routes';

export interface Location {
  /** The route of the address; undefined for an empty or unknown one (the app shows its default page). */
  route?: Route;
  /** The engine this window stays on (`?engine=<id>`); absent: the engine in use for every window. */
  engine?: string;
}

export function parseLocation(hash: string): Location {
  const [rawPath = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const route = matchRoute(rawPath.split('/').filter(Boolean).map(safeDecode));
  const engine = new URLSearchParams(query).get('engine') || undefined;
  return { ...(route ? { route } : {}), ...(engine ? { engine } : {}) };
}

/** A malformed escape in a hand-typed address is kept as typed rather than breaking the page. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The `?engine=…` part that keeps a window on its engine, as it is in the address now. */
function engineQuery(engine = parseLocation(window.location.hash).engine): string {
  return engine ? `?engine=${encodeURIComponent(engine)}` : '';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The href of a route on the window's engine: `href('container', { id, tab: 'logs' })`. */
export function href<N extends RouteName>(name: N, ...params: ParamArgs<N>): string {
  return `#${pathOf(name, ...params)}${engineQuery()}`;
}

/** The href of a route on a given engine (for a link that opens another window on it). */
export function hrefOnEngine(engine: string | undefined, route: Route): string {
  return `#${pathOf(route.name, ...([route.params] as ParamArgs<typeof route.name>))}${engineQuery(engine)}`;
}

export function navigate<N extends RouteName>(name: N, ...params: ParamArgs<N>): void {
  window.location.hash = href(name, ...params);
}

/** Shows `route` in place of the current address, without a step in the history (an unknown address). */
export function replaceRoute(route: Route): void {
  history.replaceState(null, '', hrefOnEngine(parseLocation(window.location.hash).engine, route));
}

/** Switches this window to another engine on `route`: the address names the engine from now on. */
export function navigateOnEngine(engine: string, route: Route): void {
  window.location.hash = hrefOnEngine(engine, route);
}

export function useLocation(): Location {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseLocation(hash);
}
