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

/** The browsers and servers this test file has open, for describeOpenPages. */
const openBrowsers = new Set<Browser>();
const openServers = new Set<{ output: () => string; child: ChildProcess }>();

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  openBrowsers.add(browser);
  browser.once('disconnected', () => openBrowsers.delete(browser));
  return browser;
}

const clip = (text: string, max: number) => (text.length > max ? `…${text.slice(-max)}` : text);

/**
 * Each open page's address and visible text, and each browser-mode server's state and last output: what a
 * failing test's report needs to tell a wrong page from a dead server. Empty when nothing is open.
 */
export async function describeOpenPages(): Promise<string> {
  const parts: string[] = [];
  for (const browser of openBrowsers) {
    for (const page of browser.contexts().flatMap((c) => c.pages())) {
      const text = await page
        .evaluate(() => document.body?.innerText ?? '')
        .then((t) => t.replace(/\n{2,}/g, '\n').trim())
        .catch((e: Error) => `(unreadable: ${e.message.split('\n')[0]})`);
      parts.push(`page ${page.url()}:\n${clip(text, 1500)}`);
    }
  }
  for (const server of openServers) {
    const state = server.child.exitCode === null && server.child.signalCode === null ? 'running' : `exited (${server.child.exitCode ?? server.child.signalCode})`;
    parts.push(`berth server pid ${server.child.pid}, ${state}; its last output:\n${clip(server.output().trim(), 1500) || '(none)'}`);
  }
  return parts.join('\n\n');
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
  // Kept whole until the URL shows, then only its last 8 KiB (for describeOpenPages).
  let output = '';
  let started = false;
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (started) output = output.slice(-8192);
      const m = started ? null : /Berth is running in your browser at (http:\/\/\S+)/.exec(output);
      if (m) {
        started = true;
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`berth exited (${code}) before printing its URL:\n${output}`)));
  });
  const entry = { output: () => output, child };
  openServers.add(entry);
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    process: child,
    stop: async () => {
      openServers.delete(entry);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
