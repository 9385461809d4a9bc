/**
 * The real browser and the real browser-mode server for end-to-end tests: Debian's Chromium driven by
 * playwright-core (never a downloaded browser), and `dist/serve.cjs` started as a user would start it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface BerthServer {
  /** The URL the server printed, token included. */
  url: string;
  origin: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts browser mode against the given engine with its own settings folder, as `npm run serve` does. */
export async function startBerth(dockerHost: string, env: NodeJS.ProcessEnv = {}): Promise<BerthServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-e2e-'));
  const child = spawn(process.execPath, [path.join(process.env.BERTH_DIST ?? 'dist', 'serve.cjs'), '--port', '0', '--no-open'], {
    env: { ...process.env, ...env, DOCKER_HOST: dockerHost, BERTH_DATA_DIR: dataDir, BERTH_RUNTIME_DIR: path.join(dataDir, 'run') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /Berth is running in your browser at (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`berth exited (${code}) before printing its URL:\n${output}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    process: child,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
