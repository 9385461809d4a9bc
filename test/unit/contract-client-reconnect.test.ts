import { describe, expect, it } from 'vitest';
import type { ClientMessage, ServerMessage } from '../../engine/contract/protocol';
import { afterReconnect } from '../../engine/contract/stream-reconnect';
import { streams } from '../../engine/contract/contract';
import type { UserError } from '../../engine/contract/errors';
import { ContractClient } from '../../renderer/src/rpc/client';
import type { MessagePort, PortState } from '../../renderer/src/rpc/port';

function fakePort() {
  const sent: ClientMessage[] = [];
  let onMessage: (m: ServerMessage) => void = () => undefined;
  let onState: (s: PortState) => void = () => undefined;
  const port: MessagePort = {
    send: (m) => void sent.push(m),
    onMessage: (l) => void (onMessage = l),
    onState: (l) => void (onState = l),
  };
  return { port, sent, deliver: (m: ServerMessage) => onMessage(m), setState: (s: PortState) => onState(s) };
}

describe('streams after the connection to the backend drops', () => {
  it('declares for every stream of the contract whether it is opened again, resumed or interrupted', () => {
    expect(Object.keys(afterReconnect).sort()).toEqual(Object.keys(streams).sort());
  });

  it('opens again only the streams whose input says all, and ends the others as interrupted', () => {
    const { port, sent, setState } = fakePort();
    const client = new ContractClient(port);
    setState('open');
    const ended: Record<string, UserError | undefined> = {};
    const updates = client.open('app.updates', {}, { onData: () => undefined, onEnd: (e) => (ended.updates = e) });
    client.open('images.pull', { reference: 'nginx' }, { onData: () => undefined, onEnd: (e) => (ended.pull = e) });
    client.open('containers.stats', { ids: ['web'] }, { onData: () => undefined, onEnd: (e) => (ended.stats = e) });
    void updates;
    const before = sent.length;

    setState('closed');
    expect(ended.pull).toMatchObject({ code: 'interrupted', message: expect.stringMatching(/lost.*interrupted/) });
    expect('updates' in ended || 'stats' in ended).toBe(false);

    // Opened while the connection is down: the port sends it once it is back; the client must not repeat it.
    client.open('container.top', { id: 'web' }, { onData: () => undefined });
    setState('connecting');
    setState('open');
    const reopened = sent.slice(before).filter((m) => m.t === 'open');
    expect(reopened.map((m) => (m as { stream: string }).stream).sort()).toEqual(['app.updates', 'container.top', 'containers.stats']);
    expect(reopened.filter((m) => (m as { stream: string }).stream === 'container.top')).toHaveLength(1);
    expect(reopened.find((m) => (m as { stream: string }).stream === 'containers.stats')).toMatchObject({ input: { ids: ['web'] } });
    expect(sent.slice(before).some((m) => m.t === 'open' && m.stream === 'images.pull')).toBe(false);
  });

  it('lets a consumer that resumes from its own cursor close its stream first, and then ends nothing twice', () => {
    const { port, setState } = fakePort();
    const client = new ContractClient(port);
    setState('open');
    let ends = 0;
    const follow = client.open('logs.follow', { containerId: 'web', from: { tail: 10 } }, { onData: () => undefined, onEnd: () => ends++ });
    client.onState((s) => {
      if (s === 'closed') follow.close();
    });
    setState('closed');
    expect(ends).toBe(0);
  });

  it('fails a call the backend refused, and leaves a stream running when only a write was refused', () => {
    const { port, deliver, setState } = fakePort();
    const client = new ContractClient(port);
    setState('open');
    let ended = false;
    client.open('containers.stats', { ids: [] }, { onData: () => undefined, onEnd: () => (ended = true) });
    const call = client.call('engine.status');
    deliver({ t: 'refused', id: 1, error: { code: 'invalid-input', message: 'Not written.' } });
    deliver({ t: 'refused', id: 2, error: { code: 'id-in-use', message: 'Id 2 is already in use.' } });
    deliver({ t: 'refused', id: null, error: { code: 'invalid-input', message: 'Not JSON.' } });
    expect(ended).toBe(false);
    return expect(call).rejects.toMatchObject({ message: 'Id 2 is already in use.' });
  });
});
