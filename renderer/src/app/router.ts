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
  /** The engine this window stays on (`?engine=<id>`); absent: the engine in use for every window. */
  engine?: string;
}

export function parseLocation(hash: string): Location {
  const [rawPath = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [page = '', ...params] = rawPath.split('/').filter(Boolean).map(safeDecode);
  const engine = new URLSearchParams(query).get('engine') || undefined;
  return engine ? { page, params, engine } : { page, params };
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

/** The href of a page and its parameters: `hrefOf('containers', id, 'logs')`, on the window's engine. */
export function hrefOf(page: string, ...params: string[]): string {
  return `#/${[page, ...params].map(encodeURIComponent).join('/')}${engineQuery()}`;
}

/** The href of a page on a given engine (for a link that opens another window on it). */
export function hrefOnEngine(engine: string | undefined, page: string, ...params: string[]): string {
  return `#/${[page, ...params].map(encodeURIComponent).join('/')}${engineQuery(engine)}`;
}

export function navigate(page: string, ...params: string[]): void {
  window.location.hash = hrefOf(page, ...params);
}

export function useLocation(): Location {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseLocation(hash);
}
