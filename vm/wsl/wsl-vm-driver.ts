/**
 * The VM under WSL 2 (Windows): the same guest imported as a distribution (wsl-runtime.ts), run while a
 * wsl.exe session keeps it up. WSL relays the distribution's localhost ports to Windows itself, so there
 * are no forwards to make, and there is no serial console to watch.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { VmStatus } from '../../engine/contract/vm-types';
import { UserError } from '../../engine/contract/errors';
import type { CertFiles } from '../host/certs';
import type { VmDriver, VmExit, VmRun, VmStartRequest } from '../driver';
import { guestDir, guestImage, processAlive } from '../machine-files';
import type { OwnerRecord } from '../machine-files';
import { WSL_INSTALL_HINT, WslRuntime } from './wsl-runtime';
import type { WslRuntimeOptions } from './wsl-runtime';

export class WslVmDriver implements VmDriver {
  readonly name = 'wsl' as const;
  readonly installHint = WSL_INSTALL_HINT;
  readonly sizesDisk = false;
  readonly consoleLog = undefined;
  private readonly runtime: WslRuntime;
  /** The pid of the wsl.exe session keeping the distribution up, while this process runs it. */
  private pid: number | undefined;

  constructor(
    private readonly vmDir: string,
    private readonly env: NodeJS.ProcessEnv,
    options: Pick<WslRuntimeOptions, 'run' | 'keepAlive' | 'apiPort'> = {},
  ) {
    this.runtime = new WslRuntime({ installDir: path.dirname(this.diskFile), rootfsTar: path.join(guestDir(env), 'rootfs.tar'), env, ...options });
  }

  /** The distribution's own virtual disk, which `wsl --import` made. */
  private get diskFile(): string {
    return path.join(this.vmDir, 'wsl', 'ext4.vhdx');
  }

  get supported(): boolean {
    return this.runtime.supported;
  }

  guest(): VmStatus['guest'] {
    const { kernelFile: _k, pvhKernelFile: _p, initramfsFile: _i, rootFile: _f, apiRelay: _r, ...image } = guestImage(guestDir(this.env));
    return { ...image, built: this.runtime.rootfsBuilt };
  }

  disk(): { file: string; exists: boolean } {
    return { file: this.diskFile, exists: fs.existsSync(this.diskFile) };
  }

  get attached(): boolean {
    return this.pid !== undefined;
  }

  alive(record: OwnerRecord | undefined): boolean {
    return processAlive(record?.vmPid);
  }

  orphan(): number | undefined {
    return undefined;
  }

  checkStart(): void {
    if (!this.supported) throw new UserError(`Berth’s VM under WSL 2 needs WSL, which is not turned on. ${WSL_INSTALL_HINT}`, 'not-installed');
  }

  async start(request: VmStartRequest, onExit: VmExit): Promise<VmRun> {
    this.checkStart();
    this.pid = undefined;
    const pid = await this.runtime.start(request.certs);
    this.watch(pid, onExit);
    return {
      pid,
      apiPort: this.runtime.apiPort,
      accelerator: 'hyperv',
      acceleratorReason: 'WSL 2 runs the guest in Windows’ own Hyper-V based VM.',
    };
  }

  async adopt(record: OwnerRecord, certs: CertFiles, onExit: VmExit): Promise<boolean> {
    if (!(await this.runtime.running(certs).catch(() => false))) return false;
    this.watch(record.vmPid, onExit);
    return true;
  }

  async stop(): Promise<string | undefined> {
    const pid = this.pid;
    this.pid = undefined;
    return this.runtime.stop(pid).then(
      () => undefined,
      (e: unknown) => `WSL did not stop the distribution cleanly: ${(e as Error).message}`,
    );
  }

  async forceStop(): Promise<void> {
    const pid = this.pid;
    this.pid = undefined;
    await this.runtime.stop(pid).catch(() => undefined);
  }

  release(): void {
    this.runtime.unwatch();
    this.pid = undefined;
  }

  async reset(): Promise<void> {
    await this.runtime.reset();
  }

  ports(): undefined {
    return undefined;
  }

  console(): string[] {
    return [];
  }

  /** Notices the distribution going away without being asked (`wsl --shutdown`, an update, out of memory). */
  private watch(pid: number, onExit: VmExit): void {
    this.pid = pid;
    this.runtime.watch(pid, (why) => {
      if (this.pid !== pid) return;
      this.pid = undefined;
      onExit(`The VM stopped unexpectedly (${why}).`);
    });
  }
}
