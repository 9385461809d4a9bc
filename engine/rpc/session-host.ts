/**
 * Serves the contract to one connected UI (one window, one WebSocket). It validates every message and
 * every input against the contract's schemas, runs the handler, and turns any failure into a WireError.
 * Streams are sessions: each has an id, pushes with backpressure (the transport's `send` may return a
 * promise that resolves when its buffer has drained), and is torn down on `close` or when the UI goes away.
 */
import type { z } from 'zod';
import { methods, streams } from '../contract/contract';
import type { MethodName, Methods, OutputOf, StreamEventOf, StreamName, Streams } from '../contract/contract';
import { UserError } from '../contract/errors';
import { clientMessage } from '../contract/protocol';
import type { ServerMessage, WireError } from '../contract/protocol';
import { runInScope } from './session-scope';
import type { SessionScope } from './session-scope';

export type MethodHandlers = {
  [M in MethodName]: (input: z.output<Methods[M]['input']>) => Promise<OutputOf<M>>;
};

export interface StreamContext<W> {
  /** Aborted when the UI closes the stream or disconnects. */
  signal: AbortSignal;
  /** Register a receiver for what the UI writes into the stream (already validated). */
  onWrite(receiver: (data: W) => void): void;
}

type WriteOf<S extends StreamName> = Streams[S]['write'] extends z.ZodType ? z.output<Streams[S]['write']> : never;

export type StreamHandlers = {
  [S in StreamName]: (
    input: z.output<Streams[S]['input']>,
    ctx: StreamContext<WriteOf<S>>,
  ) => AsyncIterable<StreamEventOf<S>>;
};

export interface Handlers {
  methods: MethodHandlers;
  streams: StreamHandlers;
}

/** Sends one message; may return a promise to apply backpressure. */
export type Send = (message: ServerMessage) => void | Promise<void>;

interface OpenStream {
  abort: AbortController;
  receivers: ((data: unknown) => void)[];
  writeSchema: z.ZodType | undefined;
}

export function toWireError(e: unknown): WireError {
  if (e instanceof UserError) return e.toWire();
  // A programming error: log it for us, show the user a sentence rather than a stack trace.
  console.error('[berth] unexpected error:', e);
  const detail = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: `Something went wrong inside Berth: ${detail}` };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .slice(0, 5)
    .join('; ');
}

/** How many calls and streams one connection may have under way at once; a UI has a few dozen. */
export const MAX_UNDER_WAY = 1000;

/** The `t` and `id` of a message that did not match the protocol, where they can be made out. */
function salvage(raw: unknown): { t?: unknown; id: number | null } {
  if (typeof raw !== 'object' || raw === null) return { id: null };
  const { t, id } = raw as { t?: unknown; id?: unknown };
  return { t, id: typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null };
}

export class SessionHost {
  private readonly open = new Map<number, OpenStream>();
  /** Ids of calls not answered yet: an id stays taken until its answer has gone out. */
  private readonly calls = new Set<number>();
  private disposed = false;

  constructor(
    private readonly handlers: Handlers,
    private readonly send: Send,
    /** This connection's own state (the engine its window stays on); every handler runs inside it. */
    private readonly scope?: SessionScope,
  ) {}

  /** Handles one message from the UI; never throws, and always answers (see engine/contract/protocol.ts). */
  receive(raw: unknown): void {
    runInScope(this.scope, () => this.handle(raw));
  }

  private handle(raw: unknown): void {
    const parsed = clientMessage.safeParse(raw);
    if (!parsed.success) {
      this.answerMalformed(raw, parsed.error);
      return;
    }
    const msg = parsed.data;
    switch (msg.t) {
      case 'call':
        if (this.refuseTaken(msg.id)) return;
        this.calls.add(msg.id);
        void this.call(msg.id, msg.method, msg.input).finally(() => this.calls.delete(msg.id));
        return;
      case 'open':
        if (this.refuseTaken(msg.id)) return;
        void this.openStream(msg.id, msg.stream, msg.input);
        return;
      case 'write': {
        const s = this.open.get(msg.id);
        if (!s) {
          this.refuse(msg.id, 'unknown-stream', `No stream ${msg.id} is open (it may have ended already), so this was not written.`);
          return;
        }
        if (!s.writeSchema) {
          this.refuse(msg.id, 'invalid-input', 'This stream takes nothing written into it.');
          return;
        }
        const data = s.writeSchema.safeParse(msg.data);
        if (!data.success) {
          this.refuse(msg.id, 'invalid-input', `Not written: ${describeIssues(data.error)}.`);
          return;
        }
        for (const r of s.receivers) r(data.data);
        return;
      }
      case 'close': {
        const s = this.open.get(msg.id);
        // The stream answers with its own `end`; one that is not open has ended already, so say that.
        if (s) s.abort.abort();
        else if (this.calls.has(msg.id)) this.refuse(msg.id, 'unknown-stream', `${msg.id} is a request, not a stream: it cannot be closed.`);
        else this.answer({ t: 'end', id: msg.id });
        return;
      }
    }
  }

