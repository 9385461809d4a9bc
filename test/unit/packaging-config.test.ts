import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { convertIcon } from 'app-builder-lib/out/util/iconConverter';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { signingPlan } from '../../electron/packaging/signing.mjs';

const root = path.resolve(import.meta.dirname, '../..');

/** The configuration exactly as the electron-builder CLI reads it from package.json. */
async function builderConfig() {
  return getConfig(root, null, null);
}

function pngSize(data: Buffer): number {
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
  return data.readUInt32BE(16);
}

// Compiling electron-builder's schema (ajv, some 400 KB of JSON) takes seconds on a busy machine.
describe('the electron-builder configuration', { timeout: 30_000 }, () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(await builderConfig(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is checked by a validator that does refuse a misspelt option', async () => {
    const config = { ...(await builderConfig()), mac: { notarise: true } };
    await expect(validateConfiguration(config as never, new DebugLogger(false))).rejects.toThrow(/does not match the API schema[\s\S]*configuration\.mac/);
  });

  it('builds dmg and zip for both Mac architectures, nsis for Windows, AppImage and deb for Linux', async () => {
    const config = await builderConfig();
    expect(config.mac?.target).toEqual([
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ]);
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    // Windows shows notifications only for an app id that matches the one main.ts sets.
    expect(config.appId).toBe('io.berth.desktop');
    expect(fs.readFileSync(path.join(root, 'electron/main.ts'), 'utf8')).toContain(`setAppUserModelId('${config.appId}')`);
  });

  it('lets electron-builder handle node_modules neither by rebuilding nor by copying (dist/ is self-contained)', async () => {
    const config = await builderConfig();
    expect(typeof config.beforeBuild).toBe('string');
    const hook = (await import(path.join(root, config.beforeBuild as string))) as { default: () => Promise<unknown> };
    expect(await hook.default()).toBe(false);
  });
});

describe('the app icons', () => {
  it('has a Windows icon electron-builder accepts as is (256 px or more)', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-icons-'));
    const { icons, isFallback } = await convertIcon({ sources: ['assets/icon.ico'], fallbackSources: [], roots: [root], format: 'ico', outDir: out });
    expect(isFallback).toBe(false);
    expect(icons).toEqual([{ file: path.join(root, 'assets/icon.ico'), size: 256 }]);
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('has a macOS icon with every size up to 1024 px as real PNGs', () => {
    const data = fs.readFileSync(path.join(root, 'assets/icon.icns'));
    expect(data.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(data.readUInt32BE(4)).toBe(data.length);
    const sizes: Record<string, number> = {};
    for (let at = 8; at < data.length; ) {
      const type = data.subarray(at, at + 4).toString('ascii');
      const length = data.readUInt32BE(at + 4);
      sizes[type] = pngSize(data.subarray(at + 8, at + length));
      at += length;
    }
    expect(sizes).toEqual({ icp4: 16, icp5: 32, ic11: 32, ic12: 64, ic07: 128, ic13: 256, ic08: 256, ic14: 512, ic09: 512, ic10: 1024 });
  });

  it('has a set of sizes for Linux desktops that electron-builder uses without converting', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-icons-'));
    const { icons } = await convertIcon({ sources: ['assets/icons'], fallbackSources: [], roots: [root], format: 'set', outDir: out });
    expect(icons.map((i) => i.size)).toEqual([16, 32, 48, 64, 128, 256, 512]);
    for (const icon of icons) expect(pngSize(fs.readFileSync(icon.file))).toBe(icon.size);
    expect(fs.readdirSync(out)).toEqual([]);
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('has a tray image for every engine state, in colour and as a macOS template, at 1x and 2x', () => {
    for (const state of ['running', 'starting', 'stopped', 'error']) {
      for (const variant of ['', 'Template']) {
        expect(pngSize(fs.readFileSync(path.join(root, 'assets/tray', `${state}${variant}.png`)))).toBe(16);
        expect(pngSize(fs.readFileSync(path.join(root, 'assets/tray', `${state}${variant}@2x.png`)))).toBe(32);
      }
    }
  });
});

describe('signing and notarization', () => {
  it('says a Mac build is neither signed nor notarized when no credentials are set', () => {
    const plan = signingPlan('darwin', {}, 'darwin');
    expect(plan.error).toBeUndefined();
    expect(plan.notes.join('\n')).toMatch(/CSC_LINK is not set.*unsigned/);
    expect(plan.notes.join('\n')).toMatch(/not notarized\. To notarize, set APPLE_API_KEY/);
  });

  it('signs and notarizes a Mac build when the certificate and an Apple ID are set', () => {
    const plan = signingPlan('darwin', { CSC_LINK: '/secrets/dev-id.p12', APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'T' }, 'darwin');
    expect(plan.notes).toEqual(['macOS: signing with the certificate in CSC_LINK.', 'macOS: notarizing with an Apple ID (APPLE_ID) once the app is signed.']);
  });

  it('stops a build whose notarization credentials are half set, naming what is missing', () => {
    const plan = signingPlan('darwin', { CSC_LINK: 'x', APPLE_ID: 'a@b.c' }, 'darwin');
    expect(plan.error).toBe('Notarization needs APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID together; APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID are not set.');
  });

  it('does not promise to sign a Mac app anywhere but on a Mac', () => {
    const plan = signingPlan('darwin', { CSC_LINK: 'x', APPLE_API_KEY: 'k', APPLE_API_KEY_ID: 'i', APPLE_API_ISSUER: 'j' }, 'linux');
    expect(plan.notes).toEqual([
      'macOS: not signed, because macOS apps can only be signed on a Mac.',
      'macOS: not notarized although an App Store Connect API key (APPLE_API_KEY) is set: Apple notarizes only signed apps.',
    ]);
  });

  it('signs Windows installers with WIN_CSC_LINK or CSC_LINK and says what an unsigned one means', () => {
    expect(signingPlan('win32', { WIN_CSC_LINK: 'x' }).notes).toEqual(['Windows: signing with the certificate in WIN_CSC_LINK.']);
    expect(signingPlan('win32', { CSC_LINK: 'x' }).notes).toEqual(['Windows: signing with the certificate in CSC_LINK.']);
    expect(signingPlan('win32', {}).notes[0]).toMatch(/not signed.*SmartScreen/);
  });
});
