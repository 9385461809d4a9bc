/**
 * What a service needs from the backend to reach the active engine: run a call against it (a sentence
 * when there is no engine, and the engine's failure turned into a UserError), and describe a failure of
 * one item of a bulk action.
 */
import type Docker from 'dockerode';
import type { Methods, Streams } from '../contract/contract';
import type { MethodHandlers, StreamHandlers } from '../rpc/session-host';

export interface EngineAccess {
  engineCall<T>(run: (docker: Docker) => Promise<T>): Promise<T>;
  describe(error: unknown): string;
}

/** The handlers for one area's part of the contract (`typeof containerMethods`, say). */
export type MethodHandlersFor<T extends Partial<Methods>> = Pick<MethodHandlers, Extract<keyof T, keyof MethodHandlers>>;
export type StreamHandlersFor<T extends Partial<Streams>> = Pick<StreamHandlers, Extract<keyof T, keyof StreamHandlers>>;
