/**
 * The building blocks of the contract: a method is a validated input and a typed output; a stream is a
 * validated input, typed events pushed to the UI and, optionally, validated messages written back.
 * Each area of the app declares its part of the contract in its own file with these.
 */
import { z } from 'zod';

/** The output field exists only for the type checker. */
export interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  output?: O;
}

export interface StreamSpec<I extends z.ZodType, E, W extends z.ZodType | undefined = undefined> {
  input: I;
  /** Schema of what the UI may send into the stream (a terminal's keystrokes, a resize), if anything. */
  write: W;
  event?: E;
}

export const method =
  <O>() =>
  <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input });

export const stream =
  <E>() =>
  <I extends z.ZodType, W extends z.ZodType | undefined = undefined>(input: I, write?: W): StreamSpec<I, E, W> => ({
    input,
    write: write as W,
  });

/** For methods that take nothing. */
export const none = z.object({}).strict().optional();

/** A container, image, volume or network id or name as the engine accepts it. */
export const engineObjectId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:/@-]{0,255}$/, 'an id or a name');
