/**
 * Images benchmark: pull and push of a 200 MB image with a local registry, through Berth's UI vs the
 * docker CLI (target: Berth within 1.1x of the CLI's wall time), and whether the UI stays responsive
 * while the per-layer progress streams (frame gaps and long tasks in the page).
 *
 *   npm run build && npx tsx test/bench/images.ts        # BERTH_DIST picks another build
 *
 * Each run is timed three ways, in rotating order: the docker CLI, Berth's UI in Chromium (until the task
 * says done), and Berth's backend alone over its WebSocket (to tell the backend's cost from the browser's).
 * Prints one JSON object (medians decide the ratios). Runs on its own private engine and registries.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../e2e/browser';
import { startPrivateEngine } from '../harness/engine';
import type { PrivateEngine } from '../harness/engine';
import { BUSYBOX_IMAGE, buildBusyboxImage } from '../harness/image';
import { startRegistry } from '../harness/registry';
import { runStream } from './stream-client';
import type { TestRegistry } from '../harness/registry';

const LAYERS = 4;
const LAYER_BYTES = 50_000_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const dist = process.env.BERTH_DIST ?? 'dist';
const log = (...args: unknown[]) => console.error('[bench:images]', ...args);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function cli(engine: PrivateEngine, args: string[]): Promise<number> {
  const t = performance.now();
  const r = await engine.docker(args);
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`);
  return performance.now() - t;
}

function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [path.join(dist, 'serve.cjs'), '--port', '0', '--no-open'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

/** Starts recording frame gaps and long tasks in the page (as a string: tsx would wrap inner functions in a helper the page lacks). */
async function watchFrames(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.frames$ = [];
    window.longTasks$ = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.longTasks$.push(e.duration))).observe({ type: 'longtask' });
    const tick = (t) => { window.frames$.push(t); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
}

interface FrameReport {
  maxFrameGapMs: number;
  framesOver50ms: number;
  longTasks: number;
  longestTaskMs: number;
}

async function frameReport(page: Page): Promise<FrameReport> {
  return page.evaluate(`(() => {
    const f = window.frames$;
    const gaps = f.slice(1).map((t, i) => t - f[i]);
    const tasks = window.longTasks$.splice(0);
    window.frames$ = [];
    return {
      maxFrameGapMs: Math.round(Math.max(0, ...gaps)),
      framesOver50ms: gaps.filter((g) => g > 50).length,
      longTasks: tasks.length,
      longestTaskMs: Math.round(Math.max(0, ...tasks)),
    };
  })()`);
}

/**
 * Runs a pull or push from Berth's UI and waits until its task says done; returns the wall time. With
 * `frames`, a frame recorder runs meanwhile (it makes the page draw every frame, so timed runs go without).
 */
