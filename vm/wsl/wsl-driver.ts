/**
 * The Windows alternative to QEMU: the same guest root file system imported as a WSL 2 distribution
 * (`wsl --import`), with dockerd started in it by /usr/lib/berth/wsl-start.
 *
 * WRITTEN FROM MICROSOFT'S DOCUMENTATION AND NOT RUN ON WINDOWS YET (the machines Berth is developed on
 * run Linux). What it relies on, from "Basic commands for WSL" and "Import any Linux distribution":
 *   wsl --import <Name> <InstallLocation> <rootfs.tar> --version 2
 *   wsl --distribution <Name> --user root --exec <command>   (runs a program without a shell)
 *   wsl --terminate <Name>;  wsl --unregister <Name>;  wsl --list --verbose
 *   `wsl --list` writes UTF-16LE unless WSL_UTF8=1 is set; WSL 2 relays the distribution's
 *   localhost ports to Windows' localhost (localhostForwarding, on by default).
 * The engine listens on 127.0.0.1:2376 inside the distribution with --tlsverify and this install's
 * certificates, so Windows reaches it on localhost:2376 and Berth's named pipe relays it like the socket.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CertFiles } from '../host/certs';

export const WSL_DISTRO = 'berth';
export const WSL_API_PORT = 2376;

export interface WslDistro {
  name: string;
  state: string;
  version: number;
}

/** Runs wsl.exe with these arguments (and this standard input); resolves with what it printed. */
export type WslRun = (args: string[], input?: string) => Promise<string>;

function wslRunner(): WslRun {
  return (args, input) =>
    new Promise((resolve, reject) => {
      const child = execFile('wsl.exe', args, { env: { ...process.env, WSL_UTF8: '1' }, windowsHide: true }, (error, stdout, stderr) => {
        if (error) reject(new Error(`wsl ${args.join(' ')} failed: ${(stderr || stdout || error.message).toString().trim()}`));
        else resolve(stdout.toString());
      });
      if (input !== undefined) child.stdin?.end(input);
    });
}

/** `wsl --list --verbose`, in UTF-8 (WSL_UTF8=1) or the UTF-16LE older WSL writes. */
export function parseWslList(output: string | Buffer): WslDistro[] {
  const text = Buffer.isBuffer(output) ? (output.includes(0) ? output.toString('utf16le') : output.toString('utf8')) : output.replace(/\0/g, '');
  return text
    .split(/\r?\n/)
    .slice(1)
    .map((line) => /^\s*\*?\s*(\S+)\s+(\S+)\s+(\d)\s*$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!, state: m[2]!, version: Number(m[3]) }));
}

export class WslDriver {
  constructor(
    private readonly installDir: string,
    private readonly rootfsTar: string,
    private readonly run: WslRun = wslRunner(),
  ) {}

  async distro(): Promise<WslDistro | undefined> {
    return parseWslList(await this.run(['--list', '--verbose'])).find((d) => d.name === WSL_DISTRO);
  }

  /** Imports the guest as a WSL 2 distribution the first time. */
  async ensureImported(): Promise<void> {
    if (await this.distro()) return;
    if (!fs.existsSync(this.rootfsTar)) throw new Error(`The guest's root file system is missing (${this.rootfsTar}): build it with npm run vm:build -- --wsl.`);
    fs.mkdirSync(this.installDir, { recursive: true });
    await this.run(['--import', WSL_DISTRO, this.installDir, this.rootfsTar, '--version', '2']);
  }

  /** Hands the server certificates over (the client key stays on Windows) and starts dockerd. */
  async start(certs: CertFiles): Promise<void> {
    await this.ensureImported();
    for (const [name, file] of [['ca.pem', certs.ca], ['server-cert.pem', certs.serverCert], ['server-key.pem', certs.serverKey]] as const) {
      await this.run(['--distribution', WSL_DISTRO, '--user', 'root', '--exec', '/bin/sh', '-c', `mkdir -p /run/berth && cat > /run/berth/${name}`], fs.readFileSync(file, 'utf8'));
    }
    // wsl-start backgrounds dockerd and returns; the distribution stays up while a process runs in it.
    await this.run(['--distribution', WSL_DISTRO, '--user', 'root', '--exec', '/usr/lib/berth/wsl-start']);
  }

  /**
   * WSL shuts a distribution down seconds after its last wsl.exe session ends, daemons or not, so a
   * wsl.exe that waits forever inside it keeps the engine up; it is detached, so the VM outlives a Berth
   * that quits without stopping it, as under QEMU. Returns its pid: the VM lives as long as it does.
   */
  keepAlive(): number {
    const child = spawn('wsl.exe', ['--distribution', WSL_DISTRO, '--user', 'root', '--exec', '/bin/sh', '-c', 'while :; do sleep 3600; done'], {
      detached: true,
      stdio: 'ignore',
      windowsHide: true,
    });
    child.on('error', () => undefined);
    child.unref();
    if (!child.pid) throw new Error('wsl.exe could not be started to keep the distribution running.');
    return child.pid;
  }

  async stop(): Promise<void> {
    await this.run(['--distribution', WSL_DISTRO, '--user', 'root', '--exec', '/usr/lib/berth/wsl-start', 'stop']).catch(() => undefined);
    await this.run(['--terminate', WSL_DISTRO]);
  }

  /** Factory reset: the distribution's virtual disk holds every image, container and volume. */
  async unregister(): Promise<void> {
    await this.run(['--unregister', WSL_DISTRO]);
    fs.rmSync(path.join(this.installDir, 'ext4.vhdx'), { force: true });
  }
}
