/**
 * Hash routes (`#/containers`, `#/containers/<id>/logs`, `#/engines`): they work the same from disk (the
 * desktop app) and from the browser-mode server, and every page can be linked to. A location is the page
 * id (the first segment) and the segments after it, which the page reads as its parameters.
 */
import { useSyncExternalStore } from 'react';

export interface Location {
  /** The first segment: which page. */
  page: string;
  /** The decoded segments after it, e.g. a container id and a tab. */
  params: string[];
}

export function parseLocation(hash: string): Location {
  const path = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  const [page = '', ...params] = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { page, params };
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The href of a page and its parameters: `hrefOf('containers', id, 'logs')`. */
export function hrefOf(page: string, ...params: string[]): string {
  return `#/${[page, ...params].map(encodeURIComponent).join('/')}`;
}

export function navigate(page: string, ...params: string[]): void {
  window.location.hash = hrefOf(page, ...params);
}

export function useLocation(): Location {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseLocation(hash);
}
