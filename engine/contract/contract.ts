/**
 * The one contract between the UI and the backend. Every method and stream is declared here once, with a
 * runtime schema for its input (checked by the backend on every call, whatever the transport) and the
 * TypeScript type of its output. The renderer imports this file for types only.
 */
import { z } from 'zod';
import type {
  AppInfo,
  AppUpdate,
  BulkResult,
  ContainerSummary,
  EngineEndpoint,
  EngineStatus,
  ManagedEngineStatus,
} from './types';

/** A method: validated input, typed output. The output field exists only for the type checker. */
interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  output?: O;
}
/** A stream: validated input, typed events pushed to the UI, optionally typed messages sent back. */
interface StreamSpec<I extends z.ZodType, E, W extends z.ZodType | undefined = undefined> {
  input: I;
  /** Schema of what the UI may send into the stream (a terminal's keystrokes, a resize), if anything. */
  write: W;
  event?: E;
}

const method = <O>() => <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input });
const stream =
  <E>() =>
  <I extends z.ZodType, W extends z.ZodType | undefined = undefined>(input: I, write?: W): StreamSpec<I, E, W> => ({
    input,
    write: write as W,
  });

const none = z.object({}).strict().optional();
const containerId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'a container id or name');
const containerIds = z.array(containerId).min(1).max(10_000);

export const methods = {
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

  'containers.list': method<ContainerSummary[]>()(none),
  'containers.act': method<BulkResult>()(
    z
      .object({
        ids: containerIds,
        action: z.enum(['start', 'stop', 'restart', 'pause', 'unpause', 'kill']),
      })
      .strict(),
  ),
  'containers.remove': method<BulkResult>()(
    z
      .object({
        ids: containerIds,
        /** Also remove the container's anonymous volumes. */
        volumes: z.boolean(),
        /** Remove running containers too (killing them). */
        force: z.boolean(),
      })
      .strict(),
  ),
} as const;

export const streams = {
  /** Engine status, managed-engine status and "what changed" notices, for as long as the UI is open. */
  'app.updates': stream<AppUpdate>()(none),
} as const;

export type Methods = typeof methods;
export type Streams = typeof streams;
export type MethodName = keyof Methods;
export type StreamName = keyof Streams;

export type InputOf<M extends MethodName> = z.input<Methods[M]['input']>;
export type OutputOf<M extends MethodName> = NonNullable<Methods[M]['output']>;
export type StreamInputOf<S extends StreamName> = z.input<Streams[S]['input']>;
export type StreamEventOf<S extends StreamName> = NonNullable<Streams[S]['event']>;
export type StreamWriteOf<S extends StreamName> =
  Streams[S]['write'] extends z.ZodType ? z.input<Streams[S]['write']> : never;
