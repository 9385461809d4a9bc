/**
 * The preload's bridge (electron/page-bridge.ts) over real message ports (Node's, which the DOM's
 * MessagePort API matches): what a page sends before it has a port, and while the backend restarts, goes
 * out on the next port, in order; the page hears the port come and go.
 */
import { MessageChannel } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { pageBridge } from '../../electron/page-bridge';
import type { BridgePort } from '../../electron/page-bridge';

const opened: MessagePort[] = [];
afterEach(() => opened.splice(0).forEach((p) => p.close()));

/** A channel whose far end (the backend's) records what arrives and can answer. */
function backendChannel() {
  const { port1, port2 } = new MessageChannel();
  opened.push(port1, port2);
  const received: unknown[] = [];
  port2.on('message', (m) => received.push(m));
  return { page: port1 as unknown as BridgePort, backend: port2, received };
}

const until = async (probe: () => boolean) => {
  for (let i = 0; !probe(); i++) {
    if (i > 200) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the page bridge', () => {
  it('holds what the page sends until the first port, then sends it in order', async () => {
    const page = pageBridge();
    const states: string[] = [];
    page.bridge.onState((s) => states.push(s));
    page.bridge.send({ t: 'call', id: 1, method: 'engine.status', input: {} });
    page.bridge.send({ t: 'open', id: 2, stream: 'app.updates', input: {} });
    const first = backendChannel();
    page.connected(first.page);
    await until(() => first.received.length === 2);
    expect(first.received.map((m) => (m as { id: number }).id)).toEqual([1, 2]);
    expect(states).toEqual(['connecting', 'open']);
  });

  it('passes the backend’s answers to the page’s listeners', async () => {
    const page = pageBridge();
    const heard: unknown[] = [];
    page.bridge.onMessage((m) => heard.push(m));
    const channel = backendChannel();
    page.connected(channel.page);
    channel.backend.postMessage({ t: 'result', id: 1, ok: true, value: 42 });
    await until(() => heard.length === 1);
    expect(heard).toEqual([{ t: 'result', id: 1, ok: true, value: 42 }]);
  });

  it('when the backend stops, says so, keeps what is sent meanwhile, and sends it on the new port', async () => {
    const page = pageBridge();
    const states: string[] = [];
    const first = backendChannel();
    page.connected(first.page);
    page.bridge.onState((s) => states.push(s));
    page.lost();
    page.bridge.send({ t: 'call', id: 3, method: 'containers.list', input: {} });
    const second = backendChannel();
    page.connected(second.page);
    await until(() => second.received.length === 1);
    expect(first.received).toEqual([]);
    expect(second.received).toEqual([{ t: 'call', id: 3, method: 'containers.list', input: {} }]);
    expect(states).toEqual(['open', 'closed', 'open']);
  });

  it('a port that replaces a live one ends it: the page hears closed, then open', () => {
    const page = pageBridge();
    const states: string[] = [];
    page.connected(backendChannel().page);
    page.bridge.onState((s) => states.push(s));
    page.connected(backendChannel().page);
    expect(states).toEqual(['open', 'closed', 'open']);
  });
});
