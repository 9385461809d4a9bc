/**
 * Whether the desktop app can launch, decided from plain facts so it can be tested without Electron.
 * `npm start` falls back to browser mode whenever this returns a sentence, and prints that sentence so the
 * user knows why they got a browser tab instead of a window.
 */
import path from 'node:path';

const FALLBACK = 'so Berth is opening in your browser instead.';

/** How long the launcher watches a fresh Electron process: dying within this window means it could not start. */
export const EARLY_EXIT_MS = 5000;

/** The executable inside Electron's dist/ folder, as the electron package's installer names it. */
export function electronExecutableName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

export interface ElectronPackage {
  /** node_modules/electron, or undefined when the package is not installed at all. */
  dir: string | undefined;
  /** Contents of node_modules/electron/path.txt, written only once the binary was downloaded. */
  pathTxt: string | undefined;
}

/**
 * Where the Electron binary is, found the way the electron package's index.js finds it but without its
 * lazy download (which hangs on DNS where there is no internet). Undefined when nothing was ever downloaded.
 */
export function electronBinaryPath(pkg: ElectronPackage, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string | undefined {
  const relative = pkg.pathTxt?.trim() || undefined;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? electronExecutableName(platform));
  if (!pkg.dir || !relative) return undefined;
  return path.join(pkg.dir, 'dist', relative);
}

export interface LaunchFacts {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Whether the electron npm package is installed. */
  packageInstalled: boolean;
  /** From electronBinaryPath. */
  binaryPath: string | undefined;
  binaryExists: boolean;
}

/** Why the desktop app cannot launch here, as one sentence; undefined when it is worth trying. */
export function electronLaunchProblem(facts: LaunchFacts): string | undefined {
  if (!facts.packageInstalled && !facts.env.ELECTRON_OVERRIDE_DIST_PATH) {
    return `The Electron package is not installed (run “npm install”), ${FALLBACK}`;
  }
  if (!facts.binaryPath || !facts.binaryExists) {
    const where = facts.env.ELECTRON_OVERRIDE_DIST_PATH
      ? `at ${facts.binaryPath} (from ELECTRON_OVERRIDE_DIST_PATH)`
      : 'in node_modules/electron (it is downloaded separately; run “npx install-electron” where the internet is reachable)';
    return `The Electron desktop binary is not installed ${where}, ${FALLBACK}`;
  }
  // macOS and Windows always have a display server; Linux needs X11 or Wayland to open a window.
  if (facts.platform === 'linux' && !facts.env.DISPLAY && !facts.env.WAYLAND_DISPLAY) {
    return `There is no graphical display here (neither DISPLAY nor WAYLAND_DISPLAY is set), ${FALLBACK}`;
  }
  return undefined;
}

export interface ElectronExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds between spawning Electron and its exit. */
  afterMs: number;
  /** The last line Electron wrote to stderr, which usually names the cause (a missing library, no sandbox). */
  lastError: string | undefined;
  /** The user pressed Ctrl+C (or the launcher was told to stop): not a failure to start. */
  interrupted: boolean;
}

/**
 * Whether an Electron exit means "it could not start" (so browser mode should take over) rather than
 * "the user quit": a failure within EARLY_EXIT_MS. A clean exit is never a failure: that is how a second
 * instance hands over to the first one.
 */
export function earlyExitProblem(exit: ElectronExit): string | undefined {
  if (exit.interrupted || exit.afterMs > EARLY_EXIT_MS || exit.code === 0) return undefined;
  const how = exit.code !== null ? `exit code ${exit.code}` : `signal ${exit.signal ?? 'unknown'}`;
  const detail = exit.lastError ? `: ${exit.lastError.length > 200 ? `${exit.lastError.slice(0, 199)}…` : exit.lastError}` : '';
  return `The desktop app stopped right after starting (${how}${detail}), ${FALLBACK}`;
}

/** Electron's binary is there but the operating system refused to run it (permissions, wrong architecture). */
export function spawnProblem(error: Error): string {
  return `The desktop app could not be started (${error.message}), ${FALLBACK}`;
}
