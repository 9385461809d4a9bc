/**
 * The contract client: typed calls and stream sessions over whichever port the app runs with. Errors come
 * back as values and are rebuilt here as UserErrors carrying the backend's sentence.
 */
import type {
  InputOf,
  MethodName,
  OutputOf,
  StreamEventOf,
  StreamInputOf,
  StreamName,
  StreamWriteOf,
} from '../../../engine/contract/contract';
import { UserError } from '../../../engine/contract/errors';
import { INTERRUPTED_MESSAGE, afterReconnect } from '../../../engine/contract/stream-reconnect';
import type { ServerMessage } from '../../../engine/contract/protocol';
import type { MessagePort, PortState } from './port';

export interface StreamHandlers<E> {
  onData(event: E): void;
  /** The stream ended; `error` says why when it failed. */
  onEnd?(error?: UserError): void;
}

export interface StreamSession<W> {
  write(data: W): void;
  close(): void;
}

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface OpenStream {
  name: StreamName;
  input: unknown;
  handlers: StreamHandlers<unknown>;
}

export class ContractClient {
  private nextId = 1;
  private readonly calls = new Map<number, PendingCall>();
  private readonly streams = new Map<number, OpenStream>();
  private readonly stateListeners = new Set<(s: PortState) => void>();
  state: PortState = 'connecting';
  /** Streams that were open when a connection closed, to open again on the next (not those opened since). */
  private toReopen = new Set<number>();

  constructor(private readonly port: MessagePort) {
    port.onMessage((m) => this.receive(m));
    port.onState((s) => this.onPortState(s));
  }

  call<M extends MethodName>(method: M, ...args: Record<never, never> extends InputOf<M> ? [input?: InputOf<M>] : [input: InputOf<M>]): Promise<OutputOf<M>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port.send({ t: 'call', id, method, input: args[0] ?? {} });
    });
  }

  open<S extends StreamName>(stream: S, input: StreamInputOf<S>, handlers: StreamHandlers<StreamEventOf<S>>): StreamSession<StreamWriteOf<S>> {
    const id = this.nextId++;
    this.streams.set(id, { name: stream, input, handlers: handlers as StreamHandlers<unknown> });
    this.port.send({ t: 'open', id, stream, input });
    return {
      write: (data) => this.port.send({ t: 'write', id, data }),
      close: () => {
        if (this.streams.delete(id)) this.port.send({ t: 'close', id });
      },
    };
  }

  onState(listener: (s: PortState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private receive(m: ServerMessage): void {
    if (m.t === 'refused') {
      // This client never reuses an id, so a refusal names one of its calls (fail it) or a stream's write,
      // which leaves the stream running.
      const call = m.id === null ? undefined : this.calls.get(m.id);
      if (call && m.id !== null) {
        this.calls.delete(m.id);
        call.reject(UserError.fromWire(m.error));
      } else console.warn(`[berth] the backend refused a message: ${m.error.message}`);
      return;
    }
    if (m.t === 'result') {
      const call = this.calls.get(m.id);
      if (!call) return;
      this.calls.delete(m.id);
      if (m.ok) call.resolve(m.value);
      else call.reject(UserError.fromWire(m.error));
      return;
    }
    const stream = this.streams.get(m.id);
    if (!stream) return;
    if (m.t === 'data') stream.handlers.onData(m.data);
    else {
      this.streams.delete(m.id);
      stream.handlers.onEnd?.(m.error ? UserError.fromWire(m.error) : undefined);
    }
  }

  private onPortState(state: PortState): void {
    this.state = state;
    if (state === 'closed') {
      // Calls in flight are lost with the connection; say so rather than hang.
      for (const call of this.calls.values()) call.reject(new UserError('Lost the connection to Berth’s backend. Retrying…', 'engine-unreachable'));
      this.calls.clear();
    }
    // Listeners first: what they send on a new connection (the engine this window stays on) must reach the
    // new session before the streams opened again below; and consumers that handle a lost connection
    // themselves (a terminal, a followed log) hear of it before their streams end.
    this.stateListeners.forEach((l) => l(state));
    if (state === 'open') {
      // A new connection has a new session host that knows none of our streams: open again those whose
      // input says all (engine/contract/stream-reconnect.ts). Streams opened while it was down were queued
      // by the port and went out already. (The port passes through "connecting", often several times,
      // between "closed" and "open".)
      for (const id of this.toReopen) {
        const s = this.streams.get(id);
        if (s) this.port.send({ t: 'open', id, stream: s.name, input: s.input });
      }
      this.toReopen.clear();
    }
    if (state === 'closed') {
      // The backend ended them all with the connection; those that cannot simply be opened again end here.
      for (const [id, s] of this.streams) {
        if (afterReconnect[s.name] === 'reopen') {
          this.toReopen.add(id);
          continue;
        }
        this.streams.delete(id);
        s.handlers.onEnd?.(new UserError(INTERRUPTED_MESSAGE, 'interrupted'));
      }
    }
  }
}
