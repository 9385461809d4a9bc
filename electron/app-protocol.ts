/**
 * Serves the built UI at `berth://app/` instead of `file://`. A real origin gives the page a Content-Security-
 * Policy header (webRequest does not see file:// in every Electron version), keeps its storage apart from
 * any other local file, and lets navigation and IPC checks compare against one known origin.
 */
import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, appFilePath, contentType } from './app-files';

/** Must run before the app is ready: Chromium fixes the list of schemes at start-up. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: relative URLs and storage work as on https; secure: counts as a secure context;
      // supportFetchAPI and corsEnabled: the UI's module scripts (Vite emits type="module" crossorigin) load.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

const headers = (type: string) => ({
  'Content-Type': type,
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
});

/** Answers app requests from `rendererDir`; anything outside it, or missing, is a 404. */
export function serveAppFiles(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = appFilePath(rendererDir, request.url);
    if (!file) return new Response(null, { status: 404 });
    try {
      const body = request.method === 'HEAD' ? null : new Uint8Array(await fs.readFile(file));
      return new Response(body, { status: 200, headers: headers(contentType(file)) });
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR';
      if (!missing) console.error(`[berth] could not read ${file}:`, e);
      return new Response(null, { status: missing ? 404 : 500 });
    }
  });
}
