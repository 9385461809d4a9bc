/**
 * What the logs and terminal benchmarks share: a private engine with the busybox image, the browser-mode
 * server (from BERTH_DIST or dist/) and Debian's Chromium, all stopped again by `close`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../e2e/browser';
import { startPrivateEngine } from '../harness/engine';
import type { PrivateEngine } from '../harness/engine';
import { BUSYBOX_IMAGE, buildBusyboxImage } from '../harness/image';

export { BUSYBOX_IMAGE };

export interface BenchSetup {
  engine: PrivateEngine;
  url: string;
  serverPid: number;
  browser: Browser;
  /** A page signed in to Berth, showing the Containers page (of the server at `url`, by default this build's). */
  newPage(viewport?: { width: number; height: number }, url?: string): Promise<Page>;
  /** Starts another build's browser-mode server (`dist`: its build directory) on the same engine; stopped by `close`. */
  startServer(dist: string): Promise<string>;
  /** Creates and starts a container running `sh -c script`; Init so it stops at once. */
  run(name: string, script: string, body?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export const median = (xs: number[]) => percentile(xs, 50);

export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (x: number, digits = 1) => Number(x.toFixed(digits));

/**
 * Reads `tail=lines` of a container's log from the engine and throws the bytes away: the raw read that a log
 * search's first match is compared with.
 */
export function rawTail(socketPath: string, id: string, lines: number): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: `/containers/${id}/logs?stdout=1&stderr=1&tail=${lines}` }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(performance.now() - t0));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

export async function setUp(name: string): Promise<BenchSetup> {
  const engine = await startPrivateEngine({ name });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  let server: ReturnType<typeof spawn> | undefined;
  let browser: Browser | undefined;
  try {
    await buildBusyboxImage(engine);
    const servers: ReturnType<typeof spawn>[] = [];
    const startServer = async (dist: string) => {
      const child = spawn(process.execPath, [path.join(dist, 'serve.cjs'), '--port', '0', '--no-open'], {
        env: { ...process.env, DOCKER_HOST: engine.dockerHost, BERTH_DATA_DIR: servers.length ? path.join(dataDir, `server-${servers.length}`) : dataDir, BERTH_RUNTIME_DIR: path.join(dataDir, `run-${servers.length}`) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      servers.push(child);
      return new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /(http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${out}`)));
      });
    };
    const url = await startServer(process.env.BERTH_DIST ?? 'dist');
    server = servers[0]!;
    const b = await chromium.launch({ executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
    browser = b;
    const made: string[] = [];
    const s = server;
    return {
      engine,
      url,
      serverPid: s.pid!,
      browser: b,
      startServer,
      async newPage(viewport = { width: 1280, height: 800 }, at = url) {
        const page = await b.newPage({ viewport });
        // tsx keeps function names with a helper that page.evaluate's functions bring along but cannot find.
        await page.addInitScript('window.__name = (f) => f');
        await page.goto(at);
        await page.getByRole('heading', { name: 'Containers' }).waitFor();
        return page;
      },
      async run(containerName, script, body = {}) {
        const res = await engine.request('POST', `/containers/create?name=${containerName}`, { Image: BUSYBOX_IMAGE, Cmd: ['sh', '-c', script], HostConfig: { Init: true }, ...body });
        if (res.status !== 201) throw new Error(`creating ${containerName}: ${res.text}`);
        made.push(res.json.Id);
        await engine.request('POST', `/containers/${res.json.Id}/start`);
        return res.json.Id as string;
      },
      async close() {
        await b.close();
        servers.forEach((child) => child.kill('SIGTERM'));
        await Promise.all(made.map((id) => engine.request('DELETE', `/containers/${id}?force=1`)));
        await engine.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    server?.kill('SIGTERM');
    await engine.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}
