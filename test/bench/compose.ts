/**
 * Compose benchmark, against a private engine with Debian's docker-compose 1.29.2:
 *   - projectPage: a project of 20 running services, opened in a freshly loaded Berth: until the page's
 *     frame is drawn (shellMs), until every service is drawn with its container (firstPaintMs), and until
 *     Compose has resolved the files (`config`) and the page has the definition (definitionMs).
 *   - up: `up -d` of a 10-service project through Berth vs the same Compose on the command line (goal:
 *     Berth at most 1.1x the CLI). Berth is timed twice: from the Up button to the task saying done in
 *     Chromium, and the backend alone over its WebSocket. Each round starts from `down`; the order rotates.
 *
 *   npm run build && npx tsx test/bench/compose.ts        # BERTH_DIST picks another build
 * Prints one JSON object (medians).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { BUSYBOX_IMAGE, median, round, setUp } from './bench-setup';
import type { BenchSetup } from './bench-setup';
import { rpcClient } from './rpc-client';
import { runStream } from './stream-client';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const log = (...args: unknown[]) => console.error('[bench:compose]', ...args);

function projectFile(services: number): string {
  let text = 'services:\n';
  for (let i = 1; i <= services; i++) text += `  s${i}:\n    image: ${BUSYBOX_IMAGE}\n    command: ["sleep", "3600"]\n    init: true\n`;
  return text;
}

function cli(setup: BenchSetup, dir: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DOCKER_') && !k.startsWith('COMPOSE_')));
    const t0 = performance.now();
    const child = spawn('/usr/bin/docker-compose', args, { cwd: dir, env: { ...env, DOCKER_HOST: setup.engine.dockerHost }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`docker-compose ${args.join(' ')}: ${err}`))));
  });
}

interface PagePaint {
  shellMs: number;
  firstPaintMs: number;
  definitionMs: number;
}

/** Opens Berth afresh (nothing cached), then the project from the Compose page. */
async function projectPage(page: Page, name: string, services: number): Promise<PagePaint> {
  await page.evaluate(() => (location.hash = '#/compose'));
  await page.reload();
  await page.locator(`[data-testid="compose-project-row"][data-project="${name}"]`).waitFor({ timeout: 30_000 });
  return page.evaluate(
    ([project, count]) =>
      new Promise<PagePaint>((resolve, reject) => {
        const t0 = performance.now();
        let shellMs = 0;
        let firstPaintMs = 0;
        location.hash = `#/compose/${project}`;
        const deadline = t0 + 60_000;
        const check = () => {
          const now = performance.now() - t0;
          const pageEl = document.querySelector('[data-testid="compose-project-page"]');
          if (!shellMs && pageEl?.querySelector('h1')) shellMs = now;
          if (!firstPaintMs && document.querySelectorAll('[data-testid="compose-service"]').length === count && document.querySelectorAll('[data-testid="compose-container"]').length === count) firstPaintMs = now;
          if (firstPaintMs && pageEl?.getAttribute('data-definition') === 'read') return resolve({ shellMs, firstPaintMs, definitionMs: now });
          if (performance.now() > deadline) return reject(new Error('the services never showed'));
          requestAnimationFrame(check);
        };
        check();
      }),
    [name, services] as const,
  );
}

async function upInUi(page: Page, name: string): Promise<number> {
  await page.evaluate((p) => (location.hash = `#/compose/${p}`), name);
  await page.getByRole('button', { name: 'Up…' }).waitFor();
  await page.locator('[data-testid="compose-service"]').first().waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Up…' }).click();
  const t0 = Date.now();
  await page.getByTestId('compose-up-dialog').getByRole('button', { name: 'Up', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="task"][data-task-kind="compose-up"]')?.getAttribute('data-task-state') !== 'running', undefined, {
    timeout: 120_000,
    polling: 50,
  });
  const ms = Date.now() - t0;
  const state = await page.locator('[data-testid="task"][data-task-kind="compose-up"]').first().getAttribute('data-task-state');
  if (state !== 'done') throw new Error(`up through the UI ended ${state}`);
  await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('[aria-label^="Dismiss"]').forEach((b) => b.click()));
  return ms;
}

async function main(): Promise<void> {
  const setup = await setUp('compose');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-compose-'));
  const big = path.join(root, 'twenty');
  const ten = path.join(root, 'ten');
  try {
    fs.mkdirSync(big);
    fs.mkdirSync(ten);
    fs.writeFileSync(path.join(big, 'compose.yaml'), projectFile(20));
    fs.writeFileSync(path.join(ten, 'compose.yaml'), projectFile(10));
    const rpc = await rpcClient(setup.url);
    await rpc.waitForEngine();
    await rpc.call('compose.open', { path: big });
    await rpc.call('compose.open', { path: ten });
    rpc.close();

    log('20 services up (CLI)…');
    await cli(setup, big, ['up', '-d']);
    const page = await setup.newPage({ width: 1400, height: 900 });
    const paints: PagePaint[] = [];
    for (let i = 0; i < 5; i++) paints.push(await projectPage(page, 'twenty', 20));
    await cli(setup, big, ['down']);
    log('page', paints);

    const times = { cli: [] as number[], ui: [] as number[], backend: [] as number[] };
    const ways: (keyof typeof times)[] = ['cli', 'ui', 'backend'];
    for (let r = 0; r < ROUNDS; r++) {
      for (let k = 0; k < ways.length; k++) {
        const way = ways[(r + k) % ways.length]!;
        await cli(setup, ten, ['down']);
        let ms: number;
        if (way === 'cli') ms = await cli(setup, ten, ['--ansi', 'never', '-p', 'ten', '-f', 'compose.yaml', 'up', '-d']);
        else if (way === 'ui') ms = await upInUi(page, 'ten');
        else ms = (await runStream(setup.url, 'compose.run', { name: 'ten', command: { action: 'up' } })).ms;
        times[way].push(ms);
        log(way, Math.round(ms));
      }
    }
    await cli(setup, ten, ['down']);
    const cliMs = median(times.cli);
    console.log(
      JSON.stringify(
        {
          compose: '/usr/bin/docker-compose 1.29.2',
          projectPage: {
            services: 20,
            shellMs: round(median(paints.map((p) => p.shellMs))),
            firstPaintMs: round(median(paints.map((p) => p.firstPaintMs))),
            definitionMs: round(median(paints.map((p) => p.definitionMs))),
          },
          up: {
            services: 10,
            rounds: ROUNDS,
            cliMs: round(cliMs),
            berthUiMs: round(median(times.ui)),
            berthBackendMs: round(median(times.backend)),
            uiRatio: round(median(times.ui) / cliMs, 2),
            backendRatio: round(median(times.backend) / cliMs, 2),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await cli(setup, big, ['down']).catch(() => undefined);
    await cli(setup, ten, ['down']).catch(() => undefined);
    await setup.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
