/**
 * The guest's API relay (relay/berth-api-relay.c), compiled at guest-build time with the host's gcc into a
 * static program: the guest has no C library of its own to link against. Reproducible: no build id, the
 * source's folder mapped away, symbols stripped, so the same compiler gives the same bytes.
 *
 * It needs a C compiler for the guest's architecture: the host's own gcc (and libc6-dev's static libc),
 * or for the other architecture Debian's cross compiler (gcc-aarch64-linux-gnu / gcc-x86-64-linux-gnu).
 * Without one the guest is built without the relay and its API goes over the emulated network, as before.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GuestArch } from './contents';

const here = path.dirname(fileURLToPath(import.meta.url));
const CROSS: Record<GuestArch, string> = { amd64: 'x86_64-linux-gnu-gcc', arm64: 'aarch64-linux-gnu-gcc' };

function nativeArch(): GuestArch | undefined {
  return process.arch === 'x64' ? 'amd64' : process.arch === 'arm64' ? 'arm64' : undefined;
}

/** Where the guest's init finds it. */
export const API_RELAY_PATH = 'usr/bin/berth-api-relay';

/**
 * Compiles the relay into the guest's root; returns the compiler's version line, or undefined (with the
 * reason logged) when no compiler for this architecture works here.
 */
export function buildApiRelay(arch: GuestArch, root: string, log: (line: string) => void): string | undefined {
  const compilers = nativeArch() === arch ? ['gcc', CROSS[arch]] : [CROSS[arch]];
  const source = path.join(here, 'relay', 'berth-api-relay.c');
  const target = path.join(root, API_RELAY_PATH);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  let problem = '';
  for (const cc of compilers) {
    try {
      execFileSync(cc, ['-static', '-O2', '-s', '-Wall', `-ffile-prefix-map=${here}=.`, '-Wl,--build-id=none', '-o', target, source], { stdio: ['ignore', 'pipe', 'pipe'] });
      return execFileSync(cc, ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
    } catch (e) {
      problem = `${cc}: ${((e as { stderr?: Buffer }).stderr?.toString() || (e as Error).message).trim().split('\n')[0]}`;
    }
  }
  fs.rmSync(target, { force: true });
  log(`no C compiler for ${arch} worked (${problem}): the guest is built without the API relay, so its engine is reached over the emulated network (slower under emulation)`);
  return undefined;
}
