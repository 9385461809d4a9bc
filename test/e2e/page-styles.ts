// Each page's stylesheet loads with the page's own code (the renderer is split by page). A page that uses a
// class whose rules live in another page's stylesheet looks right only after that other page was visited.
// styleDifferences opens each page fresh, as the first page of a new window, and again after visiting all
// the others, and lists the computed styles that differ on the elements the two have in common.
import type { Browser, Page } from 'playwright-core';

// The properties stylesheets set on Berth's pages; layout results (widths, heights) are left out, since
// they follow the data as much as the rules.
const PROPERTIES = [
  'display',
  'position',
  'table-layout',
  'border-collapse',
  'border-spacing',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'margin-top',
  'margin-bottom',
  'border-top-width',
  'border-bottom-width',
  'border-top-left-radius',
  'gap',
  'font-size',
  'font-weight',
  'font-family',
  'color',
  'background-color',
  'text-align',
  'white-space',
  'overflow-x',
] as const;

/** Every element of the page's content, keyed by its path of tags and classes, with its computed style. */
async function styleMap(page: Page): Promise<Map<string, string>> {
  const entries = await page.evaluate((props) => {
    const root = document.querySelector('main') ?? document.body;
    const out: [string, string][] = [];
    const walk = (el: Element, path: string) => {
      const counts = new Map<string, number>();
      for (const child of Array.from(el.children)) {
        const own = `${child.tagName.toLowerCase()}${child.getAttribute('class') ? `.${child.getAttribute('class')!.trim().split(/\s+/).sort().join('.')}` : ''}`;
        const n = counts.get(own) ?? 0;
        counts.set(own, n + 1);
        const key = `${path} > ${own}:${n}`;
        const style = getComputedStyle(child);
        out.push([key, props.map((p) => `${p}=${style.getPropertyValue(p)}`).join('; ')]);
        walk(child, key);
      }
    };
    walk(root, 'main');
    return out;
  }, PROPERTIES as unknown as string[]);
  return new Map(entries);
}

export async function openPage(page: Page, route: string): Promise<void> {
  await page.evaluate((r) => (location.hash = r), route);
  await page.locator('main h1').first().waitFor();
  // Lists and facts arrive after the page's frame; the rows they add are part of the comparison.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(400);
}

/** Differences between each route opened first and opened after all of them (none when every page loads its own styles). */
export async function styleDifferences(browser: Browser, url: string, routes: string[]): Promise<{ differences: string[]; compared: Map<string, number> }> {
  const warm = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await warm.goto(url);
  for (const route of routes) await openPage(warm, route);
  const differences: string[] = [];
  const compared = new Map<string, number>();
  for (const route of routes) {
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await fresh.goto(`${url}${route}`);
    await openPage(fresh, route);
    const first = await styleMap(fresh);
    await fresh.close();
    await openPage(warm, route);
    const after = await styleMap(warm);
    const shared = [...first.keys()].filter((k) => after.has(k));
    compared.set(route, shared.length);
    const diffs = new Map<string, string>();
    for (const key of shared) {
      if (first.get(key) === after.get(key)) continue;
      const a = first.get(key)!.split('; ');
      const b = after.get(key)!.split('; ');
      const changed = a.flatMap((p, i) => (p === b[i] ? [] : [`${p} (after the others: ${b[i]!.split('=')[1]})`])).join(', ');
      diffs.set(key, changed);
      // An inherited property (colour, font size) differs on every descendant too: said once, where it starts.
      if (diffs.get(key.slice(0, key.lastIndexOf(' > '))) === changed) continue;
      differences.push(`${route}: ${key.split(' > ').slice(-2).join(' > ')}: ${changed}`);
    }
  }
  await warm.close();
  return { differences, compared };
}
