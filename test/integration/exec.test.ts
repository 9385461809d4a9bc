import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../engine/backend';
import { startBackend } from '../harness/backend';
import type { TerminalEvent, TerminalSessionInfo, TerminalWrite } from '../../engine/contract/terminal-types';
import type { StreamContext } from '../../engine/rpc/session-host';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';

const engine = testEngine();
/** busybox sh's prompt, maybe followed by its question where the cursor is (ESC[6n) or a redraw (ESC[J). */
const PROMPT = /\/ # (?:\x1b\[[0-9;]*[A-Za-z])*$/;
let backend: Backend;
let dataDir: string;
const made: string[] = [];

async function run(name: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await engine.request('POST', `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], HostConfig: { Init: true }, ...body });
  expect(res.status, res.text).toBe(201);
  const id = res.json.Id as string;
  made.push(id);
  expect((await engine.request('POST', `/containers/${id}/start`)).status).toBe(204);
  return id;
}

type Kind = { kind: 'shell' } | { kind: 'command'; command: string } | { kind: 'attach' };

/**
 * A terminal as the UI drives it: a session opened in the backend and a view of it (write keystrokes and
 * resizes, wait for output, see how it ended). `leave` closes the view only; `close` ends the session.
 */
class Terminal {
  output = '';
  events: TerminalEvent[] = [];
  session: TerminalSessionInfo | undefined;
  readonly done: Promise<void>;
  private abort = new AbortController();
  private receivers: ((w: TerminalWrite) => void)[] = [];

  constructor(containerId: string, kind: Kind = { kind: 'shell' }, size = { cols: 80, rows: 24 }, sessionId?: string) {
    this.done = (async () => {
      const id = sessionId ?? (this.session = await backend.handlers.methods['terminal.open']({ containerId, kind, ...size })).id;
      const ctx: StreamContext<TerminalWrite> = { signal: this.abort.signal, onWrite: (r) => this.receivers.push(r) };
      for await (const e of backend.handlers.streams['terminal.view']({ sessionId: id }, ctx)) {
        this.events.push(e);
        if (e.type === 'screen') this.session = e.session;
        if (e.type === 'output') this.output += Buffer.from(e.data, 'base64').toString('utf8');
        if (e.type === 'screen') this.output += e.data;
      }
    })();
  }

  /** Another view of the same session, as a window coming back to it (or a second window) makes. */
  static view(sessionId: string): Terminal {
    return new Terminal('', { kind: 'shell' }, undefined, sessionId);
  }

  write(w: TerminalWrite): void {
    this.receivers.forEach((r) => r(w));
  }

  type(text: string): void {
    this.write({ type: 'input', data: text });
  }

  /** Waits until the output (after `from`) matches; returns the match. */
  async expectOutput(pattern: RegExp, from = 0, timeoutMs = 10_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.output.slice(from));
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`no ${pattern} in terminal output:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  ended(): TerminalEvent | undefined {
    return this.events.find((e) => e.type === 'ended');
  }

  async whenEnded(): Promise<TerminalEvent> {
    await expect.poll(() => this.ended(), { timeout: 15_000 }).toBeTruthy();
    return this.ended()!;
  }

  /** Stops watching; the session goes on in the backend. */
  leave(): Promise<void> {
    this.abort.abort();
    return this.done.catch(() => undefined);
  }

  /** Ends the session, as the tab's close button does. */
  async close(): Promise<void> {
    await expect.poll(() => this.session).toBeTruthy();
    await backend.handlers.methods['terminal.close']({ sessionId: this.session!.id });
    await this.done.catch(() => undefined);
  }
}

const execState = async (execId: string) => (await engine.request('GET', `/exec/${execId}/json`)).json as { Running: boolean; Pid: number };

beforeAll(async () => {
  ({ backend, dataDir } = await startBackend(engine.dockerHost, 'berth-exec-'));
});

afterAll(async () => {
  await backend?.dispose();
  delete process.env.DOCKER_HOST;
  await Promise.all(made.map((id) => engine.request('DELETE', `/containers/${id}?force=1`)));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('terminals in containers on a real engine', () => {
  it('opens sh when there is no bash, at the size asked, and resizes: stty size inside says so', async () => {
    const id = await run('exec-resize');
    expect(await backend.handlers.methods['terminal.options']({ containerId: id })).toEqual({ running: true, shell: 'sh', canAttach: false });
    const t = new Terminal(id, { kind: 'shell' }, { cols: 100, rows: 30 });
    await t.expectOutput(PROMPT);
    expect(t.session?.command).toEqual(['/bin/sh']);
    t.type('stty size\r');
    await t.expectOutput(/\r\n30 100\r\n/);
    const from = t.output.length;
    t.write({ type: 'resize', cols: 132, rows: 43 });
    t.type('stty size\r');
    await t.expectOutput(/\r\n43 132\r\n/, from);
    // TERM says what xterm.js can do.
    t.type('echo "term=$TERM"\r');
    await t.expectOutput(/term=xterm-256color/);
    await t.close();
  });

  it('interrupts a running command with Ctrl+C, as a TTY does', async () => {
    const id = await run('exec-interrupt');
    const t = new Terminal(id);
    await t.expectOutput(PROMPT);
    t.type('sleep 100\r');
    await expect.poll(async () => JSON.stringify((await engine.request('GET', `/containers/${id}/top`)).json.Processes)).toContain('sleep 100');
    t.type('\x03');
    t.type('echo "status=$?"\r');
    await t.expectOutput(/status=130/);
    const top = (await engine.request('GET', `/containers/${id}/top`)).json.Processes as string[][];
    expect(top.some((p) => p.join(' ').includes('sleep 100'))).toBe(false);
    await t.close();
  });

  it('ends the shell and what runs in it when the terminal closes, as closing a terminal window does', async () => {
    const id = await run('exec-close');
    const processes = async () => ((await engine.request('GET', `/containers/${id}/top`)).json.Processes as string[][]).map((p) => p.at(-1)!);
    const t = new Terminal(id);
    await t.expectOutput(PROMPT);
    // Berth's bookkeeping (the shell's PID) never reaches the screen.
    expect(t.output).not.toContain('berth-pid');
    t.type('sleep 321\r');
    await expect.poll(processes).toContain('sleep 321');
    expect((await processes()).filter((p) => p === '/bin/sh')).toHaveLength(1);
    await t.close();
    await expect.poll(processes, { timeout: 5000 }).not.toContain('sleep 321');
    expect(await processes()).not.toContain('/bin/sh');
  });

  it('runs a command the user typed and says how it exited', async () => {
    const id = await run('exec-command');
    const t = new Terminal(id, { kind: 'command', command: 'echo "hello-$((40+2))"; exit 3' });
    await t.whenEnded();
    expect(t.session?.command).toEqual(['/bin/sh', '-c', 'echo "hello-$((40+2))"; exit 3']);
    expect(t.output).toContain('hello-42');
    expect(t.ended()).toEqual({ type: 'ended', reason: 'exited', exitCode: 3, message: 'The process exited with code 3.' });
  });

  it('says the container stopped when that ends the terminal', async () => {
    const id = await run('exec-stop');
    const t = new Terminal(id);
    await t.expectOutput(PROMPT);
    expect((await engine.request('POST', `/containers/${id}/stop?t=1`)).status).toBe(204);
    expect(await t.whenEnded()).toMatchObject({ type: 'ended', reason: 'container-stopped', message: 'The container stopped, which ended this terminal.' });
  });

  it('says the container restarted when that ends the terminal', async () => {
    const id = await run('exec-restart');
    const t = new Terminal(id);
    await t.expectOutput(PROMPT);
    expect((await engine.request('POST', `/containers/${id}/restart?t=1`)).status).toBe(204);
    expect(await t.whenEnded()).toMatchObject({ type: 'ended', reason: 'container-restarted' });
  });

  it('refuses a stopped container with a sentence', async () => {
    const id = await run('exec-stopped');
    expect((await engine.request('POST', `/containers/${id}/stop?t=1`)).status).toBe(204);
    const t = new Terminal(id);
    await expect(t.done).rejects.toMatchObject({ code: 'conflict', message: 'The container is not running: start it to open a terminal in it.' });
  });

  it('attaches to the main process of a container started with -it, and resizes its TTY', async () => {
    const id = await run('exec-attach', { Cmd: ['sh'], Tty: true, OpenStdin: true, AttachStdin: true, StdinOnce: false });
    expect(await backend.handlers.methods['terminal.options']({ containerId: id })).toMatchObject({ canAttach: true });
    const t = new Terminal(id, { kind: 'attach' }, { cols: 90, rows: 20 });
    await expect.poll(() => t.session?.command).toEqual(['(main process)']);
    t.type('stty size\r');
    await t.expectOutput(/\r\n20 90\r\n/);
    await t.close();
    // Closing the terminal leaves the container running.
    expect((await engine.request('GET', `/containers/${id}/json`)).json.State.Running).toBe(true);
  });

  it('refuses to attach to a container without a TTY, and says what to do instead', async () => {
    const id = await run('exec-no-tty');
    const t = new Terminal(id, { kind: 'attach' });
    await expect(t.done).rejects.toMatchObject({ code: 'not-supported', message: expect.stringMatching(/docker run -it.*Open a shell instead/) });
  });

  it('keeps a session when nobody watches: a new view finds the same shell, its variables and its screen', async () => {
    const id = await run('exec-persist');
    const first = new Terminal(id);
    await first.expectOutput(PROMPT);
    first.type('GREETING=kept-$((20+1)); echo "set $GREETING"\r');
    await first.expectOutput(/set kept-21/);
    await first.leave();
    const { execId } = first.session!;
    const pid = (await execState(execId!)).Pid;
    expect((await execState(execId!)).Running).toBe(true);
    expect((await backend.handlers.methods['terminal.sessions']({})).map((s) => s.id)).toContain(first.session!.id);

    const again = Terminal.view(first.session!.id);
    await again.expectOutput(/set kept-21/);
    expect(again.events[0]?.type).toBe('screen');
    again.type('echo "still $GREETING"\r');
    await again.expectOutput(/still kept-21/);
    expect((await execState(execId!)).Pid).toBe(pid);
    await again.close();
    await expect.poll(async () => (await execState(execId!)).Running, { timeout: 5000 }).toBe(false);
    expect((await backend.handlers.methods['terminal.sessions']({})).map((s) => s.id)).not.toContain(first.session!.id);
  });

  it('keeps the last 10,000 lines of a session for the next view', async () => {
    const id = await run('exec-scrollback');
    const t = new Terminal(id);
    await t.expectOutput(PROMPT);
    t.type('seq 1 12000\r');
    // Through Berth's VM under emulation a terminal carries about 900 lines a second: allow for it.
    await t.expectOutput(/\r\n12000\r\n/, 0, 120_000);
    await t.leave();
    const again = Terminal.view(t.session!.id);
    await expect.poll(() => again.events[0]?.type, { timeout: 30_000 }).toBe('screen');
    const screen = again.output;
    expect(screen).toMatch(/\r\n2500\r\n/);
    expect(screen).toMatch(/\r\n12000\r\n/);
    // 12,000 lines and the prompts, less the 10,000 kept and the 24 on screen.
    expect(screen).not.toMatch(/\r\n1500\r\n/);
    await again.close();
  });

  it('ends every session when Berth quits, their processes with them', async () => {
    const id = await run('exec-quit');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-exec-quit-'));
    const other = new Backend({ paths: { data: dir, runtime: path.join(dir, 'run') }, mode: 'browser', version: 'test' });
    await other.start();
    await expect.poll(() => other.status().state).toBe('running');
    const session = await other.handlers.methods['terminal.open']({ containerId: id, kind: { kind: 'shell' }, cols: 80, rows: 24 });
    expect((await execState(session.execId!)).Running).toBe(true);
    await other.dispose();
    await expect.poll(async () => (await execState(session.execId!)).Running, { timeout: 5000 }).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
