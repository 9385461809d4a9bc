/**
 * The corpus for log reads answered on the host (vm/host/log-reads.ts), with dockerd as the oracle: each
 * query is asked through Berth's socket and again with `X-Berth-Logs-Via: dockerd` (which the socket passes
 * to dockerd untouched), and the two answers must be the same: status, headers (Date and the marker aside)
 * and body bytes. The marker `X-Berth-Logs-Via: host` shows which queries Berth answered, so a path that
 * silently fell back to dockerd fails too. Small logs: they cross the same boundaries as large ones.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { EngineClient } from './engine';
import { rawRequest } from './engine';

export interface LogQueryCase {
  path: string;
  /** 'host': Berth answers it; 'dockerd': passed through (follow, details, errors, compressed logs). */
  by: 'host' | 'dockerd';
}

export interface Difference {
  path: string;
  what: string;
}

export const BYPASS = { 'X-Berth-Logs-Via': 'dockerd' };

/** Containers with every kind of log the corpus reads; returns their names. */
export async function makeLogContainers(engine: EngineClient, image: string, prefix: string): Promise<string[]> {
  const mixed = [
    'i=1; while [ $i -le 40 ]; do echo "out $i é ü 日本 ✓"; echo "err $i" >&2; i=$((i+1)); done',
    // A line over 16 KiB: dockerd stores it as partial entries (no newline but on the last).
    "head -c 40000 /dev/zero | tr '\\0' x; echo",
    // Escapes json-file writes: quotes, backslashes, HTML characters, tabs, control characters.
    String.raw`printf 'esc: <tag> & "q" \\ back\ttab \001 ctl \033[1mbold\033[0m\n'`,
    'echo "after the long line"; printf "the last line without a newline"',
  ].join('; ');
  const runs: [string, string[], string[]][] = [
    ['mixed', [], ['sh', '-c', mixed]],
    ['tty', ['-t'], ['sh', '-c', 'echo "tty one"; echo "tty two" >&2; printf "tty no newline"']],
    ['rotated', ['--log-opt', 'max-size=2k', '--log-opt', 'max-file=3'], ['sh', '-c', 'i=1; while [ $i -le 150 ]; do echo "rotated line $i"; i=$((i+1)); done']],
    ['compressed', ['--log-opt', 'max-size=1k', '--log-opt', 'max-file=2', '--log-opt', 'compress=true'], ['sh', '-c', 'i=1; while [ $i -le 60 ]; do echo "line $i"; i=$((i+1)); done']],
    ['empty', [], ['true']],
  ];
  const names: string[] = [];
  for (const [kind, opts, cmd] of runs) {
    const name = `${prefix}-${kind}`;
    const made = await engine.docker(['run', '--name', name, ...opts, image, ...cmd]);
    if (made.code !== 0) throw new Error(`docker run ${name} failed: ${made.stderr}`);
    names.push(name);
  }
  return names;
}

/** An entry's time as the Unix seconds dockerd's since/until take ("s.nnnnnnnnn"), shifted by `ns`. */
function unixTime(rfc3339: string, ns = 0): string {
  const m = /^(.*T\d\d:\d\d:\d\d)\.(\d{9})Z$/.exec(rfc3339)!;
  let s = Date.parse(`${m[1]}Z`) / 1000;
  let n = Number(m[2]) + ns;
  if (n < 0) [s, n] = [s - 1, n + 1e9];
  if (n >= 1e9) [s, n] = [s + 1, n - 1e9];
  return `${s}.${String(n).padStart(9, '0')}`;
}

