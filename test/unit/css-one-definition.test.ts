// The renderer's stylesheets load with the pages that import them, in the order the user visits pages. A
// class whose rules are written in two stylesheets looks like whichever loaded last: the volume page's
// `.cell-name` (a flex row) turned the Containers page's names into flex rows once Volumes had been opened,
// and two `.facts` fought the same way. So a class is styled on its own (`.name { … }`) in one file only;
// variants and compound selectors (`.a .b`, `.a.b`, `.a:hover`) are free, since they are more specific.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '../../renderer/src');

function cssFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return cssFiles(full);
    return e.name.endsWith('.css') ? [full] : [];
  });
}

/** The bare class selectors (`.name`) a stylesheet gives rules to, outside @media and similar blocks too. */
function bareClasses(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const found: string[] = [];
  for (const m of text.matchAll(/([^{};]+)\{/g)) {
    for (const selector of m[1]!.split(',')) {
      const s = selector.trim();
      if (/^\.[A-Za-z0-9_-]+$/.test(s)) found.push(s);
    }
  }
  return found;
}

describe('the renderer’s stylesheets', () => {
  it('reads bare class selectors and leaves compound ones', () => {
    expect(bareClasses('.a { x: 1 } .a .b, .c:hover, .d.e { y: 2 } /* .f { } */ @media (max-width: 1px) { .g { z: 3 } }')).toEqual(['.a', '.g']);
  });

  it('style each class on its own in one file only, so no page’s look depends on which page loaded first', () => {
    const files = cssFiles(ROOT);
    expect(files.length).toBeGreaterThan(20);
    const where = new Map<string, Set<string>>();
    for (const file of files) {
      for (const cls of bareClasses(fs.readFileSync(file, 'utf8'))) {
        where.set(cls, (where.get(cls) ?? new Set()).add(path.relative(ROOT, file)));
      }
    }
    const twice = [...where].filter(([, in_]) => in_.size > 1).map(([cls, in_]) => `${cls}: ${[...in_].sort().join(', ')}`);
    expect(twice).toEqual([]);
  });
});
