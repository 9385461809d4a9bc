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

  it('refuses unknown methods in words', async () => {
    const { host, sent, next } = hostWith({});
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

/** A stats stream that records what is written into it and sends nothing until told. */
function statsHost() {
  const written: unknown[] = [];
  const signals: AbortSignal[] = [];
  const queues: EventQueue<{ at: number; containers: [] }>[] = [];
  const session = hostWith({
    streams: {
      'containers.stats': (_input, ctx) => {
        signals.push(ctx.signal);
        ctx.onWrite((data) => written.push(data));
        const queue = new EventQueue<{ at: number; containers: [] }>(ctx.signal);
        queues.push(queue);
        return queue as never;
      },
    },
  });
  return { ...session, written, signals, queues };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('every message the UI sends gets an answer', () => {
  it('answers messages that are not the protocol: with the id when it can be made out, otherwise with none', async () => {
    const { host, sent, next } = hostWith({});
    host.receive({ nonsense: true });
    host.receive(null);
    host.receive('call');
    host.receive({ t: 'shout', id: 11 });
    host.receive({ t: 'call', id: 12, method: 42, input: {} });
    host.receive({ t: 'open', id: 13, stream: ['x'] });
    host.receive({ t: 'call', id: -1, method: 'engine.status', input: {} });
    host.receiveText('{not json');
    await next(8);
    expect(sent).toHaveLength(8);
    expect(sent.slice(0, 3)).toEqual(Array(3).fill(expect.objectContaining({ t: 'refused', id: null, error: expect.objectContaining({ code: 'invalid-input' }) })));
    expect(sent[3]).toMatchObject({ t: 'refused', id: 11, error: { code: 'invalid-input' } });
    expect(sent[4]).toMatchObject({ t: 'result', id: 12, ok: false, error: { code: 'invalid-input' } });
    expect(sent[5]).toMatchObject({ t: 'end', id: 13, error: { code: 'invalid-input' } });
    expect(sent[6]).toMatchObject({ t: 'refused', id: null });
    expect(sent[7]).toEqual({ t: 'refused', id: null, error: { code: 'invalid-input', message: 'Berth could not read this message: it is not JSON.' } });
  });

  it('answers a call without input with what the request is missing', async () => {
    const { host, next } = hostWith({ methods: { 'containers.act': async () => ({ done: [], failed: [] }) } });
    host.receive({ t: 'call', id: 14, method: 'containers.act' });
    const [reply] = await next();
    expect(reply).toMatchObject({ t: 'result', id: 14, ok: false, error: { code: 'invalid-input' } });
  });

  it('answers a write or a close to a stream that is not open', async () => {
    const { host, sent, next } = hostWith({});
    host.receive({ t: 'write', id: 15, data: { ids: [] } });
    host.receive({ t: 'close', id: 16 });
    await next(2);
    expect(sent).toEqual([
      { t: 'refused', id: 15, error: { code: 'unknown-stream', message: 'No stream 15 is open (it may have ended already), so this was not written.' } },
      { t: 'end', id: 16 },
    ]);
  });

  it('refuses a write the stream does not take, and the stream goes on', async () => {
    const { host, sent, next, written, signals } = statsHost();
    host.receive({ t: 'open', id: 17, stream: 'containers.stats', input: { ids: [] } });
    await tick();
    host.receive({ t: 'write', id: 17, data: { ids: 'all' } });
    host.receive({ t: 'write', id: 17, data: { ids: ['web'] } });
    await next(1);
    expect(sent).toEqual([{ t: 'refused', id: 17, error: expect.objectContaining({ code: 'invalid-input' }) }]);
    expect(written).toEqual([{ ids: ['web'] }]);
    expect(signals[0]!.aborted).toBe(false);
  });

  it('refuses a stream or call that reuses the id of a live stream, and the first stream is unaffected', async () => {
    const { host, sent, next, written, signals, queues } = statsHost();
    host.receive({ t: 'open', id: 18, stream: 'containers.stats', input: { ids: [] } });
    await tick();
    host.receive({ t: 'open', id: 18, stream: 'containers.stats', input: { ids: ['db'] } });
    host.receive({ t: 'call', id: 18, method: 'engine.status', input: {} });
    await next(2);
    expect(sent).toEqual(Array(2).fill({ t: 'refused', id: 18, error: { code: 'id-in-use', message: 'Id 18 is already in use by a request or stream that has not ended: choose another.' } }));
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(false);
    queues[0]!.push({ at: 1, containers: [] });
    host.receive({ t: 'write', id: 18, data: { ids: ['web'] } });
    await next(3);
    expect(sent[2]).toEqual({ t: 'data', id: 18, data: { at: 1, containers: [] } });
    expect(written).toEqual([{ ids: ['web'] }]);
    host.receive({ t: 'close', id: 18 });
    await next(4);
    expect(sent[3]).toEqual({ t: 'end', id: 18 });
    // Once ended, the id is free again.
    host.receive({ t: 'open', id: 18, stream: 'containers.stats', input: { ids: [] } });
    await tick();
    expect(signals).toHaveLength(2);
  });

  it('refuses a call that reuses the id of a call still under way, and answers the first once', async () => {
    let finish: (v: { state: 'running' }) => void = () => undefined;
    const { host, sent, next } = hostWith({ methods: { 'engine.status': () => new Promise((r) => (finish = r)) as never } });
    host.receive({ t: 'call', id: 19, method: 'engine.status', input: {} });
    host.receive({ t: 'call', id: 19, method: 'engine.status', input: {} });
    await next(1);
    expect(sent).toEqual([{ t: 'refused', id: 19, error: expect.objectContaining({ code: 'id-in-use' }) }]);
    finish({ state: 'running' });
    await next(2);
    await tick();
    expect(sent.slice(1)).toEqual([{ t: 'result', id: 19, ok: true, value: { state: 'running' } }]);
  });
});
