// What the VM tests share: private folders (data, runtime, docker config), a guest image built once,
// an image archive made on the host (no engine, no registry), and talking to the VM's engine.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildGuest } from '../../vm/guest/build';
import { guestFolderName, hostGuestArch } from '../../vm/guest/contents';
import { rootImageTool } from '../../vm/guest/root-image';
import { guestImage } from '../../vm/machine-files';
import { engineClient } from '../harness/engine';
import type { EngineClient } from '../harness/engine';
import { createTar } from '../harness/tar';

export const VM_TEST_IMAGE = 'berth-vm-test/busybox:latest';

/** Short paths: unix sockets are limited to 108 bytes. */
export function vmTestDirs(): { root: string; data: string; runtime: string; dockerConfig: string; shared: string } {
  const root = fs.mkdtempSync('/tmp/bvm-');
  const dirs = { root, data: path.join(root, 'd'), runtime: path.join(root, 'r'), dockerConfig: path.join(root, 'docker'), shared: path.join(root, 'shared') };
  for (const d of [dirs.data, dirs.runtime, dirs.dockerConfig, dirs.shared]) fs.mkdirSync(d, { recursive: true });
  return dirs;
}

/**
 * Every file the guest is built from (vm/guest: the build's code, both inits and the files it adds), and the
 * version of the tool that writes the root image (another version may write other bytes).
 */
function guestInputsHash(): string {
  const hash = crypto.createHash('sha256').update(hostGuestArch()).update(`\0${rootImageTool('squashfs')}\0`);
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(path.resolve('vm/guest')).sort()) hash.update(`${path.relative('vm/guest', file)}\0`).update(fs.readFileSync(file));
  return hash.digest('hex');
}

let guestReady: Promise<string> | undefined;

/**
 * This computer's guest in vm/dist, built once per run at most and reused by every VM test: it is built
 * again only when it is missing or was built from other inputs (the hash of vm/guest is kept in
 * .vm-cache), so a test never boots a stale init. The packages themselves are pinned by the cached debs.
 */
export function ensureGuest(): Promise<string> {
  guestReady ??= (async () => {
    const dir = path.resolve('vm/dist', guestFolderName(hostGuestArch()));
    const keyFile = path.resolve('.vm-cache', `${path.basename(dir)}.inputs`);
    const key = guestInputsHash();
    const built = guestImage(dir).built && fs.existsSync(keyFile) && fs.readFileSync(keyFile, 'utf8') === key;
    if (!built) {
      await buildGuest({ outDir: dir, log: () => undefined });
      fs.mkdirSync(path.dirname(keyFile), { recursive: true });
      fs.writeFileSync(keyFile, key);
    }
    return dir;
  })();
  guestReady.catch(() => (guestReady = undefined));
  return guestReady;
}

export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The engine in the VM through its host socket, with the docker CLI pointed at it. */
export function vmEngine(socket: string): EngineClient {
  return engineClient(socket);
}

/**
 * A `docker save` archive of a one-layer image holding a static busybox, made here by hand: loading it into
 * the VM is what loading a locally built image looks like, with no engine on the host. By default the host's
 * busybox and the UDP echo server, for an x86-64 guest; another architecture's guest gets its own busybox.
 */
export function busyboxImageArchive(tag = VM_TEST_IMAGE, image: { arch: 'amd64' | 'arm64'; busybox: string } = { arch: 'amd64', busybox: process.env.BERTH_TEST_BUSYBOX ?? '/bin/busybox' }): Buffer {
  const layer = createTar([
    { name: 'bin/busybox', data: fs.readFileSync(image.busybox), mode: 0o755 },
    ...(image.arch === 'amd64' ? [{ name: 'bin/udp-echo', data: fs.readFileSync(udpEchoBinary()), mode: 0o755 }] : []),
  ]);
  const diffId = `sha256:${crypto.createHash('sha256').update(layer).digest('hex')}`;
  const config = JSON.stringify({
    architecture: image.arch,
    os: 'linux',
    config: { Entrypoint: ['/bin/busybox'], Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: [diffId] },
  });
  const configName = `${crypto.createHash('sha256').update(config).digest('hex')}.json`;
  const manifest = JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: ['layer.tar'] }]);
  return createTar([
    { name: 'layer.tar', data: layer },
    { name: configName, data: config },
    { name: 'manifest.json', data: manifest },
  ]);
}

/** fixtures/udp-echo.c built static (once per source), for testing UDP forwards: busybox has no UDP server. */
export function udpEchoBinary(): string {
  const source = path.resolve('test/vm/fixtures/udp-echo.c');
  const hash = crypto.createHash('sha256').update(fs.readFileSync(source)).digest('hex').slice(0, 12);
  const out = path.join(os.tmpdir(), `berth-udp-echo-${hash}`);
  if (!fs.existsSync(out)) {
    try {
      execFileSync('gcc', ['-static', '-Os', '-o', `${out}.tmp`, source], { stdio: 'pipe' });
    } catch (e) {
      throw new Error(`building the UDP echo server for the VM tests needs gcc and a static libc (apt-get install gcc libc6-dev): ${(e as Error).message}`);
    }
    fs.renameSync(`${out}.tmp`, out);
  }
  return out;
}

export function tmpFileIn(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

export const hostTmp = os.tmpdir();
