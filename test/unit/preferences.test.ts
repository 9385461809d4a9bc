import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preferencesChange } from '../../engine/contract/preferences';
import { PREFERENCE_DEFAULTS } from '../../engine/contract/preferences-types';
import { SETTINGS_VERSION, loadSettings, migrateSettings, saveSettings } from '../../engine/settings/settings';
import { applyPreferencesChange } from '../../engine/services/preferences';

function settingsFile(content: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-prefs-'));
  const file = path.join(dir, 'settings.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const onDisk = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** The settings file Berth 0.1 (settings version 1) wrote, plus a key from some other Berth. */
const versionOneFile = { version: 1, engine: { selected: 'context:work', pinned: true }, fromAnotherBerth: { a: [1, 2] } };

describe('upgrading an older settings file', () => {
  it('upgrades a version 1 file: the chosen engine stays, preferences take their defaults', () => {
    const file = settingsFile(versionOneFile);
    const { settings, warning, upgradedFrom } = loadSettings(file);
    expect(upgradedFrom).toBe(1);
    expect(warning).toBeUndefined();
    expect(settings.version).toBe(SETTINGS_VERSION);
    expect(settings.engine.selected).toBe('context:work');
    expect(settings.preferences).toEqual(PREFERENCE_DEFAULTS);
  });

  it('keeps every key it does not know, at the top and inside known sections, on disk at once and after saving', async () => {
    const file = settingsFile(versionOneFile);
    const { settings } = loadSettings(file);
    // Written back straight away, so the file says what Berth now reads.
    expect(onDisk(file)).toMatchObject({ version: SETTINGS_VERSION, engine: { pinned: true }, fromAnotherBerth: { a: [1, 2] } });
    await saveSettings(file, { ...settings, preferences: { ...settings.preferences, theme: 'dark' } });
    expect(onDisk(file)).toEqual({
      version: SETTINGS_VERSION,
      engine: { selected: 'context:work', pinned: true },
      preferences: { ...PREFERENCE_DEFAULTS, theme: 'dark' },
      fromAnotherBerth: { a: [1, 2] },
    });
  });

  it('treats a file without a version as the first version', () => {
    expect(migrateSettings({ engine: {} })).toEqual({ raw: { engine: {}, preferences: {}, version: SETTINGS_VERSION }, upgradedFrom: 1 });
  });

  it('leaves a file from a newer Berth as it is, version and unknown preferences included', () => {
    const newer = { version: SETTINGS_VERSION + 1, engine: {}, preferences: { theme: 'light', gpu: 'on' } };
    expect(migrateSettings(newer)).toEqual({ raw: newer });
    const { settings, upgradedFrom } = loadSettings(settingsFile(newer));
    expect(upgradedFrom).toBeUndefined();
    expect(settings.version).toBe(SETTINGS_VERSION + 1);
    expect(settings.preferences).toMatchObject({ theme: 'light', gpu: 'on', logLineLimit: PREFERENCE_DEFAULTS.logLineLimit });
  });
});

describe('preferences in the settings file', () => {
  it('gives a preference that is not valid its default, keeps the others, and says which one', () => {
    const file = settingsFile({
      version: SETTINGS_VERSION,
      engine: {},
      preferences: { theme: 'purple', startIn: 'tray', logLineLimit: 5, managedEngine: { logMaxFiles: 7, maxConcurrentDownloads: 'many' } },
    });
    const { settings, warning } = loadSettings(file);
    expect(settings.preferences).toEqual({
      ...PREFERENCE_DEFAULTS,
      startIn: 'tray',
      managedEngine: { ...PREFERENCE_DEFAULTS.managedEngine, logMaxFiles: 7 },
    });
    expect(warning).toBe('Some preferences in your settings file were not valid, so Berth uses their defaults: theme, logLineLimit, managedEngine.maxConcurrentDownloads.');
    // The file itself was not set aside: only those values were.
    expect(fs.existsSync(file)).toBe(true);
  });
});

describe('a change to the preferences', () => {
  it('accepts any subset and changes only what it names', () => {
    const change = preferencesChange.parse({ theme: 'dark', managedEngine: { logMaxSizeMb: 50 } });
    expect(applyPreferencesChange(PREFERENCE_DEFAULTS, change)).toEqual({
      ...PREFERENCE_DEFAULTS,
      theme: 'dark',
      managedEngine: { ...PREFERENCE_DEFAULTS.managedEngine, logMaxSizeMb: 50 },
    });
  });

  it('refuses values out of range, of the wrong kind, or unknown names, in sentences', () => {
    const messages = (input: unknown) => preferencesChange.safeParse(input).error?.issues.map((i) => i.message);
    expect(messages({ logLineLimit: 50 })).toEqual(['The log line limit must be at least 100.']);
    expect(messages({ logLineLimit: 2_000_000 })).toEqual(['The log line limit must be at most 1,000,000.']);
    expect(messages({ managedEngine: { logMaxFiles: 2.5 } })).toEqual(['The number of log files must be a whole number.']);
    expect(messages({ closeWindow: 'minimise' })).toEqual(['Closing the window must “hide” it or “quit” Berth.']);
    expect(messages({ openAtLogin: 'yes' })).toHaveLength(1);
    expect(messages({ them: 'dark' })).toEqual(['Unrecognized key: "them"']);
  });
});
