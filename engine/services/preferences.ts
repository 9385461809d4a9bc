/** The Preferences page's part of the contract: reading and changing the user's preferences. */
import type { z } from 'zod';
import { UserError } from '../contract/errors';
import type { preferenceMethods, preferencesChange } from '../contract/preferences';
import type { Preferences } from '../contract/preferences-types';
import type { MethodHandlersFor } from './engine-access';

/** What the service needs from the backend, which owns the settings file. */
export interface PreferencesAccess {
  preferences(): Preferences;
  /** Takes effect at once (in memory, for every window and the desktop shell), then is saved. */
  savePreferences(preferences: Preferences): Promise<void>;
}

/** The preferences after a change; what the change leaves out stays as it was (unknown keys included). */
export function applyPreferencesChange(current: Preferences, change: z.output<typeof preferencesChange>): Preferences {
  const { managedEngine, ...rest } = change;
  return { ...current, ...rest, managedEngine: { ...current.managedEngine, ...managedEngine } };
}

export function preferenceHandlers(access: PreferencesAccess): MethodHandlersFor<typeof preferenceMethods> {
  return {
    'preferences.get': async () => access.preferences(),
    'preferences.set': async (change) => {
      const next = applyPreferencesChange(access.preferences(), change);
      try {
        await access.savePreferences(next);
      } catch (e) {
        throw new UserError(`Your change applies until Berth quits, but it could not be saved: ${(e as Error).message}`, 'internal');
      }
      return next;
    },
  };
}
