/**
 * The VM's lifecycle when its driver is WSL 2 (Windows): what machine.ts does with QEMU, done with
 * wsl.exe. Import the guest's root file system once, hand it the server certificates, start dockerd,
 * wait for /_ping over mutual TLS, and notice when the distribution stops without being asked (WSL shuts
 * a distribution down on `wsl --shutdown`, a Windows update, or when its VM runs out of memory).
 *
 * WRITTEN FROM MICROSOFT'S DOCUMENTATION AND NOT RUN ON WINDOWS YET (see wsl-driver.ts). The tests run it
 * on Linux with wsl.exe simulated, so everything but wsl.exe itself is exercised.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CertFiles } from '../host/certs';
import { findProgram } from '../find-program';
import { pingTls, processAlive } from '../machine-files';
import { WslDriver, WSL_API_PORT, WSL_DISTRO } from './wsl-driver';
import type { WslRun } from './wsl-driver';

const READY_TIMEOUT_MS = 120_000;
const WATCH_EVERY_MS = 1000;
const LIST_EVERY_CHECKS = 30;

export const WSL_INSTALL_HINT = 'Turn on WSL 2: run wsl --install in an administrator PowerShell, then restart Windows.';

export interface WslRuntimeOptions {
  /** Where the distribution's virtual disk lives (<data>/vm/wsl). */
  installDir: string;
  /** The guest's root file system (npm run vm:build -- --wsl). */
  rootfsTar: string;
  env: NodeJS.ProcessEnv;
  /** For tests: what stands in for wsl.exe (its commands, its keep-alive session), and the engine's port. */
  run?: WslRun;
  keepAlive?: () => number;
  apiPort?: number;
}

export class WslRuntime {
  readonly apiPort: number;
  private readonly driver: WslDriver;
  private watchTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: WslRuntimeOptions) {
    this.apiPort = options.apiPort ?? WSL_API_PORT;
    this.driver = new WslDriver(options.installDir, options.rootfsTar, options.run);
  }

  /** wsl.exe is there (Windows with WSL turned on), or a test stands in for it. */
  get supported(): boolean {
    return Boolean(this.options.run) || Boolean(findProgram('wsl', this.options.env));
  }

  get rootfsBuilt(): boolean {
    return fs.existsSync(this.options.rootfsTar);
  }

  /**
   * Starts the distribution and its engine; resolves once /_ping answers over mutual TLS, with the pid of
   * the wsl.exe session that keeps the distribution running.
   */
  async start(certs: CertFiles): Promise<number> {
    if (!this.rootfsBuilt) {
      throw new Error(`The guest’s root file system for WSL is not built (looked for ${this.options.rootfsTar}). Build it with: npm run vm:build -- --wsl`);
    }
    await this.driver.start(certs);
    const pid = this.options.keepAlive ? this.options.keepAlive() : this.driver.keepAlive();
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await pingTls(certs, this.apiPort, 2000))) {
      if (Date.now() > deadline) {
        throw new Error(`The engine in the WSL distribution “${WSL_DISTRO}” did not answer on 127.0.0.1:${this.apiPort} within ${READY_TIMEOUT_MS / 1000} s. Its log is /run/berth/dockerd.log inside it (wsl -d ${WSL_DISTRO} cat /run/berth/dockerd.log).`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return pid;
  }

  /** Whether the distribution runs and its engine answers (for a VM started by an earlier Berth). */
  async running(certs: CertFiles): Promise<boolean> {
    const distro = await this.driver.distro().catch(() => undefined);
    return distro?.state === 'Running' && (await pingTls(certs, this.apiPort, 2000));
  }

  /**
   * Calls `lost` once if the distribution (or the session keeping it up) stops while Berth did not ask it
   * to. WSL ends every session when it shuts a distribution down, so the session's pid, checked each
   * second, says it at once and costs nothing; `wsl --list` (a process to start) is asked only now and then.
   */
  watch(keepAlivePid: number, lost: (why: string) => void): void {
    this.unwatch();
    let checks = 0;
    const check = async () => {
      if (!this.watchTimer) return;
      if (!processAlive(keepAlivePid)) {
        this.unwatch();
        lost('the wsl.exe session that keeps the distribution running ended');
        return;
      }
      if (++checks % LIST_EVERY_CHECKS === 0) {
        const distro = await this.driver.distro().catch(() => undefined);
        if (!this.watchTimer) return;
        if (distro?.state !== 'Running') {
          this.unwatch();
          lost(distro ? `WSL reports the distribution “${WSL_DISTRO}” as ${distro.state}` : `the WSL distribution “${WSL_DISTRO}” is gone`);
          return;
        }
      }
      this.watchTimer = setTimeout(() => void check(), WATCH_EVERY_MS);
    };
    this.watchTimer = setTimeout(() => void check(), WATCH_EVERY_MS);
  }

  unwatch(): void {
    clearTimeout(this.watchTimer);
    this.watchTimer = undefined;
  }

  /** Stops dockerd cleanly, then the distribution (which ends the keep-alive session). */
  async stop(keepAlivePid?: number): Promise<void> {
    this.unwatch();
    await this.driver.stop();
    if (keepAlivePid && processAlive(keepAlivePid)) process.kill(keepAlivePid);
  }

  /** Factory reset: unregistering the distribution deletes its disk (every image, container and volume). */
  async reset(): Promise<void> {
    this.unwatch();
    if (await this.driver.distro().catch(() => undefined)) await this.driver.unregister();
    fs.rmSync(path.join(this.options.installDir), { recursive: true, force: true });
  }
}
