/**
 * The user's preferences as they cross the boundary, with their defaults and limits. Plain data only, so
 * the UI may import the limits to check a number before sending it (the backend checks again).
 */

export type Theme = 'system' | 'light' | 'dark';

/** Berth's own dockerd (Linux): options that become its daemon.json the next time it starts. */
export interface ManagedEnginePreferences {
  /** dockerd `max-concurrent-downloads`: layers pulled at once per pull. */
  maxConcurrentDownloads: number;
  /** dockerd `max-concurrent-uploads`: layers pushed at once per push. */
  maxConcurrentUploads: number;
  /** `log-opts.max-size` of the json-file log driver, in megabytes, for containers created afterwards. */
  logMaxSizeMb: number;
  /** `log-opts.max-file`: how many rotated log files each new container keeps. */
  logMaxFiles: number;
}

export interface Preferences {
  /** Start Berth when the user logs in. */
  openAtLogin: boolean;
  /** At start, open the window or stay in the tray only. */
  startIn: 'window' | 'tray';
  /** Closing the window hides it (Berth keeps running in the tray) or quits Berth. */
  closeWindow: 'hide' | 'quit';
  theme: Theme;
  /** Desktop notifications (a pull finished, an action from the tray failed). */
  notifications: boolean;
  /** How many lines the log view keeps; older lines drop off the top. */
  logLineLimit: number;
  /**
   * What happens to Berth's engine (the managed dockerd, or the VM) when the Berth that started it quits.
   * Either way, an engine other Berth windows still use keeps running, and one Berth did not start is
   * never stopped.
   */
  engineOnQuit: 'stop' | 'keep-running';
  managedEngine: ManagedEnginePreferences;
}

/** A change to some preferences; what is left out stays as it is. */
export type PreferencesChange = Partial<Omit<Preferences, 'managedEngine'>> & { managedEngine?: Partial<ManagedEnginePreferences> };

export const PREFERENCE_DEFAULTS: Preferences = {
  openAtLogin: false,
  startIn: 'window',
  closeWindow: 'hide',
  theme: 'system',
  notifications: true,
  logLineLimit: 10_000,
  // Stop: Berth started the engine for this session, so quitting gives its memory back (the VM holds
  // gigabytes) and nothing runs in the background that the user did not leave running on purpose. This is
  // what Berth always did; "keep running" is one click away for containers that must outlive the window.
  engineOnQuit: 'stop',
  // dockerd's own defaults for transfers; logs rotated at 10 MB × 3 rather than growing without bound.
  managedEngine: { maxConcurrentDownloads: 3, maxConcurrentUploads: 5, logMaxSizeMb: 10, logMaxFiles: 3 },
};

export interface NumberLimit {
  min: number;
  max: number;
}

export const PREFERENCE_LIMITS = {
  logLineLimit: { min: 100, max: 1_000_000 },
  maxConcurrentDownloads: { min: 1, max: 32 },
  maxConcurrentUploads: { min: 1, max: 32 },
  logMaxSizeMb: { min: 1, max: 10_240 },
  logMaxFiles: { min: 1, max: 100 },
} as const satisfies Record<string, NumberLimit>;
