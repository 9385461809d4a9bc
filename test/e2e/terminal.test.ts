import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BUSYBOX_IMAGE, testEngine } from '../harness/context';
import { launchBrowser, startBerth } from './browser';
import type { BerthServer } from './browser';

const engine = testEngine();
let berth: BerthServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let id: string;

async function createRunning(name: string): Promise<string> {
  const res = await engine.request('POST', `/containers/create?name=${name}`, { Image: BUSYBOX_IMAGE, Cmd: ['sleep', '600'], HostConfig: { Init: true } });
  expect(res.status, res.text).toBe(201);
  expect((await engine.request('POST', `/containers/${res.json.Id}/start`)).status).toBe(204);
  return res.json.Id as string;
}

const pane = () => page.locator('[data-testid="terminal-pane"]:not([hidden])');
const terminalTabs = () => page.getByRole('tablist', { name: 'Terminals' }).getByRole('tab');
/** The terminal's screen, row by row, as xterm draws it. */
const screenRows = async () => (await pane().locator('.xterm-rows > div').allTextContents()).map((r) => r.replace(/\u00a0/g, ' ').trimEnd());
const processes = async () => JSON.stringify((await engine.request('GET', `/containers/${id}/top`)).json.Processes ?? []);

/** The shells Berth runs in the container now, by exec id, with their PIDs (from the Engine API). */
async function runningShells(): Promise<Record<string, number>> {
  const execIds = ((await engine.request('GET', `/containers/${id}/json`)).json.ExecIDs ?? []) as string[];
  const shells: Record<string, number> = {};
  for (const execId of execIds) {
    const exec = (await engine.request('GET', `/exec/${execId}/json`)).json;
    if (exec.Running && exec.ProcessConfig.arguments.includes('berth-terminal')) shells[execId] = exec.Pid;
  }
  return shells;
}

const openTerminalTab = async () => {
  await page.evaluate((cid) => (location.hash = `#/containers/${cid}/terminal`), id);
  await pane().and(page.locator('[data-state="running"]')).waitFor({ timeout: 20_000 });
};

async function typeCommand(command: string): Promise<void> {
  await pane().locator('.xterm-helper-textarea').focus();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

beforeAll(async () => {
  id = await createRunning('e2e-terminal');
  berth = await startBerth(engine.dockerHost);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: berth.origin });
  page = await context.newPage();
  await page.goto(berth.url);
  await page.evaluate((cid) => (location.hash = `#/containers/${cid}/terminal`), id);
  await pane().and(page.locator('[data-state="running"]')).waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => [...document.querySelectorAll('.xterm-rows > div')].some((r) => r.textContent?.startsWith('/ #')));
});

afterAll(async () => {
  await browser?.close();
  await berth?.stop();
  if (id) await engine.request('DELETE', `/containers/${id}?force=1`);
});

