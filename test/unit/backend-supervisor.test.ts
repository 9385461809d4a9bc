/**
 * The main process's policy for its backend process (electron/backend-process/supervisor.ts): when it
 * stops unasked, start it again at once, then with growing waits, and give up after five quick stops; a
 * backend that cannot run at all is not restarted. The backend processes here are stand-ins that exit as
 * told: what is under test is the supervisor, and the real process is driven in
 * test/integration/backend-process.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendMessage, MainMessage } from '../../electron/backend-process/messages';
import { BackendSupervisor } from '../../electron/backend-process/supervisor';
import type { BackendChild } from '../../electron/backend-process/supervisor';

const preferences = {} as never;

class StandIn implements BackendChild<string> {
  static all: StandIn[] = [];
  readonly pid = 1000 + StandIn.all.length;
  readonly sent: MainMessage[] = [];
  private messageListeners: ((m: BackendMessage) => void)[] = [];
  private exitListeners: ((code: number) => void)[] = [];
  constructor() {
    StandIn.all.push(this);
  }
  send(message: MainMessage) {
    this.sent.push(message);
  }
  connectPage(page: number) {
    return `port-${this.pid}-${page}`;
  }
  onMessage(l: (m: BackendMessage) => void) {
    this.messageListeners.push(l);
  }
  onExit(l: (code: number) => void) {
    this.exitListeners.push(l);
  }
  kill() {
    this.exit(137);
  }
  say(message: BackendMessage) {
    this.messageListeners.forEach((l) => l(message));
  }
  exit(code: number) {
    this.exitListeners.forEach((l) => l(code));
  }
}

const services = { chooseFile: async () => '/chosen', encrypt: (t: string) => Buffer.from(t), decrypt: (d: Buffer) => d.toString() };

function supervised() {
  const s = new BackendSupervisor<string>({ spawn: () => new StandIn(), start: { version: '1', keychain: { available: true } }, services });
  const crashes: [number, number | undefined][] = [];
  s.on('crash', (code, delay) => crashes.push([code, delay]));
  return { s, crashes };
}

beforeEach(() => {
  StandIn.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('the backend supervisor', () => {
  it('starts the backend with what it cannot find out itself, and hands out page ports only once it serves', () => {
    const { s } = supervised();
    s.start();
    const child = StandIn.all[0]!;
    expect(child.sent).toEqual([{ type: 'start', version: '1', keychain: { available: true } }]);
    expect(s.connectPage(1)).toBeUndefined();
    child.say({ type: 'ready', preferences });
    expect(s.connectPage(1)).toBe('port-1000-1');
  });

  it('answers the backend’s requests with what the main process has, errors as sentences', async () => {
    const { s } = supervised();
    s.start();
    const child = StandIn.all[0]!;
    child.say({ type: 'request', id: 7, request: { kind: 'choose-file', request: { kind: 'open', title: 'Pick' } } });
    child.say({ type: 'request', id: 8, request: { kind: 'decrypt', data: new Uint8Array([0xff, 0xfe]) } });
    await vi.runAllTimersAsync();
    expect(child.sent).toContainEqual({ type: 'reply', id: 7, ok: true, value: '/chosen' });
    expect(child.sent.find((m) => m.type === 'reply' && m.id === 8)).toMatchObject({ ok: true });
  });

  it('starts a backend that stopped unasked again: at once, then after 0.5, 1 and 2 s; after five quick stops it gives up', () => {
    const { s, crashes } = supervised();
    s.start();
    for (let i = 0; i < 5; i++) {
      StandIn.all.at(-1)!.exit(1);
      vi.runOnlyPendingTimers();
    }
    expect(crashes).toEqual([
      [1, 0],
      [1, 500],
      [1, 1000],
      [1, 2000],
      [1, undefined],
    ]);
    expect(StandIn.all).toHaveLength(5);
  });

  it('counts a backend that ran a minute as healthy: its stop restarts it at once', () => {
    const { s, crashes } = supervised();
    s.start();
    StandIn.all.at(-1)!.exit(1);
    vi.runOnlyPendingTimers();
    vi.advanceTimersByTime(61_000);
    StandIn.all.at(-1)!.exit(1);
    expect(crashes).toEqual([
      [1, 0],
      [1, 0],
    ]);
  });

  it('does not restart a backend that cannot run, nor one asked to stop', async () => {
    const { s, crashes } = supervised();
    const failed: string[] = [];
    s.on('failed', (m) => failed.push(m));
    s.start();
    StandIn.all[0]!.say({ type: 'failed', message: 'The runtime folder is not yours.' });
    StandIn.all[0]!.exit(1);
    expect(failed).toEqual(['The runtime folder is not yours.']);

    const other = supervised();
    other.s.start();
    const child = StandIn.all.at(-1)!;
    const stopped = other.s.stop(30_000);
    expect(child.sent.at(-1)).toEqual({ type: 'stop' });
    child.exit(0);
    await stopped;
    vi.runAllTimers();
    expect([...crashes, ...other.crashes]).toEqual([]);
    expect(StandIn.all).toHaveLength(2);
  });

  it('ends a backend that does not stop within the limit', async () => {
    const { s } = supervised();
    s.start();
    const child = StandIn.all[0]!;
    const kill = vi.spyOn(child, 'kill');
    const stopped = s.stop(30_000);
    await vi.advanceTimersByTimeAsync(30_000);
    await stopped;
    expect(kill).toHaveBeenCalledOnce();
  });
});
