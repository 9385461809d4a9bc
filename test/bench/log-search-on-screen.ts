/**
 * The log search as the user sees it, in Chromium against browser mode: from typing a regex for a line d
 * lines from the end until that line is drawn, highlighted, in its context. Alternated in each round with
 * the raw read of the lines that hold it (`tail=d` straight from the Engine API), so a busy machine weighs
 * on each alike. Two figures per search:
 *   - typedMs: from the keystroke until drawn, which includes the search box's 300 ms pause;
 *   - sentMs: from the page sending `logs.search` (the pause over) until drawn: the RPC, the backend's
 *     search until its first match, the event back, the read of the lines around it and the drawing;
 *   - of which until the page has received the first match (its `found` or `matches` event).
 * With a baseline (another build's server on the same engine, in its own page), each round also times its
 * search, the two in turns (which goes first alternates), each page's Logs tab opened afresh after its
 * search so the search reading on through the log does not weigh on the other's.
 * Used by logs.ts (BENCH_PARTS=searchscreen).
 */
import type { Page } from 'playwright-core';
import { median, rawTail, round } from './bench-setup';

/** Notes in the page when it sends a `logs.search` (before the page's own scripts run). */
export const NOTE_SEARCH_SENT = `(() => {
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (typeof data === 'string' && data.includes('"logs.search"')) {
      window.__searchSent = performance.now();
      window.__foundAt = undefined;
      if (!this.__noted) {
        this.__noted = true;
        this.addEventListener('message', (e) => {
          if (window.__foundAt === undefined && typeof e.data === 'string' && /"type":"(found|matches)"/.test(e.data)) window.__foundAt = performance.now();
        });
      }
    }
    return send.call(this, data);
  };
})()`;

/** One search in the Logs tab. */
async function searchOnce(page: Page, target: number): Promise<{ typedMs: number; sentMs: number; foundMs: number }> {
  await page.getByRole('button', { name: 'Regular expression' }).click();
  await page.evaluate(() => ((window as unknown as { __searchSent?: number }).__searchSent = undefined));
  const box = page.getByRole('searchbox', { name: /Search the log of/ });
  const typedAt = await page.evaluate(() => performance.now());
  await box.fill(`^${target}$`);
  const drawn = await page.waitForFunction(
    (t) => (document.querySelector('.log-line.is-focused mark')?.textContent === String(t) ? performance.now() : 0),
    target,
    { polling: 'raf', timeout: 60_000 },
  );
  const drawnAt = (await drawn.jsonValue()) as number;
  const [sentAt, foundAt] = await page.evaluate(() => {
    const w = window as unknown as { __searchSent?: number; __foundAt?: number };
    return [w.__searchSent ?? NaN, w.__foundAt ?? NaN];
  });
  return { typedMs: drawnAt - typedAt, sentMs: drawnAt - sentAt, foundMs: foundAt - sentAt };
}

/** A page of one build: `open` shows the Logs tab of the container afresh, at its end. */
export interface SearchSide {
  name: string;
  page: Page;
  open: () => Promise<unknown>;
}

type Shown = { typedMs: number; sentMs: number; foundMs: number };

function summary(shown: Shown[], rawMs: number) {
  const sent = shown.map((s) => s.sentMs);
  return {
    typedToDrawnMs: { median: round(median(shown.map((s) => s.typedMs))), all: shown.map((s) => round(s.typedMs)) },
    sentToDrawnMs: { median: round(median(sent)), all: sent.map((x) => round(x)) },
    sentToDrawnOverRawTail: round(median(sent) / rawMs, 2),
    sentToFirstMatchReceivedMs: { median: round(median(shown.map((s) => s.foundMs))), all: shown.map((s) => round(s.foundMs)) },
  };
}

/** The container `id` has `total` lines numbered 1..total; `sides[0]` is this build, the others baselines. */
export async function searchOnScreen(sides: SearchSide[], socketPath: string, id: string, total: number, depths: number[], rounds = 5) {
  const results: Record<string, unknown> = {};
  for (const depth of depths) {
    const raw: number[] = [];
    const shown = new Map<string, Shown[]>(sides.map((s) => [s.name, []]));
    for (let r = 0; r < rounds; r++) {
      // Opened afresh, so no line of the last search is on screen and its search (which reads on through
      // the whole log) is closed before the raw read.
      for (const side of sides) await side.open();
      raw.push(await rawTail(socketPath, id, depth));
      for (const side of r % 2 ? [...sides].reverse() : sides) {
        const result = await searchOnce(side.page, total - depth + 1).catch(async (e: unknown) => {
          const state = await side.page.evaluate(() => ({
            status: document.querySelector('[data-testid="log-search-status"]')?.textContent,
            lines: document.querySelector('[data-testid="log-view"]')?.getAttribute('data-lines'),
            shown: [...document.querySelectorAll('.log-line .log-line__text')].map((l) => l.textContent).filter((_, i, a) => i === 0 || i === a.length - 1),
            focused: document.querySelector('.log-line.is-focused')?.textContent,
          }));
          throw new Error(`${side.name}, line ${depth} from the end, round ${r + 1}: ${(e as Error).message}; on screen: ${JSON.stringify(state)}`);
        });
        shown.get(side.name)!.push(result);
        await side.open();
      }
    }
    const rawMs = median(raw);
    const [mine, ...others] = sides;
    results[`line ${depth.toLocaleString('en')} from the end`] = {
      rawTailMs: { median: round(rawMs), all: raw.map((x) => round(x)) },
      ...summary(shown.get(mine!.name)!, rawMs),
      ...Object.fromEntries(others.map((o) => [o.name, summary(shown.get(o.name)!, rawMs)])),
    };
  }
  return results;
}
