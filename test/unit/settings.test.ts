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

describe('the settings file', () => {
  it('starts from defaults when there is no file yet', () => {
    expect(loadSettings(settingsFile())).toEqual({ settings: { version: SETTINGS_VERSION, engine: {}, preferences: PREFERENCE_DEFAULTS } });
  });

  it('round-trips the chosen engine and keeps keys it does not know', async () => {
    const file = settingsFile(JSON.stringify({ version: SETTINGS_VERSION, engine: { selected: 'context:work' }, fromNewerBerth: { a: 1 } }));
    const { settings } = loadSettings(file);
    expect(settings.engine.selected).toBe('context:work');
    await saveSettings(file, { ...settings, engine: { selected: 'managed' } });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      version: SETTINGS_VERSION,
      engine: { selected: 'managed' },
      preferences: PREFERENCE_DEFAULTS,
      fromNewerBerth: { a: 1 },
    });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps a corrupt file aside, says where, and starts with defaults', () => {
    const file = settingsFile('{"engine": {"selected": ');
    const { settings, warning } = loadSettings(file);
    expect(settings.engine.selected).toBeUndefined();
    expect(warning).toMatch(/could not be read \(it is not valid JSON\).*kept the old file as .*settings\.json\.corrupt-/);
    const aside = fs.readdirSync(path.dirname(file)).find((f) => f.includes('corrupt'));
    expect(fs.readFileSync(path.join(path.dirname(file), aside!), 'utf8')).toBe('{"engine": {"selected": ');
  });

  it('treats a file of the wrong shape like a corrupt one and names the field', () => {
    const file = settingsFile(JSON.stringify({ engine: { selected: 42 } }));
    const { warning } = loadSettings(file);
    expect(warning).toMatch(/engine\.selected/);
    expect(fs.existsSync(file)).toBe(false);
  });
});
