/** What the volume, network and clean-up tests share: a backend on the test engine and engine helpers. */
import { expect } from 'vitest';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';
import { backendUnderTest } from '../harness/backend';
import type { BackendUnderTest } from '../harness/backend';

export const engine = testEngine();

export type { BackendUnderTest };

/** A backend on the test engine, or on `dockerHost` (a proxy in front of it, say). */
export function startBackend(dockerHost = engine.dockerHost): Promise<BackendUnderTest> {
  return backendUnderTest('berth-data-', () => ({ DOCKER_HOST: dockerHost }));
}

/** Runs a shell script in a throw-away busybox container with `volume` at /v. */
export async function inVolume(volume: string, script: string, readOnly = false): Promise<string> {
  const run = await engine.docker(['run', '--rm', '-v', `${volume}:/v${readOnly ? ':ro' : ''}`, BUSYBOX_IMAGE, 'sh', '-euc', script]);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

/**
 * A checksum over everything in a volume: each path (sorted), its type, permission bits, owner, group and
 * size, a symbolic link's target, and a file's contents. Two volumes with the same checksum hold the same
 * files byte for byte.
 */
export function volumeChecksum(volume: string): Promise<string> {
  return inVolume(
    volume,
    `cd /v && find . | sort | while IFS= read -r f; do
       stat -c '%n|%F|%a|%u|%g|%s' "$f"
       if [ -L "$f" ]; then readlink "$f"; elif [ -f "$f" ]; then sha256sum < "$f"; fi
     done | sha256sum`,
    true,
  );
}

/** Fills a volume with what trips archive code up: nesting, odd names, owners, modes, links, empty things. */
export async function fillAwkwardly(volume: string): Promise<void> {
  await inVolume(
    volume,
    `mkdir -p /v/app/logs/2024/deep/er /v/empty-dir "/v/with space"
     echo hello > "/v/app/logs/2024/deep/er/héllo wörld ✓.txt"
     printf 'x%.0s' $(seq 1 5000) > /v/app/logs/big.log
     dd if=/dev/urandom of=/v/app/random.bin bs=1024 count=700 2>/dev/null
     : > /v/empty-file
     echo secret > /v/app/secret && chmod 600 /v/app/secret
     echo tool > /v/app/tool && chmod 4755 /v/app/tool
     chown -R 999:998 /v/app/logs && chown 1234:5678 "/v/with space"
     ln -s app/logs /v/logs-link
     ln /v/app/secret /v/app/secret-hardlink
     echo "name with\\ttab" > "/v/with space/日本語 ファイル.txt"
     chmod 750 /v && chown 999:999 /v`,
  );
}

export async function removeVolumes(...names: string[]): Promise<void> {
  for (const name of names) await engine.request('DELETE', `/volumes/${encodeURIComponent(name)}?force=1`);
}

export async function removeContainers(...ids: string[]): Promise<void> {
  for (const id of ids) await engine.request('DELETE', `/containers/${id}?force=1&v=1`);
}

/** Berth's helper containers still on the engine: after any volume work there must be none. */
export async function helpersLeft(): Promise<number> {
  const res = await engine.request('GET', `/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify({ label: ['io.berth.volume-helper'] }))}`);
  return (res.json as unknown[]).length;
}
