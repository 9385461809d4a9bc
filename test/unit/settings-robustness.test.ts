// Issue 17 §3: what cannot be read is kept and said, and Berth starts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PREFERENCE_DEFAULTS } from '../../engine/contract/preferences-types';
import { SETTINGS_VERSION, loadSettings, saveSettings } from '../../engine/settings/settings';

function settingsFile(content?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-settings-'));
  const file = path.join(dir, 'settings.json');
  if (content !== undefined) fs.writeFileSync(file, content);
  return file;
}

const asideOf = (file: string) => fs.readdirSync(path.dirname(file)).filter((f) => f.includes('corrupt')).map((f) => path.join(path.dirname(file), f));

describe('a settings file Berth cannot fully read', () => {
  it('keeps a version-1 file whose preferences are not a set of preferences, warns, and starts with defaults', () => {
    const original = JSON.stringify({ version: 1, engine: { selected: 'managed' }, preferences: 'x' });
    const file = settingsFile(original);
    const { settings, warning } = loadSettings(file);
    expect(settings.preferences).toEqual(PREFERENCE_DEFAULTS);
    expect(settings.engine.selected).toBe('managed');
    expect(warning).toMatch(/preferences in your settings file could not be read.*kept as .*settings\.json\.corrupt-/);
    const [aside] = asideOf(file);
    expect(fs.readFileSync(aside!, 'utf8')).toBe(original);
  });

  it('keeps the same for a current file before the next save overwrites it', async () => {
    const original = JSON.stringify({ version: SETTINGS_VERSION, preferences: 7 });
    const file = settingsFile(original);
    const { settings, warning } = loadSettings(file);
    expect(warning).toMatch(/could not be read/);
    await saveSettings(file, settings);
    expect(fs.readFileSync(asideOf(file)[0]!, 'utf8')).toBe(original);
  });

  it('accepts a UTF-8 byte-order mark', () => {
    const file = settingsFile(`\uFEFF${JSON.stringify({ version: SETTINGS_VERSION, preferences: { theme: 'dark' } })}`);
    const { settings, warning } = loadSettings(file);
    expect(warning).toBeUndefined();
    expect(settings.preferences.theme).toBe('dark');
    expect(asideOf(file)).toEqual([]);
  });

  it('starts with defaults and says so when settings.json is a folder, and can save afterwards', async () => {
    const file = settingsFile();
    fs.mkdirSync(file);
    const { settings, warning } = loadSettings(file);
    expect(settings.preferences).toEqual(PREFERENCE_DEFAULTS);
    expect(warning).toMatch(/could not be read \(it is a folder\)\. Berth started with default settings\. It was moved to .*corrupt-/);
    await saveSettings(file, settings);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).version).toBe(SETTINGS_VERSION);
  });
});
