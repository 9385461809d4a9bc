/**
 * The VM's streams, three ways in one VM and one run (the machine is shared and noisy, so figures from two
 * runs do not compare): `npx tsx test/bench/vm-streams.ts` (JSON; also dist/bench-vm-streams.json).
 *   - old: the API over the emulated network, mutual TLS to QEMU's forward of the guest's port 2376 (what
 *     Berth's socket did before the API channel; still the fallback);
 *   - channel: Berth's socket asking dockerd over the API channel (virtio-serial and the guest's relay),
 *     with `X-Berth-Logs-Via: dockerd` so the log read is dockerd's (what the socket did before log reads
 *     were answered on the host);
 *   - direct: Berth's socket as it is: the log read answered on the host from the json-file's bytes,
 *     read through the relay (vm/host/log-reads.ts); keystrokes go to dockerd as in `channel`.
 * All ask the same dockerd in the same guest, alternating ROUNDS times (default 3):
 *   - reading a container's log of LOG_LINES lines (default 20,000), each line its own write by dockerd;
 *     with QEMU's CPU time for each read;
 *   - keystroke echo: one byte typed into `cat` on a TTY (docker exec -it), until its echo comes back; the
 *     median of ECHOES (default 40) keystrokes.
 * And the same log read by a host engine is not measured here: see test/bench/vm.ts and the README.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureCertificates } from '../../vm/host/certs';
import { startSocketProxy, tlsRelay } from '../../vm/host/socket-proxy';
import { VmMachine } from '../../vm/machine';
import { readOwner } from '../../vm/machine-files';
import { engineClient, rawRequest } from '../harness/engine';
import { VM_TEST_IMAGE, busyboxImageArchive, ensureGuest, vmTestDirs } from '../vm/vm-harness';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const LOG_LINES = Number(process.env.LOG_LINES ?? 20_000);
const ECHOES = Number(process.env.ECHOES ?? 40);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ
}

interface Way {
  socket: string;
  headers?: Record<string, string>;
  /** Who must have answered the log read (the marker log-reads.ts adds), so each way measures what it says. */
  answeredBy: 'host' | 'dockerd';
}

async function readLog(way: Way, name: string, qemuPid: number): Promise<{ linesPerSecond: number; seconds: number; qemuCpuSeconds: number }> {
  const { socket } = way;
  const cpu = cpuSeconds(qemuPid);
  const s = performance.now();
  const res = await rawRequest(socket, 'GET', `/containers/${name}/logs?stdout=1&timestamps=1`, { timeoutMs: 900_000, headers: way.headers });
  if ((res.headers['x-berth-logs-via'] ?? 'dockerd') !== way.answeredBy) throw new Error(`the log read through ${socket} was not answered by ${way.answeredBy}`);
  const seconds = (performance.now() - s) / 1000;
  // Each line is an 8-byte stream header, a 31-byte timestamp and a space, then the line: check all came.
  const text = res.body.toString('latin1');
  if (!text.includes(` ${LOG_LINES}\n`)) throw new Error(`the log read through ${socket} ended early (${res.body.length} bytes)`);
  return { linesPerSecond: Math.round(LOG_LINES / seconds), seconds: round(seconds, 2), qemuCpuSeconds: round(cpuSeconds(qemuPid) - cpu, 2) };
}

/** A TTY exec of `cat`, hijacked: each byte typed comes back as the terminal's echo. */
async function echoTimes(socket: string, container: string): Promise<number> {
  const created = await rawRequest(socket, 'POST', `/containers/${container}/exec`, {
    body: JSON.stringify({ AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, Cmd: ['busybox', 'cat'] }),
    headers: { 'Content-Type': 'application/json' },
  });
  const id = (JSON.parse(created.body.toString()) as { Id: string }).Id;
  const conn = net.connect(socket);
  const body = JSON.stringify({ Detach: false, Tty: true });
  conn.write(`POST /exec/${id}/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  let seen = '';
  let waiting: (() => void) | undefined;
  conn.on('data', (b: Buffer) => {
    seen += b.toString('latin1');
    waiting?.();
  });
  const until = (test: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no echo within 30 s through ${socket}; got ${JSON.stringify(seen)}`)), 30_000);
      const check = () => {
        if (!test()) return;
        clearTimeout(timer);
        waiting = undefined;
        resolve();
      };
      waiting = check;
      check();
    });
  await until(() => seen.includes('\r\n\r\n'));
  // The TTY is set up once the first byte echoes: that one is not counted.
  const times: number[] = [];
  for (let i = 0; i <= ECHOES; i++) {
    const key = String.fromCharCode(97 + (i % 26));
    seen = '';
    const s = performance.now();
    conn.write(key);
    await until(() => seen.includes(key));
    if (i > 0) times.push(performance.now() - s);
    await new Promise((r) => setTimeout(r, 20));
  }
  conn.destroy();
  return round(median(times), 2);
}

