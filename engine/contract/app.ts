/** The contract of the app itself: what it is, which engine it uses, and Berth’s managed engine. */
import { z } from 'zod';
import { method, none, stream } from './define';
import type { AppInfo, AppUpdate, EngineEndpoint, EngineStatus, ManagedEngineStatus } from './types';

/**
 * Stopping an engine that other Berth windows use stops their containers too: the backend refuses until
 * the user has confirmed that (`othersConfirmed`), so no window stops an engine under another by surprise.
 */
export const stopInput = z.object({ othersConfirmed: z.boolean().optional() }).strict().optional();

export const appMethods = {
  'app.info': method<AppInfo>()(none),

  'engine.status': method<EngineStatus>()(none),
  /** Every engine Berth can find, pinged now. */
  'engine.list': method<EngineEndpoint[]>()(none),
  /** Make an engine the active one and remember the choice. */
  'engine.select': method<EngineStatus>()(z.object({ id: z.string().min(1).max(200) }).strict()),
  /**
   * Keeps the calling window on one engine (its address names it), whatever the others use; null makes it
   * follow the engine in use again. Answers once the engine has answered or failed once.
   */
  'engine.pin': method<EngineStatus>()(z.object({ id: z.string().min(1).max(200).nullable() }).strict()),

  'managed.status': method<ManagedEngineStatus>()(none),
  'managed.start': method<ManagedEngineStatus>()(none),
  'managed.stop': method<ManagedEngineStatus>()(stopInput),
  'managed.restart': method<ManagedEngineStatus>()(stopInput),
  /** The last lines dockerd wrote. */
  'managed.log': method<string[]>()(none),
} as const;

export const appStreams = {
  /** Engine status, managed-engine status and "what changed" notices, for as long as the UI is open. */
  'app.updates': stream<AppUpdate>()(none),
} as const;
