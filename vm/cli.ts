/**
 * `berth vm start|stop|status|logs|doctor`: the VM from a terminal.
 *
 * `start` runs the VM's host side (socket, ports) in a background Berth process and returns once the
 * engine answers, printing how to reach it; `--foreground` keeps it in this terminal (Ctrl-C stops the VM).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { berthPaths } from '../engine/paths';
import type { VmStatus } from '../engine/contract/vm-types';
import { runDoctor } from './doctor';
import { useDockerContext } from './host/docker-context';
import { VmMachine } from './machine';
import { consoleTail, followConsole } from './qemu/console';

const USAGE = `Usage: berth vm <command>

  start [--foreground] [--use-context]   start the VM; prints the socket and the docker context
  stop                                   stop the VM cleanly (forced after a timeout)
  status [--json]                        whether it runs, its accelerator, socket and ports
  logs [-f]                              the guest's console log (-f: follow it)
  doctor                                 check each piece, repair what can be, say what to do
`;

function machine(): VmMachine {
  const paths = berthPaths();
  return new VmMachine({ dataDir: paths.data, runtimeDir: paths.runtime });
}

function howToReach(s: VmStatus): string {
  return [
    `Berth’s VM is running (${s.accelerator?.name ?? 'unknown accelerator'}${s.bootSeconds ? `, engine ready in ${s.bootSeconds} s` : ''}).`,
    `  socket:   ${s.socket}`,
    `  context:  ${s.context}      e.g. docker --context ${s.context} ps`,
    `  or:       DOCKER_HOST=${s.dockerHost}`,
  ].join('\n');
}

function describe(s: VmStatus): string {
  const lines = [`state:        ${s.state}${s.crashed ? ' (it stopped unexpectedly: berth vm start starts it again)' : ''}`];
  if (s.error) lines.push(`problem:      ${s.error}`);
  if (!s.supported) lines.push(`needs:        ${s.installHint}`);
  if (!s.guest.built) lines.push(`guest image:  not built (${s.guest.dir}): npm run vm:build`);
  if (s.accelerator) lines.push(`accelerator:  ${s.accelerator.name} — ${s.accelerator.reason}`);
  if (s.owner) lines.push(`run by:       Berth process ${s.owner.pid}${s.pid ? `, QEMU pid ${s.pid}` : ''}`);
  lines.push(`socket:       ${s.socket}`, `context:      ${s.context}`);
  lines.push(`settings:     ${s.settings.cpus} CPU, ${s.settings.memoryMiB} MiB, disk ${s.limits.diskGiB} GiB, shared: ${s.settings.shares.join(', ') || 'nothing'}`);
  for (const p of s.ports) lines.push(`port:         127.0.0.1:${p.port}/${p.protocol} → ${p.container}${p.problem ? ` — ${p.problem}` : ''}`);
  return lines.join('\n');
}

async function startForeground(useContext: boolean): Promise<number> {
  const vm = machine();
  const status = await vm.start();
  if (useContext) useDockerContext();
  console.log(howToReach(status));
  console.log('Keeping the VM’s socket and ports here; Ctrl-C (or berth vm stop) stops the VM.');
  return new Promise((resolve) => {
    const stop = () => void vm.stop().then(() => resolve(0), () => resolve(1));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    vm.on('change', (s) => {
      if (s.state === 'stopped') resolve(0);
      if (s.state === 'failed') {
        console.error(s.error);
        resolve(1);
      }
    });
  });
}

async function startBackground(useContext: boolean): Promise<number> {
  const vm = machine();
  const before = vm.status();
  if (before.state === 'running') {
    console.log(howToReach(before));
    return 0;
  }
  fs.mkdirSync(vm.files.dir, { recursive: true, mode: 0o700 });
  const logFile = path.join(vm.files.dir, 'host.log');
  const log = fs.openSync(logFile, 'a', 0o600);
  const args = [...process.execArgv, process.argv[1]!, 'vm', 'start', '--foreground', ...(useContext ? ['--use-context'] : [])];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log], env: process.env });
  fs.closeSync(log);
  child.unref();
  let exitCode: number | null = null;
  child.once('exit', (code) => (exitCode = code ?? 1));
  console.log('Starting Berth’s VM…');
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const s = vm.status();
    if (s.state === 'running' && s.owner?.pid === child.pid) {
      console.log(howToReach(s));
      return 0;
    }
    if (exitCode !== null) {
      console.error(`The VM did not start. ${fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join('\n')}`);
      return 1;
    }
  }
}

export async function runVmCommand(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'start':
      return rest.includes('--foreground') ? startForeground(rest.includes('--use-context')) : startBackground(rest.includes('--use-context'));
    case 'stop': {
      const vm = machine();
      if (vm.status().state !== 'running') {
        await vm.resume();
        if (vm.status().state !== 'running') {
          console.log('Berth’s VM is not running.');
          return 0;
        }
      }
      // Typed by the user: that is the confirmation, whichever Berth runs the VM.
      const s = await vm.stop({ othersConfirmed: true });
      console.log(s.error ? `Stopped. ${s.error}` : 'Berth’s VM stopped cleanly.');
      await vm.dispose({ stopVm: false });
      return 0;
    }
    case 'status': {
      const s = machine().status();
      console.log(rest.includes('--json') ? JSON.stringify(s, null, 2) : describe(s));
      return s.state === 'running' ? 0 : 3;
    }
    case 'logs': {
      const vm = machine();
      for (const line of consoleTail(vm.files.consoleLog, rest.includes('-f') ? 50 : 2000)) console.log(line);
      if (!rest.includes('-f')) return 0;
      const stop = followConsole(vm.files.consoleLog, (lines) => lines.forEach((l) => console.log(l)));
      await new Promise((r) => process.once('SIGINT', r));
      stop();
      return 0;
    }
    case 'doctor': {
      const vm = machine();
      const checks = await runDoctor(vm);
      for (const c of checks) console.log(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`);
      return checks.every((c) => c.ok) ? 0 : 1;
    }
    default:
      console.log(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

/** The `berth` command: `berth vm ...` is what it knows today. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  const [area, ...rest] = argv;
  if (area !== 'vm') {
    console.log(USAGE.replace('Usage: berth vm <command>', 'Usage: berth vm <command>   (berth knows the vm commands)'));
    process.exitCode = area === undefined || area === '--help' ? 0 : 2;
    return;
  }
  try {
    process.exitCode = await runVmCommand(rest);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  }
  // A VM started in the background is not this process's to wait for: nothing left may keep the terminal.
  setImmediate(() => process.exit());
}

// Run when this file (or its bundle) is the program; vm/bin/berth.mjs calls main() itself.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
