/**
 * The one contract between the UI and the backend: every method and stream, gathered from the file of
 * each area. Each has a runtime schema for its input (checked by the backend on every call, whatever the
 * transport) and the TypeScript type of its output. The renderer imports this file for types only.
 *
 * Adding an area: declare `<area>Methods` / `<area>Streams` in engine/contract/<area>.ts with `method` and
 * `stream` from ./define, spread them in here, and implement them in engine/services/<area>.ts.
 */
import type { z } from 'zod';
import { appMethods, appStreams } from './app';
import { containerMethods } from './containers';
import { volumeMethods, volumeStreams } from './volumes';
import { networkMethods } from './networks';
import { diskMethods } from './disk';
import { preferenceMethods } from './preferences';
import { fileMethods } from './files';
import { imageMethods, imageStreams } from './images';
import { containerDetailMethods, containerDetailStreams } from './container-details';
import { runMethods } from './run';
import { logStreams } from './logs';
import { terminalMethods, terminalStreams } from './terminal';
import { vmMethods, vmStreams } from './vm';
import { remoteEngineMethods } from './remote-engines';
import { composeMethods, composeStreams } from './compose';
import { swarmMethods } from './swarm';

export const methods = {
  ...appMethods,
  ...containerMethods,
  ...volumeMethods,
  ...networkMethods,
  ...diskMethods,
  ...preferenceMethods,
  ...imageMethods,
  ...fileMethods,
  ...runMethods,
  ...containerDetailMethods,
  ...terminalMethods,
  ...vmMethods,
  ...remoteEngineMethods,
  ...composeMethods,
  ...swarmMethods,
} as const;

export const streams = {
  ...appStreams,
  ...volumeStreams,
  ...imageStreams,
  ...containerDetailStreams,
  ...logStreams,
  ...terminalStreams,
  ...vmStreams,
  ...composeStreams,
} as const;

export type Methods = typeof methods;
export type Streams = typeof streams;
export type MethodName = keyof Methods;
export type StreamName = keyof Streams;

export type InputOf<M extends MethodName> = z.input<Methods[M]['input']>;
export type OutputOf<M extends MethodName> = NonNullable<Methods[M]['output']>;
export type StreamInputOf<S extends StreamName> = z.input<Streams[S]['input']>;
export type StreamEventOf<S extends StreamName> = NonNullable<Streams[S]['event']>;
export type StreamWriteOf<S extends StreamName> = Streams[S]['write'] extends z.ZodType ? z.input<Streams[S]['write']> : never;
