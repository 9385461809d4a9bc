/**
 * The roots of the query keys (the first element of every key), tied by type to the engine's resource
 * names in the contract. The backend's "changed" notices name `ResourceKind`s, and app/updates.ts makes
 * stale every query under each one named; so a query about containers has the root `containers`, the
 * contract's own word. Every other root is declared here with what it holds.
 *
 * The `Register` below makes every query and mutation key in the renderer start with a declared root:
 * a key with a root of its own, or a resource the contract renamed, is a type error and not a list that
 * silently stops refreshing. Each feature still owns its keys (`containerKeys`, `imageKeys`, …).
 */
import type { ResourceKind } from '../../../engine/contract/types';

/** Roots the engine's notices do not name: refreshed by hand, by the stream's other notices, or never. */
type OwnRoot =
  /** The engines Berth knows and the one in use (the stream's status notices). */
  | 'engine'
  /** The engine Berth runs itself (the stream's managed notices). */
  | 'managed'
  | 'preferences'
  /** Version, mode and platform of the app. */
  | 'app'
  | 'vm'
  /** Made of containers, images and volumes together: stale with any of them (staleAfterChange). */
  | 'disk'
  /** Read on request: reading them runs a helper container, whose events would otherwise ask again. */
  | 'volume-sizes'
  | 'volume-files'
  /** Listing a running container's folder runs exec, itself a container event: refreshed by hand. */
  | 'container-files'
  | 'cleanup-preview'
  /** The clean-up under way (a mutation). */
  | 'cleanup'
  | 'compose'
  | 'registries'
  | 'terminals';

export type QueryRoot = ResourceKind | OwnRoot;

/** Every key of the app: a declared root, then whatever tells its queries apart. */
export type AppQueryKey = readonly [QueryRoot, ...unknown[]];

declare module '@tanstack/react-query' {
  interface Register {
    queryKey: AppQueryKey;
    mutationKey: AppQueryKey;
  }
}

/**
 * What a notice that a kind of resource changed makes stale: its own root, and the roots made from it.
 * A kind the contract adds is a type error here until it says what it refreshes.
 */
export const staleAfterChange: { readonly [K in ResourceKind]: readonly [K, ...QueryRoot[]] } = {
  containers: ['containers', 'disk'],
  images: ['images', 'disk'],
  volumes: ['volumes', 'disk'],
  networks: ['networks'],
  swarm: ['swarm'],
};

/** Roots that are not about one engine: kept when the window changes engine. */
export const notAboutOneEngine: ReadonlySet<QueryRoot> = new Set<QueryRoot>(['engine', 'preferences', 'app', 'managed', 'vm']);

/** The root of a key as stored in the cache. */
export function rootOf(key: AppQueryKey): QueryRoot {
  return key[0];
}
