/**
 * The Services page on a real three-node swarm (test/harness/swarm.ts) with 100 services of 5 replicas:
 *   1. first paint: opening the Services page until all 100 rows are drawn (median of reloads);
 *   2. a task's state change to the screen (goal: median under 300 ms): a task's container killed on the
 *      manager (its container event reaches Berth at once) and on a worker (no event reaches the manager's
 *      stream; the open service page looks again each second).
 * SWARM_BENCH_SERVICES / SWARM_BENCH_REPLICAS make it smaller. Written to dist/bench-swarm.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, startBerth } from '../e2e/browser';
import { BUSYBOX_IMAGE } from '../harness/image';
import { sleep } from '../harness/proc';
import type { SwarmNode } from '../harness/swarm';
import { startSwarm } from '../harness/swarm';
import { median, round } from './bench-setup';

const SERVICES = Number(process.env.SWARM_BENCH_SERVICES ?? 100);
const REPLICAS = Number(process.env.SWARM_BENCH_REPLICAS ?? 5);
const SAMPLES = 7;

async function waitFor(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** Kills a running task's container on `node` and times until the service page no longer shows that task running. */
async function taskChangeToScreen(page: Page, manager: SwarmNode, node: SwarmNode, serviceId: string): Promise<number> {
  const filters = encodeURIComponent(JSON.stringify({ service: [serviceId], 'desired-state': ['running'] }));
  const nodeId = (await node.request('GET', '/info')).json.Swarm.NodeID as string;
  type Task = { ID: string; NodeID: string; Status: { State: string; ContainerStatus?: { ContainerID?: string } } };
  let task: Task | undefined;
  await waitFor('a running task on the node', async () => {
    const tasks = (await manager.request('GET', `/tasks?filters=${filters}`)).json as Task[];
    task = tasks.find((t) => t.NodeID === nodeId && t.Status.State === 'running');
    return Boolean(task);
  }, 60_000);
  return taskChange(page, manager, node, task!.ID, task!.Status.ContainerStatus!.ContainerID!);
}

/** Engine-side latency of the same change: from the kill until the manager's API no longer says running. */
const engineTimes: { manager: number[]; worker: number[] } = { manager: [], worker: [] };

async function taskChange(page: Page, manager: SwarmNode, node: SwarmNode, taskId: string, containerId: string): Promise<number> {
  const cell = page.getByTestId(`task-${taskId}`).getByTestId('task-state');
  await cell.waitFor({ timeout: 30_000 });
  await waitFor('the task shown running', async () => (await cell.textContent()) === 'running', 30_000);
  // No named functions inside: tsx's helper (__name) does not exist in the page, and the page's CSP
  // refuses code given as a string.
  const watch = page.evaluate(
    (id) =>
      new Promise<number>((resolve) => {
        const observer = new MutationObserver(() => {
          // A task no longer running leaves the list of live tasks, or shows its new state.
          if (document.querySelector(`[data-testid="task-${id}"] [data-testid="task-state"]`)?.textContent !== 'running') {
            observer.disconnect();
            resolve(performance.timeOrigin + performance.now());
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        setTimeout(() => resolve(NaN), 30_000);
      }),
    taskId,
  );
  watch.catch(() => undefined);
  const killed = performance.timeOrigin + performance.now();
  const res = await node.request('POST', `/containers/${containerId}/kill`);
  if (res.status !== 204) throw new Error(`kill failed: ${res.text}`);
  // Meanwhile, how long the swarm itself takes to record it: Berth cannot show it sooner than that.
  let engineMs = NaN;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const state = (await manager.request('GET', `/tasks/${taskId}`)).json?.Status?.State as string | undefined;
    if (state !== 'running') {
      engineMs = performance.timeOrigin + performance.now() - killed;
      break;
    }
    await sleep(20);
  }
  (node === manager ? engineTimes.manager : engineTimes.worker).push(engineMs);
  return (await watch) - killed;
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = { services: SERVICES, replicas: REPLICAS };
  const swarm = await startSwarm();
  try {
    const started = performance.now();
    for (let i = 0; i < SERVICES; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, SERVICES - i) }, (_, j) =>
          swarm.manager.request('POST', '/services/create', {
            Name: `bench-${String(i + j).padStart(3, '0')}`,
            TaskTemplate: { ContainerSpec: { Image: BUSYBOX_IMAGE, Args: ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'] }, RestartPolicy: { Condition: 'any', Delay: 0 } },
            Mode: { Replicated: { Replicas: REPLICAS } },
          }),
        ),
      );
    }
    await waitFor(`${SERVICES * REPLICAS} tasks running`, async () => {
      const list = (await swarm.manager.request('GET', '/services?status=true')).json as { ServiceStatus: { RunningTasks: number } }[];
      return list.reduce((n, s) => n + s.ServiceStatus.RunningTasks, 0) >= SERVICES * REPLICAS;
    }, 15 * 60_000);
    results.tasksRunningAfterS = round((performance.now() - started) / 1000);
    console.log(`[bench] ${SERVICES * REPLICAS} tasks running after ${results.tasksRunningAfterS} s`);

    const berth = await startBerth(swarm.manager.dockerHost);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(berth.url);
      await page.getByRole('heading', { name: 'Containers' }).waitFor();
      const paints: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        // A fresh tab each time: the app loads, connects and lists the services with nothing cached.
        const fresh = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        const t0 = Date.now();
        await fresh.goto(`${berth.url}#/services`);
        await fresh.waitForFunction((n) => document.querySelectorAll('[data-testid^="service-bench-"]').length === n, SERVICES, { timeout: 60_000 });
        paints.push(Date.now() - t0);
        await fresh.close();
      }
      results.servicesFirstPaintMs = { median: round(median(paints)), samples: paints };
      console.log(`[bench] Services page first paint: median ${median(paints)} ms`);

      const service = (await swarm.manager.request('GET', '/services/bench-000')).json.ID as string;
      await page.goto(`${berth.origin}/#/services/${service}`);
      const onManager: number[] = [];
      const onWorker: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        onManager.push(await taskChangeToScreen(page, swarm.manager, swarm.manager, service).catch(() => NaN));
        onWorker.push(await taskChangeToScreen(page, swarm.manager, swarm.nodes[1]!, service).catch(() => NaN));
      }
      results.taskChangeToScreenMs = {
        managerTaskMedian: round(median(onManager.filter(Number.isFinite))),
        workerTaskMedian: round(median(onWorker.filter(Number.isFinite))),
        // The swarm's own share: the manager's API saying the task is no longer running.
        engineRecordsManagerTaskMedian: round(median(engineTimes.manager.filter(Number.isFinite))),
        engineRecordsWorkerTaskMedian: round(median(engineTimes.worker.filter(Number.isFinite))),
        manager: onManager.map((x) => round(x)),
        worker: onWorker.map((x) => round(x)),
      };
    } finally {
      await browser.close();
      await berth.stop();
    }
  } finally {
    await swarm.stop();
  }
  console.table(results);
  console.log(JSON.stringify(results, null, 2));
  fs.mkdirSync(process.env.BERTH_DIST ?? 'dist', { recursive: true });
  fs.writeFileSync(path.join(process.env.BERTH_DIST ?? 'dist', 'bench-swarm.json'), JSON.stringify(results, null, 2));
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