/** The queries: tails, streams, timestamps, since/until taken from the log's own times, and pass-throughs. */
export async function logQueries(socket: string, prefix: string): Promise<LogQueryCase[]> {
  const cases: LogQueryCase[] = [];
  const host = (p: string) => cases.push({ path: p, by: 'host' });
  const tails = ['', '&tail=0', '&tail=1', '&tail=5', '&tail=all', '&tail=100000'];
  for (const tail of tails) {
    for (const ts of ['', '&timestamps=1']) {
      for (const streams of ['stdout=1', 'stderr=1', 'stdout=1&stderr=1']) host(`/v1.41/containers/${prefix}-mixed/logs?${streams}${tail}${ts}`);
      for (const kind of ['tty', 'rotated', 'empty']) host(`/containers/${prefix}-${kind}/logs?stdout=1&stderr=1${tail}${ts}`);
    }
  }
  // since/until around the mixed log's 10th and 60th entries (exactly at them: both are inclusive).
  const stamped = await rawRequest(socket, 'GET', `/containers/${prefix}-mixed/logs?stdout=1&stderr=1&timestamps=1`, { headers: BYPASS });
  const times = [...stamped.body.toString('latin1').matchAll(/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z) /g)].map((m) => m[1]!);
  if (times.length < 60) throw new Error(`the mixed log has ${times.length} entries`);
  const [t10, t60] = [times[9]!, times[59]!];
  const mixed = `/containers/${prefix}-mixed/logs?stdout=1&stderr=1&timestamps=1`;
  for (const q of [
    `since=${unixTime(t10)}`,
    `since=${unixTime(t10, 1)}`,
    `since=${unixTime(t10).slice(0, -6)}`,
    `until=${unixTime(t60)}`,
    `until=${unixTime(t60, -1)}`,
    `since=${unixTime(t10)}&until=${unixTime(t60)}`,
    `since=${unixTime(t10)}&tail=5`,
    `since=${unixTime(t10)}&until=${unixTime(t60)}&tail=30`,
    `until=0`,
    `since=0`,
  ])
    host(`${mixed}&${q}`);
  const rotated = await rawRequest(socket, 'GET', `/containers/${prefix}-rotated/logs?stdout=1&timestamps=1`, { headers: BYPASS });
  const rt = [...rotated.body.toString('latin1').matchAll(/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z) /g)].map((m) => m[1]!);
  host(`/containers/${prefix}-rotated/logs?stdout=1&since=${unixTime(rt[Math.floor(rt.length / 2)]!)}&tail=40`);
  // Go's forms of the same options.
  for (const q of ['stdout=TRUE&stderr=yes', 'stdout=1&tail=-3', 'stdout=1&tail=%2B2', 'stdout=1&tail=x', 'stderr=1&timestamps=on&stdout=no', 'stdout=1&stdout=0']) host(`/containers/${prefix}-mixed/logs?${q}`);
  host(`/v1.25/containers/${prefix}-mixed/logs?stdout=1&tail=3`);
  const dockerd = (p: string) => cases.push({ path: p, by: 'dockerd' });
  dockerd(`/containers/${prefix}-mixed/logs?stdout=1&follow=1`);
  dockerd(`/containers/${prefix}-mixed/logs?stdout=1&details=1`);
  dockerd(`/containers/${prefix}-compressed/logs?stdout=1&stderr=1`);
  dockerd(`/containers/${prefix}-compressed/logs?stdout=1&tail=3`);
  dockerd(`/containers/${prefix}-nothing-here/logs?stdout=1`);
  dockerd(`/containers/${prefix}-mixed/logs`);
  dockerd(`/containers/${prefix}-mixed/logs?stdout=1&since=abc`);
  dockerd(`/containers/${prefix}-mixed/logs?stdout=1&since=1.5.5`);
  dockerd(`/v1.11/containers/${prefix}-mixed/logs?stdout=1`);
  dockerd(`/v9.99/containers/${prefix}-mixed/logs?stdout=1`);
  return cases;
}

function headersWithout(h: http.IncomingHttpHeaders): string {
  const copy = { ...h };
  delete copy.date;
  delete copy['x-berth-logs-via'];
  return JSON.stringify(Object.entries(copy).sort());
}

