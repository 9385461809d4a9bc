/**
 * What belongs to one connected UI (one window, one browser tab) rather than to the whole backend: the
 * engine that window stays on, when its address names one. The session host runs every call and stream of
 * a connection inside its scope, so the backend finds the caller's engine without every handler passing it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface SessionScope {
  /** Unique per connection, for the backend's bookkeeping. */
  readonly id: number;
  /** The engine this window stays on; undefined: the engine in use for every window (the default). */
  engineId?: string;
  /** Called when the connection goes away (the backend lets go of the engine it held for it). */
  onDispose?: () => void;
  /** Called when the window's engine changes (its updates stream sends the new engine's status). */
  onEngineChange?: () => void;
}

const storage = new AsyncLocalStorage<SessionScope>();
let nextId = 1;

export function newSessionScope(): SessionScope {
  return { id: nextId++ };
}

/** Runs `fn` (and everything it awaits or schedules) as the given window. */
export function runInScope<T>(scope: SessionScope | undefined, fn: () => T): T {
  return scope ? storage.run(scope, fn) : fn();
}

/** The window whose call is being handled, if any (the tray and tests call outside any window). */
export function currentScope(): SessionScope | undefined {
  return storage.getStore();
}
