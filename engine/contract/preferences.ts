/**
 * The contract of the Preferences page, and the schemas of each preference: the backend checks every
 * change against them, and the settings file stores preferences in the same shape.
 */
import { z } from 'zod';
import { method, none } from './define';
import { PREFERENCE_LIMITS } from './preferences-types';
import type { NumberLimit, Preferences } from './preferences-types';

const whole = (what: string, { min, max }: NumberLimit) =>
  z
    .number({ error: `${what} must be a number.` })
    .int(`${what} must be a whole number.`)
    .min(min, `${what} must be at least ${min.toLocaleString('en')}.`)
    .max(max, `${what} must be at most ${max.toLocaleString('en')}.`);

/** One schema per managed-engine preference, in user words for the messages. */
export const managedEnginePreferenceFields = {
  maxConcurrentDownloads: whole('Parallel downloads', PREFERENCE_LIMITS.maxConcurrentDownloads),
  maxConcurrentUploads: whole('Parallel uploads', PREFERENCE_LIMITS.maxConcurrentUploads),
  logMaxSizeMb: whole('The log size limit', PREFERENCE_LIMITS.logMaxSizeMb),
  logMaxFiles: whole('The number of log files', PREFERENCE_LIMITS.logMaxFiles),
};

/** One schema per preference (the managed engine's as a group). */
export const preferenceFields = {
  openAtLogin: z.boolean(),
  startIn: z.enum(['window', 'tray'], { error: 'Start in must be “window” or “tray”.' }),
  closeWindow: z.enum(['hide', 'quit'], { error: 'Closing the window must “hide” it or “quit” Berth.' }),
  theme: z.enum(['system', 'light', 'dark'], { error: 'The theme must be “system”, “light” or “dark”.' }),
  notifications: z.boolean(),
  logLineLimit: whole('The log line limit', PREFERENCE_LIMITS.logLineLimit),
  engineOnQuit: z.enum(['stop', 'keep-running'], { error: 'When Berth quits, its engine must “stop” or “keep-running”.' }),
};

/** A change: any subset of the preferences; an unknown name is refused rather than silently ignored. */
export const preferencesChange = z
  .object(preferenceFields)
  .extend({ managedEngine: z.object(managedEnginePreferenceFields).partial().strict() })
  .partial()
  .strict();

export const preferenceMethods = {
  'preferences.get': method<Preferences>()(none),
  /** Applies a change, saves it and tells every window and the desktop shell; returns all preferences. */
  'preferences.set': method<Preferences>()(preferencesChange),
} as const;