/** Asks every query both ways; returns the differences (none when Berth answers as dockerd does). */
export async function compareLogQueries(socket: string, cases: LogQueryCase[]): Promise<Difference[]> {
  const differences: Difference[] = [];
  for (const c of cases) {
    const viaBerth = await rawRequest(socket, 'GET', c.path);
    const viaDockerd = await rawRequest(socket, 'GET', c.path, { headers: BYPASS });
    const by = viaBerth.headers['x-berth-logs-via'] === 'host' ? 'host' : 'dockerd';
    if (by !== c.by) differences.push({ path: c.path, what: `answered by ${by}, expected ${c.by}` });
    if (viaDockerd.headers['x-berth-logs-via']) differences.push({ path: c.path, what: 'the bypass was answered by Berth' });
    if (viaBerth.status !== viaDockerd.status) differences.push({ path: c.path, what: `status ${viaBerth.status} against dockerd's ${viaDockerd.status}` });
    if (headersWithout(viaBerth.headers) !== headersWithout(viaDockerd.headers)) differences.push({ path: c.path, what: `headers ${headersWithout(viaBerth.headers)} against dockerd's ${headersWithout(viaDockerd.headers)}` });
    if (!viaBerth.body.equals(viaDockerd.body)) {
      differences.push({ path: c.path, what: `body of ${viaBerth.body.length} bytes against dockerd's ${viaDockerd.body.length}: ${JSON.stringify(viaBerth.body.toString('latin1').slice(0, 200))} / ${JSON.stringify(viaDockerd.body.toString('latin1').slice(0, 200))}` });
    }
  }
  return differences;
}

/** Several requests on one kept-alive connection, log reads among others: each answer as dockerd's. */
export async function keptAliveSequence(socket: string, prefix: string, headers: Record<string, string> = {}): Promise<{ bodies: string[]; sockets: number; via: string[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const seen = new Set<unknown>();
  const via: string[] = [];
  const ask = (p: string) =>
    new Promise<string>((resolve, reject) => {
      const req = http.request({ socketPath: socket, path: p, agent, headers }, (res) => {
        seen.add(req.socket);
        via.push(String(res.headers['x-berth-logs-via'] ?? 'dockerd'));
        const parts: Buffer[] = [];
        res.on('data', (b: Buffer) => parts.push(b));
        res.on('end', () => resolve(`${res.statusCode} ${Buffer.concat(parts).toString('latin1')}`));
      });
      req.on('error', reject);
      req.end();
    });
  const bodies: string[] = [];
  try {
    for (const p of ['/_ping', `/containers/${prefix}-mixed/logs?stdout=1&tail=3`, `/containers/${prefix}-tty/json`, `/containers/${prefix}-tty/logs?stdout=1`, `/containers/${prefix}-nothing-here/logs?stdout=1`, `/containers/${prefix}-rotated/logs?stdout=1&tail=2`, '/_ping']) {
      const text = await ask(p);
      // The inspect's answer carries times that differ from another ask of it; its length does not.
      bodies.push(p.endsWith('/json') ? text.slice(0, 4) : text);
    }
  } finally {
    agent.destroy();
  }
  return { bodies, sockets: seen.size, via };
}

/** `docker logs` through the socket, and with the CLI's config sending the bypass header. */
export async function cliBothWays(socket: string, args: string[]): Promise<{ berth: string; dockerd: string }> {
  const configDir = fs.mkdtempSync(path.join(path.dirname(socket), 'cli-bypass-'));
  fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ HttpHeaders: BYPASS }));
  const plainDir = fs.mkdtempSync(path.join(path.dirname(socket), 'cli-plain-'));
  const run = (config: string) =>
    new Promise<string>((resolve) => {
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: config, DOCKER_CLI_HINTS: 'false' };
      const child = spawn('docker', ['logs', ...args], { env });
      let out = '';
      let err = '';
      child.stdout.setEncoding('latin1').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('latin1').on('data', (d: string) => (err += d));
      child.on('close', (code) => resolve(JSON.stringify({ code, out, err })));
    });
  try {
    return { berth: await run(plainDir), dockerd: await run(configDir) };
  } finally {
    fs.rmSync(configDir, { recursive: true, force: true });
    fs.rmSync(plainDir, { recursive: true, force: true });
  }
}
