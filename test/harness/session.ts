/**
 * Talks to a backend the way a window does: through a real SessionHost, so every input is validated by the
 * contract's schemas and every stream runs with its signal, backpressure and teardown as in the app.
 */
import type { Backend } from '../../engine/backend';
import type { MethodName, OutputOf, StreamEventOf, StreamName } from '../../engine/contract/contract';
import type { ServerMessage, WireError } from '../../engine/contract/protocol';
import { SessionHost } from '../../engine/rpc/session-host';

export interface OpenedStream<E> {
  events: E[];
  /** Resolves when the stream ends: with the error it ended with, if any. */
  ended: Promise<WireError | undefined>;
  write(data: unknown): void;
  close(): void;
  /** Resolves with the first event that matches. */
  waitFor(match: (event: E) => boolean, timeoutMs?: number): Promise<E>;
}

export interface TestSession {
  call<M extends MethodName>(method: M, input: unknown): Promise<OutputOf<M>>;
  open<S extends StreamName>(stream: S, input: unknown): OpenedStream<StreamEventOf<S>>;
  dispose(): void;
}

export function testSession(backend: Backend): TestSession {
  let nextId = 1;
  const listeners = new Map<number, (m: ServerMessage) => void>();
  const host = new SessionHost(backend.handlers, (m) => (m.id === null ? undefined : listeners.get(m.id)?.(m)), backend.newScope());

  return {
    call(method, input) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        listeners.set(id, (m) => {
          listeners.delete(id);
          if (m.t === 'refused') reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
          if (m.t !== 'result') return;
          if (m.ok) resolve(m.value as never);
          else reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
        });
        host.receive({ t: 'call', id, method, input });
      });
    },
    open(stream, input) {
      const id = nextId++;
      const events: never[] = [];
      const waiters: (() => void)[] = [];
      let finish: (e: WireError | undefined) => void = () => undefined;
      const ended = new Promise<WireError | undefined>((resolve) => (finish = resolve));
      let done = false;
      listeners.set(id, (m) => {
        if (m.t === 'data') events.push(m.data as never);
        if (m.t === 'end') {
          done = true;
          listeners.delete(id);
          finish(m.error);
        }
        waiters.forEach((w) => w());
      });
      host.receive({ t: 'open', id, stream, input });
      return {
        events,
        ended,
        write: (data) => host.receive({ t: 'write', id, data }),
        close: () => host.receive({ t: 'close', id }),
        waitFor(match, timeoutMs = 30_000) {
          return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no matching event on ${stream} within ${timeoutMs} ms`)), timeoutMs);
            const check = () => {
              const found = events.find(match);
              if (found !== undefined) {
                clearTimeout(timer);
                resolve(found);
              } else if (done) {
                clearTimeout(timer);
                void ended.then((e) => reject(new Error(`${stream} ended without a matching event${e ? `: ${e.message}` : ''}`)));
              } else waiters.push(check);
            };
            check();
          });
        },
      };
    },
    dispose: () => host.dispose(),
  };
}