describe('the terminal in a real browser', () => {
  it('runs a shell: echo $((6*7)) prints 42', async () => {
    await typeCommand('echo $((6*7))');
    await expect.poll(screenRows).toContain('42');
  });

  it('pastes text from the clipboard into the shell, as the engine then confirms', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('touch /pasted-by-berth'));
    await pane().locator('.xterm-helper-textarea').focus();
    await page.keyboard.press('Control+V');
    await expect.poll(async () => (await screenRows()).some((r) => r.endsWith('# touch /pasted-by-berth'))).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await engine.request('HEAD', `/containers/${id}/archive?path=/pasted-by-berth`)).status, { timeout: 5000 }).toBe(200);
  });

  it('interrupts sleep 100 with Ctrl+C', async () => {
    await typeCommand('sleep 100');
    await expect.poll(processes).toContain('sleep 100');
    await page.keyboard.press('Control+C');
    await expect.poll(processes).not.toContain('sleep 100');
    await typeCommand('echo "status=$?"');
    await expect.poll(screenRows).toContain('status=130');
  });

  it('completes with Tab and recalls history with the up arrow', async () => {
    await typeCommand('mkdir -p /tmp/berth-tab-target');
    await pane().locator('.xterm-helper-textarea').focus();
    await page.keyboard.type('cd /tmp/berth-tab-t');
    await page.keyboard.press('Tab');
    await expect.poll(async () => (await screenRows()).some((r) => r.includes('cd /tmp/berth-tab-target'))).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+L');
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => (await screenRows()).some((r) => r.includes('cd /tmp/berth-tab-target'))).toBe(true);
    await page.keyboard.press('Control+U');
    await typeCommand('pwd');
    await expect.poll(screenRows).toContain('/tmp/berth-tab-target');
  });

  it('resizes the TTY with the window: stty size follows', async () => {
    await typeCommand('clear; stty size');
    await expect.poll(async () => (await screenRows()).find((r) => /^\d+ \d+$/.test(r))).toBeTruthy();
    const before = (await screenRows()).find((r) => /^\d+ \d+$/.test(r))!;
    await page.setViewportSize({ width: 900, height: 600 });
    await typeCommand('clear; stty size');
    await expect.poll(async () => (await screenRows()).find((r) => /^\d+ \d+$/.test(r))).not.toBe(before);
    const [rows, cols] = (await screenRows()).find((r) => /^\d+ \d+$/.test(r))!.split(' ').map(Number);
    expect(rows).toBeLessThan(Number(before.split(' ')[0]));
    expect(cols).toBeLessThan(Number(before.split(' ')[1]));
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('opens several terminals at once, as tabs, each its own shell', async () => {
    await page.getByRole('button', { name: 'New terminal' }).click();
    await page.getByRole('menuitem', { name: /^Shell/ }).click();
    await expect.poll(() => terminalTabs().count()).toBe(2);
    await pane().and(page.locator('[data-state="running"]')).waitFor();
    await expect.poll(async () => (await screenRows()).some((r) => r.startsWith('/ #'))).toBe(true);
    await typeCommand('echo "second $$"');
    await expect.poll(async () => (await screenRows()).some((r) => /^second \d+$/.test(r))).toBe(true);
    await expect.poll(async () => (await processes()).match(/\/bin\/sh/g)?.length).toBe(2);
    // The first tab kept its screen: the size it printed last, and nothing from the second shell.
    await terminalTabs().first().click();
    await expect.poll(async () => (await screenRows()).some((r) => /^\d+ \d+$/.test(r))).toBe(true);
    expect((await screenRows()).some((r) => r.startsWith('second'))).toBe(false);
  });

  it('says so when the container stops, and reconnects once it runs again', async () => {
    expect((await engine.request('POST', `/containers/${id}/stop?t=1`)).status).toBe(204);
    await expect.poll(() => pane().getAttribute('data-state'), { timeout: 15_000 }).toBe('ended');
    await expect.poll(() => pane().getByRole('status').textContent()).toMatch(/The container stopped.*Start the container to reconnect/);
    const reconnect = pane().getByRole('button', { name: 'Reconnect' });
    expect(await reconnect.isDisabled()).toBe(true);

    expect((await engine.request('POST', `/containers/${id}/start`)).status).toBe(204);
    await expect.poll(() => reconnect.isEnabled(), { timeout: 15_000 }).toBe(true);
    await reconnect.click();
    await expect.poll(() => pane().getAttribute('data-state')).toBe('running');
    await typeCommand('echo back-$((1+1))');
    await expect.poll(screenRows).toContain('back-2');
  });

  it('keeps the shell when the page is left and the window reloaded: the same output, shell and variables', async () => {
    await typeCommand('clear; KEPT=berth-$((3*7)); echo "kept=$KEPT"');
    await expect.poll(screenRows).toContain('kept=berth-21');
    const session = await pane().getAttribute('data-session');
    const before = await runningShells();
    expect(Object.keys(before)).toHaveLength(1);

    await page.evaluate(() => (location.hash = '#/images'));
    await page.getByRole('heading', { name: 'Images', level: 1 }).waitFor();
    expect(await runningShells()).toEqual(before);
    await page.reload();
    await openTerminalTab();
    expect(await pane().getAttribute('data-session')).toBe(session);
    await expect.poll(screenRows).toContain('kept=berth-21');
    await typeCommand('echo "again=$KEPT"');
    await expect.poll(screenRows).toContain('again=berth-21');
    // The same exec, the same process: nothing was started anew.
    expect(await runningShells()).toEqual(before);
  });

  it('lists the terminals of every container on the Terminals page, and closing one there ends its exec', async () => {
    const [execId] = Object.keys(await runningShells());
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Terminals' }).click();
    const rows = page.getByTestId('terminal-row');
    await expect.poll(() => rows.count()).toBe(2);
    // The second shell was ended by the stop earlier (and start: it may have seen a restart), and says so.
    await expect.poll(() => page.locator('[data-testid="terminal-row"][data-state="ended"]').textContent()).toMatch(/e2e-terminal.*ended · The container (stopped|restarted)/);
    const running = page.locator('[data-testid="terminal-row"][data-state="running"]');
    expect(await running.textContent()).toMatch(/^sh\s*e2e-terminal\s*running/);
    await running.getByRole('button', { name: /^Close sh/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Close terminal' }).click();
    await expect.poll(async () => (await engine.request('GET', `/exec/${execId}/json`)).json.Running, { timeout: 5000 }).toBe(false);
    await expect.poll(() => rows.count()).toBe(1);

    // Open goes to the container's Terminal tab, showing that session.
    const ended = await rows.first().getAttribute('data-session');
    await rows.first().getByRole('link', { name: /^Open/ }).click();
    await expect.poll(() => pane().getAttribute('data-session')).toBe(ended);
  });

  it('draws the terminal dark when the dark theme is chosen in Preferences on a light system', async () => {
    // The box's background, and the text colour xterm was given.
    const colours = () =>
      pane().evaluate((p) => [getComputedStyle(p.querySelector('.terminal-pane__box')!).backgroundColor, getComputedStyle(p.querySelector('.xterm-rows')!).color]);
    await page.evaluate((cid) => (location.hash = `#/containers/${cid}/terminal`), id);
    expect(await colours()).toEqual(['rgb(251, 251, 252)', 'rgb(31, 35, 40)']);
    await page.evaluate(() => (location.hash = '#/preferences'));
    await page.getByRole('radio', { name: 'Dark' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.evaluate((cid) => (location.hash = `#/containers/${cid}/terminal`), id);
    await expect.poll(colours).toEqual(['rgb(17, 19, 22)', 'rgb(215, 218, 224)']);
    await page.evaluate(() => (location.hash = '#/preferences'));
    await page.getByRole('radio', { name: 'System' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme ?? 'none')).toBe('none');
  });
});
