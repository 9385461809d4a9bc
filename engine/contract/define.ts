/**
 * The building blocks of the contract: a method is a validated input and a typed output; a stream is a
 * validated input, typed events pushed to the UI and, optionally, validated messages written back.
 * Each area of the app declares its part of the contract in its own file with these.
 */
import { z } from 'zod';
import { isImageId, parseImageReference } from './image-reference';

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

/**
 * The engine's grammar for the ids and names of containers, volumes, networks and exec sessions: letters,
 * digits, `_`, `.` and `-`, starting with a letter or digit. Such a value is always one path segment of the
 * Engine API (no `/`, never `.` or `..`), which is what keeps an id from rewriting the request's path.
 */
export const ENGINE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;

/** An image as it may name itself in an Engine API path: its id (`sha256:…`, or a prefix) or a reference. */
export function isImagePathName(text: string): boolean {
  return text.length <= 512 && !/\s/.test(text) && (isImageId(text) || parseImageReference(text).ok);
}

/** Shows a refused value in a sentence without letting it run on or carry control characters. */
export function quoteValue(value: string): string {
  const plain = value.replace(/[\x00-\x1f\x7f]/g, '?');
  return `“${plain.length > 80 ? `${plain.slice(0, 80)}…` : plain}”`;
}

const named = (test: (v: string) => boolean, what: string) =>
  z.string().superRefine((value, ctx) => {
    if (!test(value)) ctx.addIssue({ code: 'custom', message: `${quoteValue(value)} is not ${what}` });
  });

/** A container, volume or network id or name as the engine accepts it (see ENGINE_NAME). */
export const engineObjectId = named((v) => ENGINE_NAME.test(v), 'an id or a name (letters, digits, “_”, “.” and “-”)');

/** An image by id or reference (`nginx:1.27`, `localhost:5000/app@sha256:…`), by the engine's grammar. */
export const imageRef = named(isImagePathName, 'an image id or name');
