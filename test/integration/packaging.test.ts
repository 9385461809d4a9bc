/**
 * Packages the built app with the real electron-builder, offline: the Electron binary cannot be downloaded
 * here, so electronDist points at a stand-in executable that carries Electron's fuse wire (the only part
 * of the binary electron-builder touches on Linux). Everything else is electron-builder's own work: the
 * `files` patterns, the app.asar, extraResources, the beforeBuild and beforePack hooks, the fuses.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { FuseState } from '@electron/fuses/dist/constants';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const built = path.resolve(root, process.env.BERTH_DIST ?? 'dist');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Folders of the repository that must never reach the archive, even though they sit beside dist/. */
const SOURCES = ['engine', 'electron', 'renderer', 'test', 'vm', 'packaging', 'assets', 'package.json', 'tsconfig.json', 'vite.config.ts', 'esbuild.config.mjs'];

let work: string;
let project: string;
let fakeElectron: string;

/** Files (not folders) under `dir`, relative and with forward slashes. */
function filesUnder(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

function pack(out: string): { status: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/electron-builder/cli.js'), '--linux', '--dir', '--publish', 'never', `-c.electronDist=${fakeElectron}`, `-c.directories.output=${out}`],
    { cwd: project, encoding: 'utf8', env: { ...process.env, CI: '1' }, timeout: 120_000 },
  );
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

beforeAll(() => {
  if (!fs.existsSync(path.join(built, 'electron/main.cjs'))) throw new Error(`No build in ${built}: run “npm run build” (with the same BERTH_DIST) first.`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-pack-'));
  // A copy of the repository as a developer has it: sources, tests and all, plus a fresh build in dist/.
  project = path.join(work, 'project');
  for (const entry of SOURCES.filter((e) => fs.existsSync(path.join(root, e)))) {
    fs.cpSync(path.join(root, entry), path.join(project, entry), { recursive: true, filter: (src) => !src.startsWith(path.join(root, 'vm', 'dist')) });
  }
  fs.cpSync(built, path.join(project, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(project, 'dist', 'bench.json'), '{}');
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'));

  fakeElectron = path.join(work, 'electron');
  fs.mkdirSync(fakeElectron);
  // Fuse wire v1, eight fuses, all enabled as shipped ('1'), so every fuse the config disables shows.
  const wire = Buffer.from([1, 8, ...Array(8).fill(FuseState.ENABLE)]);
  fs.writeFileSync(path.join(fakeElectron, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n'), Buffer.from(SENTINEL), wire]), { mode: 0o755 });
  fs.writeFileSync(path.join(fakeElectron, 'chrome-sandbox'), '');
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the packaged app (electron-builder --dir, Linux)', () => {
  let app: string;
  let archive: string;

  beforeAll(() => {
    const guest = path.join(project, 'vm', 'dist', `guest-${process.arch}`);
    fs.mkdirSync(guest, { recursive: true });
    for (const name of ['vmlinuz', 'initramfs.img']) fs.writeFileSync(path.join(guest, name), name);
    // A guest for the other architecture in this package's folder is refused, in words, and no package is made.
    const own = process.arch === 'arm64' ? 'arm64' : 'amd64';
    const other = own === 'arm64' ? 'amd64' : 'arm64';
    fs.writeFileSync(path.join(guest, 'manifest.json'), JSON.stringify({ arch: other }));
    const refused = pack(path.join(work, 'out-other-arch'));
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain(`vm/dist/guest-${process.arch} holds a guest built for ${other} but this package is for ${own}: build it again with npm run vm:build.`);
    expect(fs.existsSync(path.join(work, 'out-other-arch', 'linux-unpacked', 'resources', 'app.asar'))).toBe(false);

    fs.writeFileSync(path.join(guest, 'manifest.json'), JSON.stringify({ arch: own }));
    const { status, output } = pack(path.join(work, 'out'));
    expect(status, output).toBe(0);
    expect(output).toContain(`VM guest: shipping 3 files from vm/dist/guest-${process.arch} as resources/guest.`);
    expect(output).toMatch(/Linux: AppImage and deb packages are not code-signed/);
    app = path.join(work, 'out', 'linux-unpacked');
    archive = path.join(app, 'resources', 'app.asar');
  });

  it('holds exactly the built output: the Electron bundles, the UI, the icons it loads and package.json', () => {
    const inArchive = listPackage(archive, { isPack: false })
      .map((p) => p.replace(/^[/\\]/, '').split(path.sep).join('/'))
      .filter((p) => !('files' in statFile(archive, p)));
    const expected = [
      ...filesUnder(path.join(project, 'dist', 'electron')).map((f) => `dist/electron/${f}`),
      ...filesUnder(path.join(project, 'dist', 'renderer')).map((f) => `dist/renderer/${f}`),
      'assets/icon.png',
      ...filesUnder(path.join(project, 'assets', 'tray')).map((f) => `assets/tray/${f}`),
      'package.json',
    ].filter((f) => !f.endsWith('.map'));
    expect(inArchive.sort()).toEqual(expected.sort());
    // What that means, said plainly: no sources, tests, source maps, node_modules or npm-only bundles.
    expect(inArchive.filter((f) => /^(engine|electron|renderer|test|vm|packaging|node_modules)\//.test(f) || /\.map$|^dist\/(serve|launch)\.cjs$/.test(f))).toEqual([]);
  });

  it('finds at run time what main.ts looks for: the UI next to it and the tray icons two folders up', () => {
    const pkg = JSON.parse(extractFile(archive, 'package.json').toString('utf8'));
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(() => statFile(archive, 'dist/electron/preload.cjs')).not.toThrow();
    // The backend's own process (electron/backend-host.ts forks it from next to main.cjs).
    expect(() => statFile(archive, 'dist/electron/backend.cjs')).not.toThrow();
    expect(() => statFile(archive, 'dist/renderer/index.html')).not.toThrow();
    expect(() => statFile(archive, 'assets/tray/runningTemplate@2x.png')).not.toThrow();
    // The shipped package.json is metadata only.
    expect(pkg).not.toHaveProperty('scripts');
    expect(pkg).not.toHaveProperty('devDependencies');
    expect(pkg).not.toHaveProperty('build');
  });

  it('ships the VM guest beside the archive as resources/guest', () => {
    expect(filesUnder(path.join(app, 'resources', 'guest')).sort()).toEqual(['initramfs.img', 'manifest.json', 'vmlinuz']);
  });

  it('flips the Electron fuses the configuration asks for', async () => {
    const fuses = await getCurrentFuseWire(path.join(app, 'berth'));
    expect(fuses[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
  });
});

describe('packaging before the VM guest is built', () => {
  it('still makes the package, without resources/guest, and says why', () => {
    fs.rmSync(path.join(project, 'vm', 'dist'), { recursive: true, force: true });
    const out = path.join(work, 'out-no-guest');
    const { status, output } = pack(out);
    expect(status, output).toBe(0);
    expect(output).toContain(`VM guest: vm/dist/guest-${process.arch} is missing or empty, so this package has no VM guest; build it first (npm run vm:build)`);
    expect(fs.existsSync(path.join(out, 'linux-unpacked', 'resources', 'app.asar'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'linux-unpacked', 'resources', 'guest'))).toBe(false);
  });
});
