/**
 * Berth's settings file: validated on load, written atomically, and never silently lost. A file that is
 * not valid JSON or does not match the schema is moved aside (settings.json.corrupt-<time>) and the user
 * is told; keys Berth does not know are kept, so an older Berth does not drop a newer one's settings.
 */
import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';

export const SETTINGS_VERSION = 1;

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
  })
  .passthrough();

export type Settings = z.infer<typeof settingsSchema>;

export interface LoadedSettings {
  settings: Settings;
  /** Set when the file could not be used as it was; says where the old file went. */
  warning?: string;
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
    const parsed = settingsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { settings: parsed.data };
    problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ');
  } catch {
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
  await writeFileAtomic(file, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
}