  /** Handles one message as JSON text (the WebSocket's form); text that is not JSON is refused. */
  receiveText(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.refuse(null, 'invalid-input', 'Berth could not read this message: it is not JSON.');
      return;
    }
    this.receive(message);
  }

  /** Ends every stream of this connection: the window or socket went away. */
  dispose(): void {
    this.disposed = true;
    for (const s of this.open.values()) s.abort.abort();
    this.open.clear();
    this.scope?.onDispose?.();
  }

  /** Answers a message that is not what the protocol allows, in the shape its sender waits for where it can. */
  private answerMalformed(raw: unknown, issues: z.ZodError): void {
    const { t, id } = salvage(raw);
    const error = { code: 'invalid-input', message: `Berth could not read this message: ${describeIssues(issues)}.` };
    if (id !== null && !this.taken(id) && t === 'call') this.answer({ t: 'result', id, ok: false, error });
    else if (id !== null && !this.taken(id) && t === 'open') this.answer({ t: 'end', id, error });
    else this.answer({ t: 'refused', id, error });
  }

  private taken(id: number): boolean {
    return this.calls.has(id) || this.open.has(id);
  }

  /** Refuses a call or stream whose id is in use, or one too many; what holds the id goes on untouched. */
  private refuseTaken(id: number): boolean {
    if (this.taken(id)) {
      this.refuse(id, 'id-in-use', `Id ${id} is already in use by a request or stream that has not ended: choose another.`);
      return true;
    }
    if (this.calls.size + this.open.size >= MAX_UNDER_WAY) {
      this.refuse(id, 'too-many', `This window already has ${MAX_UNDER_WAY} requests and streams under way: wait for some to end.`);
      return true;
    }
    return false;
  }

  private refuse(id: number | null, code: string, message: string): void {
    this.answer({ t: 'refused', id, error: { code, message } });
  }

  private answer(message: ServerMessage): void {
    if (this.disposed) return;
    void Promise.resolve(this.send(message)).catch(() => undefined);
  }

  private async call(id: number, name: string, input: unknown): Promise<void> {
    if (!Object.hasOwn(methods, name)) {
      await this.send({ t: 'result', id, ok: false, error: { code: 'unknown-method', message: `Unknown request “${name}”.` } });
      return;
    }
    const m = name as MethodName;
    const parsed = methods[m].input.safeParse(input);
    if (!parsed.success) {
      const error = { code: 'invalid-input', message: `Invalid request: ${describeIssues(parsed.error)}.` };
      await this.send({ t: 'result', id, ok: false, error });
      return;
    }
    try {
      const handler = this.handlers.methods[m] as (input: unknown) => Promise<unknown>;
      const value = await handler(parsed.data);
      if (!this.disposed) await this.send({ t: 'result', id, ok: true, value });
    } catch (e) {
      if (!this.disposed) await this.send({ t: 'result', id, ok: false, error: toWireError(e) });
    }
  }

  private async openStream(id: number, name: string, input: unknown): Promise<void> {
    if (!Object.hasOwn(streams, name)) {
      await this.send({ t: 'end', id, error: { code: 'unknown-method', message: `Unknown stream “${name}”.` } });
      return;
    }
    const s = name as StreamName;
    const spec = streams[s];
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      await this.send({ t: 'end', id, error: { code: 'invalid-input', message: `Invalid request: ${describeIssues(parsed.error)}.` } });
      return;
    }
    const session: OpenStream = { abort: new AbortController(), receivers: [], writeSchema: spec.write };
    this.open.set(id, session);
    const ctx: StreamContext<unknown> = {
      signal: session.abort.signal,
      onWrite: (r) => session.receivers.push(r),
    };
    let error: WireError | undefined;
    try {
      const handler = this.handlers.streams[s] as (input: unknown, ctx: StreamContext<unknown>) => AsyncIterable<unknown>;
      const iterator = handler(parsed.data, ctx)[Symbol.asyncIterator]();
      // Returning the iterator on abort unblocks a handler that is waiting for its next event.
      const onAbort = () => void iterator.return?.();
      session.abort.signal.addEventListener('abort', onAbort, { once: true });
      try {
        while (!session.abort.signal.aborted) {
          const next = await iterator.next();
          if (next.done || session.abort.signal.aborted) break;
          await this.send({ t: 'data', id, data: next.value });
        }
      } finally {
        session.abort.signal.removeEventListener('abort', onAbort);
      }
    } catch (e) {
      if (!session.abort.signal.aborted) error = toWireError(e);
    } finally {
      this.open.delete(id);
      session.abort.abort();
    }
    if (!this.disposed) await this.send(error ? { t: 'end', id, error } : { t: 'end', id });
  }
}