async function throughUi(page: Page, kind: 'pull' | 'push', reference: string, frames = false): Promise<number> {
  await page.evaluate(() => (location.hash = '#/images'));
  await page.getByRole('heading', { name: 'Images', exact: true }).waitFor();
  const before = await page.locator(`[data-testid="task"][data-task-kind="${kind}"]`).count();
  if (kind === 'pull') {
    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    await page.getByTestId('pull-dialog').getByLabel('Image').fill(reference);
  } else {
    await page.getByRole('button', { name: `Push ${reference}`, exact: true }).click();
  }
  if (frames) await watchFrames(page);
  const t = performance.now();
  await page.keyboard.press('Enter');
  // A plain function without inner functions: tsx's helpers do not exist in the page, and the CSP forbids eval.
  await page.waitForFunction(
    ({ k, n }) => {
      const tasks = document.querySelectorAll(`[data-testid="task"][data-task-kind="${k}"]`);
      const state = tasks[0]?.getAttribute('data-task-state');
      return tasks.length > n && state !== 'running' && state;
    },
    { k: kind, n: before },
    { polling: 20, timeout: 600_000 },
  );
  const elapsed = performance.now() - t;
  const state = await page.locator(`[data-testid="task"][data-task-kind="${kind}"]`).first().getAttribute('data-task-state');
  if (state !== 'done') throw new Error(`${kind} through Berth ended ${state}: ${await page.locator('[data-testid="task"]').first().textContent()}`);
  return elapsed;
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(dist, 'serve.cjs'))) throw new Error(`${dist}/serve.cjs is missing: run “npm run build” first (or set BERTH_DIST).`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-images-'));
  const engine = await startPrivateEngine({ name: 'bench-images' });
  const registries: TestRegistry[] = [];
  const fresh = async () => {
    const r = await startRegistry();
    registries.push(r);
    return r;
  };
  let server: { url: string; stop(): void } | undefined;
  const browser = await chromium.launch({ executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    await buildBusyboxImage(engine);
    log('building a 200 MB image from random data…');
    const context = path.join(scratch, 'context');
    fs.mkdirSync(context);
    const steps = Array.from({ length: LAYERS }, (_, i) => `RUN head -c ${LAYER_BYTES} /dev/urandom > /data-${i}.bin`);
    fs.writeFileSync(path.join(context, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\n${steps.join('\n')}\n`);
    await cli(engine, ['build', '-q', '-t', 'bench/big:1', context]);
    const size = (await engine.request('GET', '/images/bench/big:1/json')).json.Size as number;

    server = await startServer({
      DOCKER_HOST: engine.dockerHost,
      BERTH_DATA_DIR: path.join(scratch, 'data'),
      BERTH_RUNTIME_DIR: path.join(scratch, 'run'),
      DOCKER_CONFIG: path.join(scratch, 'docker-cli'),
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);

    // berthMs: through the UI in Chromium (what a user waits for); backendMs: the same stream without a browser.
    const push = { cliMs: [] as number[], berthMs: [] as number[], backendMs: [] as number[], ui: [] as FrameReport[] };
    const pull = { cliMs: [] as number[], berthMs: [] as number[], backendMs: [] as number[], ui: [] as FrameReport[] };
    const order = (round: number) => [['cli', 'berth', 'backend'], ['berth', 'backend', 'cli'], ['backend', 'cli', 'berth']][round % 3]!;

    // Push: each measurement to a registry that has none of the layers yet (the engine would mount them).
    for (let round = 0; round < ROUNDS; round++) {
      for (const who of order(round)) {
        const registry = await fresh();
        const name = `${registry.host}/bench/big:1`;
        await cli(engine, ['tag', 'bench/big:1', name]);
        log(`push ${round + 1}/${ROUNDS} by ${who}…`);
        if (who === 'cli') push.cliMs.push(await cli(engine, ['push', '-q', name]));
        else if (who === 'backend') push.backendMs.push((await runStream(server.url, 'images.push', { reference: name })).ms);
        else push.berthMs.push(await throughUi(page, 'push', name));
      }
    }

    // Pull: the same registry each time, the image removed in between (a first pull warms the disk cache).
    const source = registries[0]!;
    const name = `${source.host}/bench/big:1`;
    const removeAll = async () => {
      const tags = ((await engine.request('GET', '/images/bench/big:1/json')).json?.RepoTags ?? []) as string[];
      for (const tag of [...new Set([...tags, name])]) await engine.docker(['rmi', '-f', tag]);
    };
    await removeAll();
    await cli(engine, ['pull', '-q', name]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const who of order(round)) {
        await engine.docker(['rmi', '-f', name]);
        log(`pull ${round + 1}/${ROUNDS} by ${who}…`);
        if (who === 'cli') pull.cliMs.push(await cli(engine, ['pull', '-q', name]));
        else if (who === 'backend') pull.backendMs.push((await runStream(server.url, 'images.pull', { reference: name })).ms);
        else pull.berthMs.push(await throughUi(page, 'pull', name));
      }
    }

    // Responsiveness: one more of each through the UI, recording every frame while progress streams.
    log('push and pull once more, recording frames…');
    const again = await fresh();
    const pushName = `${again.host}/bench/big:1`;
    await cli(engine, ['tag', name, pushName]);
    await throughUi(page, 'push', pushName, true);
    push.ui.push(await frameReport(page));
    await engine.docker(['rmi', '-f', name, pushName]);
    await throughUi(page, 'pull', name, true);
    pull.ui.push(await frameReport(page));

    const summary = (m: typeof push) => ({
      cliMs: m.cliMs.map(Math.round),
      berthMs: m.berthMs.map(Math.round),
      backendMs: m.backendMs.map(Math.round),
      ratio: +(median(m.berthMs) / median(m.cliMs)).toFixed(3),
      backendRatio: +(median(m.backendMs) / median(m.cliMs)).toFixed(3),
      withinTarget: median(m.berthMs) / median(m.cliMs) <= 1.1,
      ui: {
        maxFrameGapMs: Math.max(...m.ui.map((u) => u.maxFrameGapMs)),
        framesOver50ms: Math.max(...m.ui.map((u) => u.framesOver50ms)),
        longTasks: Math.max(...m.ui.map((u) => u.longTasks)),
        longestTaskMs: Math.max(...m.ui.map((u) => u.longestTaskMs)),
      },
    });
    console.log(JSON.stringify({ image: { sizeBytes: size, layers: LAYERS + 2 }, rounds: ROUNDS, push: summary(push), pull: summary(pull) }, null, 2));
  } finally {
    server?.stop();
    await browser.close().catch(() => undefined);
    await Promise.all(registries.map((r) => r.stop()));
    await engine.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
