import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../engine/contract/protocol';
import { UserError } from '../../engine/contract/errors';
import { EventQueue } from '../../engine/rpc/event-queue';
import { SessionHost } from '../../engine/rpc/session-host';
import type { Handlers } from '../../engine/rpc/session-host';

function hostWith(overrides: { methods?: Partial<Handlers['methods']>; streams?: Partial<Handlers['streams']> }) {
  const sent: ServerMessage[] = [];
  const handlers = { methods: { ...overrides.methods }, streams: { ...overrides.streams } } as Handlers;
  const host = new SessionHost(handlers, (m) => void sent.push(m));
  const next = async (count = 1) => {
    for (let i = 0; i < 50 && sent.length < count; i++) await new Promise((r) => setTimeout(r, 5));
    return sent;
  };
  return { host, sent, next };
}

describe('the session host that serves the contract', () => {
  it('answers a call with the handler’s value', async () => {
    const { host, next } = hostWith({ methods: { 'engine.status': async () => ({ state: 'running' }) } });
    host.receive({ t: 'call', id: 1, method: 'engine.status', input: {} });
    expect(await next()).toEqual([{ t: 'result', id: 1, ok: true, value: { state: 'running' } }]);
  });

  it('refuses input that does not match the schema, in words, without calling the handler', async () => {
    let called = false;
    const { host, next } = hostWith({
      methods: { 'containers.act': async () => ((called = true), { done: [], failed: [] }) },
    });
    host.receive({ t: 'call', id: 2, method: 'containers.act', input: { ids: ['web'], action: 'explode' } });
    const [reply] = await next();
    expect(called).toBe(false);
    expect(reply).toMatchObject({ t: 'result', id: 2, ok: false, error: { code: 'invalid-input' } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/action/);
  });

  it('refuses unknown methods and ignores malformed messages', async () => {
    const { host, sent, next } = hostWith({});
    host.receive({ nonsense: true });
    host.receive({ t: 'call', id: 3, method: '__proto__', input: {} });
    await next();
    expect(sent).toEqual([{ t: 'result', id: 3, ok: false, error: { code: 'unknown-method', message: 'Unknown request “__proto__”.' } }]);
  });

  it('carries a UserError’s sentence and code across, and hides other errors behind a sentence', async () => {
    const { host, next } = hostWith({
      methods: {
        'engine.list': async () => {
          throw new UserError('Nothing is listening at /x.sock: the engine is not running.', 'engine-unreachable');
        },
        'engine.status': async () => {
          throw new TypeError('boom');
        },
      },
    });
    host.receive({ t: 'call', id: 4, method: 'engine.list', input: {} });
    host.receive({ t: 'call', id: 5, method: 'engine.status', input: {} });
    const replies = await next(2);
    expect(replies).toContainEqual({ t: 'result', id: 4, ok: false, error: { code: 'engine-unreachable', message: 'Nothing is listening at /x.sock: the engine is not running.' } });
    expect(replies).toContainEqual({ t: 'result', id: 5, ok: false, error: { code: 'internal', message: 'Something went wrong inside Berth: boom' } });
  });

  it('streams events until the UI closes the stream, then stops the handler', async () => {
    let signal: AbortSignal | undefined;
    let queue: EventQueue<{ type: 'changed'; resources: ['containers'] }> | undefined;
    const { host, sent, next } = hostWith({
      streams: {
        'app.updates': (_input, ctx) => {
          signal = ctx.signal;
          queue = new EventQueue(ctx.signal);
          return queue;
        },
      },
    });
    host.receive({ t: 'open', id: 7, stream: 'app.updates', input: {} });
    await new Promise((r) => setTimeout(r, 5));
    queue!.push({ type: 'changed', resources: ['containers'] });
    await next(1);
    expect(sent[0]).toEqual({ t: 'data', id: 7, data: { type: 'changed', resources: ['containers'] } });
    host.receive({ t: 'close', id: 7 });
    await next(2);
    expect(signal!.aborted).toBe(true);
    expect(sent[1]).toEqual({ t: 'end', id: 7 });
  });

  it('ends every stream when the connection goes away', async () => {
    let signal: AbortSignal | undefined;
    const { host } = hostWith({
      streams: {
        'app.updates': (_input, ctx) => {
          signal = ctx.signal;
          return new EventQueue(ctx.signal);
        },
      },
    });
    host.receive({ t: 'open', id: 8, stream: 'app.updates', input: {} });
    await new Promise((r) => setTimeout(r, 5));
    host.dispose();
    expect(signal!.aborted).toBe(true);
  });

  it('merges queued notices for a slow consumer instead of growing a backlog', async () => {
    const abort = new AbortController();
    const queue = new EventQueue<number[]>(abort.signal, (a, b) => [...a, ...b]);
    queue.push([1]);
    queue.push([2]);
    queue.push([3]);
    abort.abort();
    const seen: number[][] = [];
    for await (const item of queue) seen.push(item);
    expect(seen).toEqual([]); // ended before it was read: nothing is delivered after abort
    const live = new EventQueue<number[]>(new AbortController().signal, (a, b) => [...a, ...b]);
    live.push([1]);
    live.push([2]);
    const it = live[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual([1, 2]);
  });
});