async function main(): Promise<void> {
  const guest = await ensureGuest();
  const dirs = vmTestDirs();
  process.env.DOCKER_CONFIG = dirs.dockerConfig;
  const vm = new VmMachine({ dataDir: dirs.data, runtimeDir: dirs.runtime, env: { ...process.env, BERTH_VM_GUEST_DIR: guest } });
  let oldProxy: { close(): Promise<void> } | undefined;
  const results: Record<string, unknown> = { logLines: LOG_LINES, rounds: ROUNDS };
  try {
    await vm.updateSettings({ cpus: 1, memoryMiB: 1024, diskGiB: 16, shares: [], accelerator: 'tcg', driver: 'qemu' });
    await vm.start();
    if (!fs.existsSync(vm.files.apiChannel)) throw new Error('this guest has no API channel (built without the relay?)');
    const qemuPid = vm.status().pid!;
    const oldSocket = path.join(dirs.runtime, 'old', 'docker.sock');
    oldProxy = await startSocketProxy({ kind: 'socket', path: oldSocket, dockerHost: `unix://${oldSocket}` }, tlsRelay(ensureCertificates(vm.files.certs), readOwner(vm.files)!.apiPort));
    const ways: Record<string, Way> = {
      old: { socket: oldSocket, answeredBy: 'dockerd' },
      channel: { socket: vm.files.socket, headers: { 'X-Berth-Logs-Via': 'dockerd' }, answeredBy: 'dockerd' },
      direct: { socket: vm.files.socket, answeredBy: 'host' },
    };
    await rawRequest(vm.files.socket, 'POST', '/images/load?quiet=1', { body: busyboxImageArchive(), headers: { 'Content-Type': 'application/x-tar' } });
    const engine = engineClient(vm.files.socket);
    const made = await engine.docker(['run', '--name', 'bench-lines', VM_TEST_IMAGE, 'sh', '-c', `seq 1 ${LOG_LINES}`]);
    if (made.code !== 0) throw new Error(`docker run failed: ${made.stderr}`);
    const echo = await engine.docker(['run', '-d', '--name', 'bench-echo', VM_TEST_IMAGE, 'sleep', '1d']);
    if (echo.code !== 0) throw new Error(`docker run failed: ${echo.stderr}`);
    const logs: Record<string, Awaited<ReturnType<typeof readLog>>[]> = { old: [], channel: [], direct: [] };
    // Keystrokes through the old way and through Berth's socket (the same for channel and direct).
    const echoes: Record<string, number[]> = { old: [], channel: [] };
    for (let i = 0; i < ROUNDS; i++) {
      for (const [name, way] of Object.entries(ways)) {
        if (echoes[name]) echoes[name]!.push(await echoTimes(way.socket, 'bench-echo'));
        logs[name]!.push(await readLog(way, 'bench-lines', qemuPid));
        console.error(`round ${i + 1} ${name}: ${JSON.stringify(logs[name]!.at(-1))}${echoes[name] ? `, echo ${echoes[name]!.at(-1)} ms` : ''}`);
      }
    }
    for (const way of Object.keys(ways)) {
      results[way] = {
        linesPerSecond: median(logs[way]!.map((r) => r.linesPerSecond)),
        reads: logs[way],
        ...(echoes[way] ? { keystrokeEchoMs: median(echoes[way]!), keystrokeEchoMsPerRound: echoes[way] } : {}),
      };
    }
    const lps = (way: string) => (results[way] as { linesPerSecond: number }).linesPerSecond;
    results.channelOverOldLinesPerSecond = round(lps('channel') / lps('old'), 1);
    results.directOverOldLinesPerSecond = round(lps('direct') / lps('old'), 1);
    results.directOverChannelLinesPerSecond = round(lps('direct') / lps('channel'), 1);
    results.loadAverage = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } finally {
    await oldProxy?.close();
    await vm.stop().catch(() => undefined);
    await vm.dispose({ stopVm: true });
    fs.rmSync(dirs.root, { recursive: true, force: true });
  }
  console.log(JSON.stringify(results, null, 2));
  fs.mkdirSync(process.env.BERTH_DIST ?? 'dist', { recursive: true });
  fs.writeFileSync(path.join(process.env.BERTH_DIST ?? 'dist', 'bench-vm-streams.json'), JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
