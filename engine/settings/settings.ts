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

export function loadSettings(file: string): LoadedSettings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { settings: settingsSchema.parse({}) };
    throw e;
  }
  let problem: string;
  try {
    const { raw, upgradedFrom } = migrateSettings(JSON.parse(text));
    const parsed = settingsSchema.safeParse(raw);
    if (parsed.success) {
      const loaded: LoadedSettings = { settings: parsed.data };
      const reset = invalidPreferences(raw);
      if (reset.length) loaded.warning = `Some preferences in your settings file were not valid, so Berth uses their defaults: ${reset.join(', ')}.`;
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
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
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
