/**
 * Keystroke-to-echo latency of a terminal in a container, measured three ways on a private engine:
 *   - rawEngine: `docker exec` over the raw Engine API (exec create + hijacked start on the unix socket),
 *     a key written to the socket until its echo comes back: the floor.
 *   - berthBackend: the same through Berth's backend over its WebSocket (JSON messages, base64 output),
 *     without a browser.
 *   - browser: a real key press in Chromium until xterm has drawn the echo (browser, backend, engine).
 * Run it standalone: npx tsx test/bench/terminal.ts   (BERTH_DIST picks the build; BENCH_KEYS the count)
 * It prints one JSON object with p50/p95 in milliseconds for each.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { openRpcSocket } from './rpc-client';
import type { ServerMessage } from '../../engine/contract/protocol';
import type { TerminalEvent } from '../../engine/contract/terminal-types';
import { percentile, round, setUp } from './bench-setup';
import type { BenchSetup } from './bench-setup';

const KEYS = Number(process.env.BENCH_KEYS ?? 200);
const WARM_UP = 10;

function summary(samples: number[]) {
  const xs = samples.slice(WARM_UP);
  return { p50: round(percentile(xs, 50), 2), p95: round(percentile(xs, 95), 2), samples: xs.length };
}

/** Sends one key, resolves with the time until `echoed` says the reply holds its echo. */
type Probe = (key: string, echoed: (received: string) => boolean) => Promise<number>;

/** Types KEYS times "a" and a backspace, timing only the "a". */
async function typeAndTime(probe: Probe): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < KEYS + WARM_UP; i++) {
    samples.push(await probe('a', (r) => r.includes('a')));
    await probe('\x7f', (r) => r.includes('\b'));
  }
  return samples;
}

/** A probe over a byte stream: write the key, then collect what arrives until the echo shows. */
function streamProbe(write: (key: string) => void, onData: (listener: ((text: string) => void) | undefined) => void): Probe {
  return (key, echoed) =>
    new Promise((resolve) => {
      let received = '';
      const t0 = performance.now();
      onData((text) => {
        received += text;
        if (echoed(received)) {
          onData(undefined);
          resolve(performance.now() - t0);
        }
      });
      write(key);
    });
}

async function waitFor(read: () => string, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 200 && !pattern.test(read()); i++) await new Promise((r) => setTimeout(r, 25));
}

async function rawEngine(setup: BenchSetup, id: string): Promise<number[]> {
  const created = await setup.engine.request('POST', `/containers/${id}/exec`, { Cmd: ['/bin/sh'], Tty: true, AttachStdin: true, AttachStdout: true, AttachStderr: true });
  const body = JSON.stringify({ Detach: false, Tty: true });
  const socket = await new Promise<Duplex>((resolve, reject) => {
    const req = http.request({
      socketPath: setup.engine.socketPath,
      method: 'POST',
      path: `/exec/${created.json.Id}/start`,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Connection: 'Upgrade', Upgrade: 'tcp' },
    });
    req.on('upgrade', (_res, sock: Duplex, head: Buffer) => {
      if (head.length) sock.unshift(head);
      resolve(sock);
    });
    req.on('error', reject);
    req.end(body);
  });
  let all = '';
  let listener: ((text: string) => void) | undefined;
  socket.on('data', (d: Buffer) => {
    all += d.toString('utf8');
    listener?.(d.toString('utf8'));
  });
  await waitFor(() => all, /# /);
  const samples = await typeAndTime(streamProbe((k) => socket.write(k), (l) => (listener = l)));
  socket.destroy();
  return samples;
}

async function berthBackend(setup: BenchSetup, id: string): Promise<number[]> {
  const ws = await openRpcSocket(setup.url);
  let all = '';
  let listener: ((text: string) => void) | undefined;
  let opened: ((sessionId: string) => void) | undefined;
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as ServerMessage;
    if (m.t === 'result' && m.id === 1 && m.ok) opened?.((m.value as { id: string }).id);
    if (m.t !== 'data') return;
    const e = m.data as TerminalEvent;
    if (e.type !== 'output' && e.type !== 'screen') return;
    const text = e.type === 'screen' ? e.data : Buffer.from(e.data, 'base64').toString('utf8');
    all += text;
    listener?.(text);
  });
  const sessionId = await new Promise<string>((resolve) => {
    opened = resolve;
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'terminal.open', input: { containerId: id, kind: { kind: 'shell' }, cols: 120, rows: 30 } }));
  });
  ws.send(JSON.stringify({ t: 'open', id: 2, stream: 'terminal.view', input: { sessionId } }));
  await waitFor(() => all, /# /);
  const write = (key: string) => ws.send(JSON.stringify({ t: 'write', id: 2, data: { type: 'input', data: key } }));
  const samples = await typeAndTime(streamProbe(write, (l) => (listener = l)));
  ws.send(JSON.stringify({ t: 'call', id: 3, method: 'terminal.close', input: { sessionId } }));
  ws.close();
  return samples;
}

async function browser(setup: BenchSetup, id: string): Promise<number[]> {
  const page = await setup.newPage();
  await page.evaluate((cid) => (location.hash = `#/containers/${cid}/terminal`), id);
  await page.locator('[data-testid="terminal-pane"][data-state="running"]').waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => document.querySelector('.xterm-rows')?.textContent?.includes('# '));
  // In the page: the time of each key press, and when xterm's rows show the count of "a" changed.
  await page.evaluate(() => {
    const w = window as unknown as { keyAt: number; drawnAt: number; count: () => number };
    const rows = document.querySelector('.xterm-rows')!;
    w.count = () => (rows.textContent!.match(/a/g) ?? []).length;
    document.addEventListener('keydown', () => (w.keyAt = performance.now()), true);
    let last = w.count();
    new MutationObserver(() => {
      const now = w.count();
      if (now !== last) {
        last = now;
        w.drawnAt = performance.now();
      }
    }).observe(rows, { childList: true, subtree: true, characterData: true });
  });
  await page.locator('.xterm-helper-textarea').focus();
  const samples: number[] = [];
  for (let i = 0; i < KEYS + WARM_UP; i++) {
    for (const [key, change] of [['a', 1], ['Backspace', -1]] as const) {
      const before = await page.evaluate(() => (window as unknown as { count: () => number }).count());
      // Key up only after the echo is drawn, so the second input event does not queue ahead of the echo.
      await page.keyboard.down(key);
      await page.waitForFunction((n) => (window as unknown as { count: () => number }).count() === n, before + change, { polling: 'raf' });
      await page.keyboard.up(key);
      if (key === 'a') samples.push(await page.evaluate(() => (window as unknown as { drawnAt: number; keyAt: number }).drawnAt - (window as unknown as { keyAt: number }).keyAt));
    }
  }
  await page.close();
  return samples;
}

async function main(): Promise<void> {
  const setup = await setUp('terminal');
  try {
    const id = await setup.run('bench-terminal', 'sleep 100000');
    const raw = await rawEngine(setup, id);
    const backend = await berthBackend(setup, id);
    const page = await browser(setup, id);
    console.log(
      JSON.stringify(
        {
          keystrokeToEchoMs: { rawEngine: summary(raw), berthBackend: summary(backend), browser: summary(page) },
          note: 'browser includes xterm drawing the echo on the next animation frame; rawEngine is docker exec over the Engine API',
        },
        null,
        2,
      ),
    );
  } finally {
    await setup.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
