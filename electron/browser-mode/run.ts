/**
 * Starts the backend and the browser-mode server together and stops both cleanly on Ctrl+C, so a managed
 * engine Berth started is never left running behind.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Backend } from '../../engine/backend';
import { berthPaths } from '../../engine/paths';
import { reportStrayFailures } from '../../engine/stray-failures';
import { startBrowserServer } from './server';
import type { BrowserServer } from './server';

declare const BERTH_VERSION: string;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Where the built UI is: dist/renderer, beside the dist/serve.cjs and dist/launch.cjs bundles. */
export function rendererDir(): string {
  return process.env.BERTH_RENDERER_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'renderer');
}

export async function runBrowserMode(options: { port: number; host: string; token?: string }): Promise<BrowserServer> {
  const started = performance.now();
  reportStrayFailures();
  if (!LOOPBACK.has(options.host)) {
    console.warn(
      `Warning: Berth is listening on ${options.host}, not only on this machine. Anyone who can reach it and has the token controls your containers; prefer an SSH tunnel to 127.0.0.1.${
        options.host === '0.0.0.0' || options.host === '::' ? " From another machine, open the URL below with this machine's address in place of 127.0.0.1." : ''
      }`,
    );
  }
  const backend = new Backend({ paths: berthPaths(), mode: 'browser', version: typeof BERTH_VERSION === 'string' ? BERTH_VERSION : 'dev' });
  const server = await startBrowserServer({ backend, rendererDir: rendererDir(), host: options.host, port: options.port, token: options.token });
  // The engine connects in the background: the UI shows "connecting" rather than waiting for it.
  backend.start().catch((e: unknown) => console.error('[berth] could not connect to an engine:', e));
  console.log(`Berth is running in your browser at ${server.url}`);
  if (process.env.BERTH_TIMING) console.log(`ready in ${(performance.now() - started).toFixed(0)} ms`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await backend.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return server;
}
