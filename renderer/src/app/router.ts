/**
 * Hash routes (`#/containers`, `#/engines`): they work the same from disk (the desktop app) and from the
 * browser-mode server, and every page can be linked to.
 */
import { useSyncExternalStore } from 'react';

export const routes = ['containers', 'engines'] as const;
export type Route = (typeof routes)[number];
const DEFAULT_ROUTE: Route = 'containers';

function parse(hash: string): Route | undefined {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return routes.find((r) => r === name);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function hrefOf(route: Route): string {
  return `#/${route}`;
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}

/** The current page; an unknown or empty hash is replaced by the default page. */
export function useRoute(): Route {
  const route = useSyncExternalStore(subscribe, () => parse(window.location.hash));
  if (!route) {
    history.replaceState(null, '', hrefOf(DEFAULT_ROUTE));
    return DEFAULT_ROUTE;
  }
  return route;
}
