/** The contract of the app itself: what it is, which engine it uses, and Berth’s managed engine. */
import { z } from 'zod';
import { method, none, stream } from './define';
import type { AppInfo, AppUpdate, EngineEndpoint, EngineStatus, ManagedEngineStatus } from './types';

export const appMethods = {
  'app.info': method<AppInfo>()(none),

  'engine.status': method<EngineStatus>()(none),
  /** Every engine Berth can find, pinged now. */
  'engine.list': method<EngineEndpoint[]>()(none),
  /** Make an engine the active one and remember the choice. */
  'engine.select': method<EngineStatus>()(z.object({ id: z.string().min(1).max(200) }).strict()),

  'managed.status': method<ManagedEngineStatus>()(none),
  'managed.start': method<ManagedEngineStatus>()(none),
  'managed.stop': method<ManagedEngineStatus>()(none),
  'managed.restart': method<ManagedEngineStatus>()(none),
  /** The last lines dockerd wrote. */
  'managed.log': method<string[]>()(none),
} as const;

export const appStreams = {
  /** Engine status, managed-engine status and "what changed" notices, for as long as the UI is open. */
  'app.updates': stream<AppUpdate>()(none),
} as const;
