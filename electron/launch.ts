/**
 * `npm start`: opens the desktop app when Electron can run here, and otherwise says why in one sentence
 * and serves Berth to the browser from this very process. It never imports `electron`: requiring that
 * package starts a download of the binary when it is missing, which hangs where there is no internet.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowserMode } from './browser-mode/run';
import { EARLY_EXIT_MS, earlyExitProblem, electronBinaryPath, electronLaunchProblem, spawnProblem } from './launch-decision';
import type { ElectronPackage } from './launch-decision';

/** dist/, where this bundle lives; the app (package.json whose main is dist/electron/main.cjs) is one up. */
const bundleDir = path.dirname(fileURLToPath(import.meta.url));

function readElectronPackage(): ElectronPackage {
  let dir: string | undefined;
  try {
    // Resolving package.json finds the package without running its index.js (which would download).
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { dir: undefined, pathTxt: undefined };
  }
  let pathTxt: string | undefined;
  try {
    pathTxt = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8');
  } catch {
    pathTxt = undefined;
  }
  return { dir, pathTxt };
}

async function startBrowserMode(reason: string): Promise<void> {
  console.log(reason);
  try {
    await runBrowserMode({ port: Number(process.env.BERTH_PORT ?? 0), host: '127.0.0.1' });
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}

/** Runs Electron and mirrors its exit; falls back to browser mode if it dies while starting. */
function launchElectron(binary: string): void {
  const env = { ...process.env };
  // Set by some editors' terminals; it would make Electron behave as plain Node and ignore the app.
  delete env.ELECTRON_RUN_AS_NODE;
  const started = Date.now();
  const child = spawn(binary, [path.join(bundleDir, '..')], { env, stdio: ['inherit', 'inherit', 'pipe'], windowsHide: false });

  let lastError: string | undefined;
  child.stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    const lines = chunk.toString('utf8').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    lastError = lines.at(-1) ?? lastError;
  });

  let interrupted = false;
  const forward = (signal: NodeJS.Signals) => {
    interrupted = true;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const onSigint = () => forward('SIGINT');
  const onSigterm = () => forward('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  const stopForwarding = () => {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  };

  child.on('error', (error) => {
    stopForwarding();
    void startBrowserMode(spawnProblem(error));
  });
  child.on('exit', (code, signal) => {
    stopForwarding();
    const problem = earlyExitProblem({ code, signal, afterMs: Date.now() - started, lastError, interrupted });
    if (problem) {
      void startBrowserMode(problem);
      return;
    }
    process.exit(code ?? (interrupted ? 0 : 1));
  });
  // After the start-up window the launcher only waits; say so once for whoever watches the terminal.
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) console.log('Berth is running as a desktop app.');
  }, EARLY_EXIT_MS).unref();
}

function main(): void {
  const pkg = readElectronPackage();
  const binaryPath = electronBinaryPath(pkg, process.platform, process.env);
  const problem = electronLaunchProblem({
    platform: process.platform,
    env: process.env,
    packageInstalled: pkg.dir !== undefined,
    binaryPath,
    binaryExists: binaryPath !== undefined && fs.existsSync(binaryPath),
  });
  if (problem || !binaryPath) {
    void startBrowserMode(problem ?? 'The Electron binary could not be found, so Berth is opening in your browser instead.');
    return;
  }
  launchElectron(binaryPath);
}

main();
