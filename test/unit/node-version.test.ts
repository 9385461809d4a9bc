import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const pkg = read('package.json');
const lock = read('package-lock.json') as { packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string }; hasInstallScript?: boolean }> };
// npm's own range logic, as npm applies it to "engines".
const semver = createRequire(import.meta.url)('semver') as { satisfies(version: string, range: string): boolean; minVersion(range: string): { version: string } };

/** Electron's tooling, which declares Node 22.12 and works on 20 (see .npmrc). */
const ELECTRON_TOOLING = ['@electron-internal/extract-zip', '@electron/get', '@electron/rebuild', 'electron', 'node-abi'];
const nameOf = (key: string) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('the Node version Berth needs', () => {
  it('is Node 20.19 or later, in package.json and the README alike', () => {
    expect(pkg.engines.node).toBe('>=20.19');
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('Node.js 20.19 or later');
  });

  it('is supported by every package installed, but the Electron tooling that .npmrc accounts for', () => {
    const oldest = semver.minVersion(pkg.engines.node).version;
    const refusing = Object.entries(lock.packages)
      .filter(([key, p]) => key && p.engines?.node && !semver.satisfies(oldest, p.engines.node))
      .map(([key, p]) => ({ name: nameOf(key), dev: p.dev === true }));
    expect([...new Set(refusing.map((p) => p.name))].sort()).toEqual(ELECTRON_TOOLING);
    // None of them is part of what Berth runs.
    expect(refusing.every((p) => p.dev)).toBe(true);
    expect(fs.readFileSync(path.join(root, '.npmrc'), 'utf8')).toMatch(/^loglevel=error$/m);
  });

  it('lets only reviewed dependencies run install scripts', () => {
    const withScripts = Object.entries(lock.packages).filter(([key, p]) => key && p.hasInstallScript).map(([key]) => nameOf(key));
    expect(Object.keys(pkg.allowScripts).sort()).toEqual([...new Set(withScripts)].sort());
  });
});
