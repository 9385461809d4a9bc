/**
 * Berth's settings file: validated on load, written atomically, and never silently lost. A file that is
 * not valid JSON or does not match the schema is moved aside (settings.json.corrupt-<time>) and the user
 * is told; keys Berth does not know are kept, so an older Berth does not drop a newer one's settings.
 * A file from an older Berth is upgraded step by step (see MIGRATIONS) and written back at once. A single
 * preference that is not valid takes its default instead of costing the user every other setting.
 */
import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { managedEnginePreferenceFields, preferenceFields } from '../contract/preferences';
import { PREFERENCE_DEFAULTS } from '../contract/preferences-types';
import type { Preferences } from '../contract/preferences-types';

export const SETTINGS_VERSION = 2;

type RawSettings = Record<string, unknown>;

/**
 * Upgrades a settings object of version N to version N + 1. A step changes only what it must: every key
 * it does not know is passed on untouched.
 */
const MIGRATIONS: Record<number, (old: RawSettings) => RawSettings> = {
  // Version 2 added preferences. A version 1 file has none, so each one takes its default.
  1: (old) => ({ ...old, preferences: old.preferences ?? {} }),
};

/** Each field of `fields` falls back to its default when it is missing or not valid. */
function withDefaults<T extends Record<string, z.ZodType>>(fields: T, defaults: { [K in keyof T]: z.output<T[K]> }) {
  return Object.fromEntries(Object.entries(fields).map(([key, schema]) => [key, schema.catch(defaults[key])])) as { [K in keyof T]: z.ZodCatch<T[K]> };
}

const storedManagedEngine = z.object(withDefaults(managedEnginePreferenceFields, PREFERENCE_DEFAULTS.managedEngine)).passthrough();
const storedPreferenceObject = z
  .object({
    ...withDefaults(preferenceFields, PREFERENCE_DEFAULTS),
    managedEngine: storedManagedEngine.catch(() => storedManagedEngine.parse({})),
  })
  .passthrough();
/** Preferences Berth does not know (from a newer Berth) are kept; anything unusable takes the defaults. */
const storedPreferences: z.ZodType<Preferences> = storedPreferenceObject.catch(() => storedPreferenceObject.parse({}));

export const settingsSchema = z
  .object({
    version: z.number().int().positive().default(SETTINGS_VERSION),
    engine: z
      .object({
        /** The engine the user chose; absent means "pick the first one that answers". */
        selected: z.string().min(1).max(200).optional(),
      })
      .passthrough()
      .default({}),
    preferences: storedPreferences,
  })
  .passthrough();

export type Settings = z.infer<typeof settingsSchema>;

const isObject = (v: unknown): v is RawSettings => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Brings a parsed settings file up to SETTINGS_VERSION. A file without a version predates versioning
 * and counts as version 1; one from a newer Berth is left as it is (and keeps its version when saved).
 */
export function migrateSettings(raw: unknown): { raw: unknown; upgradedFrom?: number } {
  if (!isObject(raw)) return { raw };
  const from = raw.version === undefined ? 1 : raw.version;
  if (typeof from !== 'number' || !Number.isInteger(from) || from >= SETTINGS_VERSION) return { raw };
  let upgraded = raw;
  for (let version = from; version < SETTINGS_VERSION; version++) {
    const step = MIGRATIONS[version];
    if (!step) return { raw }; // No way up from here: let validation say what is wrong.
    upgraded = { ...step(upgraded), version: version + 1 };
  }
  return { raw: upgraded, upgradedFrom: from };
}

/** Preferences that were present but not valid, as dotted paths (they took their defaults). */
function invalidPreferences(raw: unknown): string[] {
  if (!isObject(raw) || !isObject(raw.preferences)) return [];
  const stored = raw.preferences;
  const bad = Object.entries(preferenceFields)
    .filter(([key, schema]) => stored[key] !== undefined && !schema.safeParse(stored[key]).success)
    .map(([key]) => key);
  const engine = stored.managedEngine;
  if (engine !== undefined && !isObject(engine)) bad.push('managedEngine');
  if (isObject(engine)) {
    for (const [key, schema] of Object.entries(managedEnginePreferenceFields)) {
      if (engine[key] !== undefined && !schema.safeParse(engine[key]).success) bad.push(`managedEngine.${key}`);
    }
  }
  return bad;
}

export interface LoadedSettings {
  settings: Settings;
  /** Set when the file could not be used as it was; says what Berth did about it. */
  warning?: string;
  /** The version the file had when it was upgraded to SETTINGS_VERSION. */
  upgradedFrom?: number;
}

const asideName = (file: string) => `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;

export function loadSettings(file: string): LoadedSettings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { settings: settingsSchema.parse({}) };
    // Whatever stands there (a folder, a file Berth may not read), Berth starts; the user is told.
    let kept = '';
    if (code === 'EISDIR') {
      const aside = asideName(file);
      try {
        fs.renameSync(file, aside);
        kept = ` It was moved to ${aside}.`;
      } catch {
        kept = ' Berth could not move it aside either, so changes you make now are not saved.';
      }
    }
    return {
      settings: settingsSchema.parse({}),
      warning: `Your settings file ${file} could not be read (${code === 'EISDIR' ? 'it is a folder' : (e as Error).message}). Berth started with default settings.${kept}`,
    };
  }
  // Editors on Windows save UTF-8 with a byte-order mark, which JSON.parse refuses.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let problem: string;
  try {
    const { raw, upgradedFrom } = migrateSettings(JSON.parse(text));
    const parsed = settingsSchema.safeParse(raw);
    if (parsed.success) {
      const loaded: LoadedSettings = { settings: parsed.data };
      const reset = invalidPreferences(raw);
      if (isObject(raw) && raw.preferences !== undefined && !isObject(raw.preferences)) {
        // Not one bad preference but none that can be read: the next save would drop what is there, so
        // the file as it was is kept beside it first.
        const aside = asideName(file);
        fs.copyFileSync(file, aside);
        loaded.warning = `The preferences in your settings file could not be read (they are not a set of preferences), so Berth uses the defaults. The old file is kept as ${aside}.`;
      } else if (reset.length) {
        loaded.warning = `Some preferences in your settings file were not valid, so Berth uses their defaults: ${reset.join(', ')}.`;
      }
      if (upgradedFrom !== undefined) {
        loaded.upgradedFrom = upgradedFrom;
        // Written back now, so the file on disk is the version Berth reads (the old keys all stay in it).
        // If it cannot be written, the upgrade still holds in memory and is written with the next change.
        try {
          writeFileAtomic.sync(file, serialize(parsed.data), { mode: 0o600 });
        } catch (e) {
          console.warn(`[berth] could not write the upgraded settings file: ${(e as Error).message}`);
        }
      }
      return loaded;
    }
    problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ');
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    problem = 'it is not valid JSON';
  }
  const aside = asideName(file);
  fs.renameSync(file, aside);
  return {
    settings: settingsSchema.parse({}),
    warning: `Your settings file could not be read (${problem}). Berth started with default settings and kept the old file as ${aside}.`,
  };
}

export async function saveSettings(file: string, settings: Settings): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, serialize(settings), { mode: 0o600 });
}

function serialize(settings: Settings): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}
