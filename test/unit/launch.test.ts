import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EARLY_EXIT_MS, earlyExitProblem, electronBinaryPath, electronLaunchProblem, spawnProblem } from '../../electron/launch-decision';
import type { LaunchFacts } from '../../electron/launch-decision';

const ONE_SENTENCE = /^[^\n]+, so Berth is opening in your browser instead\.$/;
const pkgDir = path.join('/app', 'node_modules', 'electron');

function facts(overrides: Partial<LaunchFacts> = {}): LaunchFacts {
  return {
    platform: 'linux',
    env: { DISPLAY: ':0' },
    packageInstalled: true,
    binaryPath: path.join(pkgDir, 'dist', 'electron'),
    binaryExists: true,
    ...overrides,
  };
}

describe('finding the Electron binary without downloading it', () => {
  it('reads path.txt, as the electron package does', () => {
    expect(electronBinaryPath({ dir: pkgDir, pathTxt: 'electron' }, 'linux', {})).toBe(path.join(pkgDir, 'dist', 'electron'));
    expect(electronBinaryPath({ dir: pkgDir, pathTxt: 'Electron.app/Contents/MacOS/Electron\n' }, 'darwin', {})).toBe(
      path.join(pkgDir, 'dist', 'Electron.app/Contents/MacOS/Electron'),
    );
  });

  it('has no binary when path.txt was never written (the download did not happen)', () => {
    expect(electronBinaryPath({ dir: pkgDir, pathTxt: undefined }, 'linux', {})).toBeUndefined();
    expect(electronBinaryPath({ dir: undefined, pathTxt: undefined }, 'linux', {})).toBeUndefined();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH, naming the executable per platform when path.txt is missing', () => {
    const env = { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' };
    expect(electronBinaryPath({ dir: pkgDir, pathTxt: 'electron' }, 'linux', env)).toBe(path.join('/opt/electron', 'electron'));
    expect(electronBinaryPath({ dir: undefined, pathTxt: undefined }, 'win32', env)).toBe(path.join('/opt/electron', 'electron.exe'));
    expect(electronBinaryPath({ dir: undefined, pathTxt: undefined }, 'darwin', env)).toBe(
      path.join('/opt/electron', 'Electron.app/Contents/MacOS/Electron'),
    );
  });
});

describe('deciding whether the desktop app can launch', () => {
  it('launches when the binary is there and Linux has a display', () => {
    expect(electronLaunchProblem(facts())).toBeUndefined();
    expect(electronLaunchProblem(facts({ env: { WAYLAND_DISPLAY: 'wayland-0' } }))).toBeUndefined();
  });

  it('needs no DISPLAY on macOS or Windows', () => {
    expect(electronLaunchProblem(facts({ platform: 'darwin', env: {} }))).toBeUndefined();
    expect(electronLaunchProblem(facts({ platform: 'win32', env: {} }))).toBeUndefined();
  });

  it('says the binary is not installed, and how to get it, when it was never downloaded', () => {
    const problem = electronLaunchProblem(facts({ binaryPath: undefined, binaryExists: false }));
    expect(problem).toMatch(ONE_SENTENCE);
    expect(problem).toMatch(/Electron desktop binary is not installed in node_modules\/electron/);
    expect(problem).toMatch(/npx install-electron/);
  });

  it('names the override path when ELECTRON_OVERRIDE_DIST_PATH points at nothing', () => {
    const problem = electronLaunchProblem(
      facts({ env: { DISPLAY: ':0', ELECTRON_OVERRIDE_DIST_PATH: '/opt/nope' }, binaryPath: '/opt/nope/electron', binaryExists: false }),
    );
    expect(problem).toMatch(ONE_SENTENCE);
    expect(problem).toContain('/opt/nope/electron (from ELECTRON_OVERRIDE_DIST_PATH)');
  });

  it('says npm install is missing when the electron package itself is absent', () => {
    const problem = electronLaunchProblem(facts({ packageInstalled: false, binaryPath: undefined, binaryExists: false }));
    expect(problem).toMatch(ONE_SENTENCE);
    expect(problem).toMatch(/npm install/);
  });

  it('says there is no display on a headless Linux box', () => {
    const problem = electronLaunchProblem(facts({ env: {} }));
    expect(problem).toMatch(ONE_SENTENCE);
    expect(problem).toMatch(/neither DISPLAY nor WAYLAND_DISPLAY is set/);
  });

  it('reports the missing binary before the missing display: installing it is the first step', () => {
    expect(electronLaunchProblem(facts({ env: {}, binaryPath: undefined, binaryExists: false }))).toMatch(/binary is not installed/);
  });
});

describe('telling a failed start from a normal quit', () => {
  const exit = { code: 1, signal: null, afterMs: 800, lastError: undefined, interrupted: false };

  it('treats a quick failure as "could not start" and quotes what Electron said', () => {
    const problem = earlyExitProblem({ ...exit, code: 127, lastError: 'error while loading shared libraries: libnss3.so' });
    expect(problem).toMatch(ONE_SENTENCE);
    expect(problem).toContain('exit code 127: error while loading shared libraries: libnss3.so');
  });

  it('names the signal when Electron was killed while starting', () => {
    expect(earlyExitProblem({ ...exit, code: null, signal: 'SIGSEGV' })).toContain('signal SIGSEGV');
  });

  it('keeps a very long error to one readable line', () => {
    const problem = earlyExitProblem({ ...exit, lastError: 'x'.repeat(1000) });
    expect(problem).toMatch(ONE_SENTENCE);
    expect(problem!.length).toBeLessThan(320);
  });

  it('does not fall back when Electron exits cleanly (a second instance handing over to the first)', () => {
    expect(earlyExitProblem({ ...exit, code: 0 })).toBeUndefined();
  });

  it('does not fall back after the start-up window, nor when the user pressed Ctrl+C', () => {
    expect(earlyExitProblem({ ...exit, afterMs: EARLY_EXIT_MS + 1 })).toBeUndefined();
    expect(earlyExitProblem({ ...exit, interrupted: true })).toBeUndefined();
  });

  it('explains a binary the system refuses to run', () => {
    expect(spawnProblem(new Error('spawn /opt/electron/electron EACCES'))).toMatch(ONE_SENTENCE);
  });
});
