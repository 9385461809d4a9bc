/**
 * Every lock on what the UI's web contents may do, in one place: where they may navigate, which windows
 * they may open, which permissions they get, what they may load. The UI is our own bundled code, but it
 * renders container names, labels and logs chosen by whoever built the images, so it is treated as a page
 * that could be tricked, and the main process refuses anything the UI has no reason to do.
 */
import { app, shell } from 'electron';
import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY, isAppUrl, isExternalWebUrl } from './app-files';

/**
 * Permissions the UI uses, granted to the app's own origin only: copying an id or a log line, and the
 * system notification when long work (a pull, a build) finishes. Everything else is refused.
 */
const GRANTED = new Set<string>(['clipboard-sanitized-write', 'notifications']);

/** Schemes that reach the network. The UI needs none of them: it talks to the backend over IPC. */
const REMOTE_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);

function isRemote(url: string): boolean {
  try {
    return REMOTE_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Locks down a session: permissions, remote requests and the CSP header. Call once per session, when ready. */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(GRANTED.has(permission) && isAppUrl(details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => GRANTED.has(permission) && isAppUrl(requestingOrigin));
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));

  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: isRemote(details.url) }));

  // The app protocol already sends this header; this covers documents it does not serve (file://, where
  // the Electron version passes them through webRequest) without touching DevTools' own pages.
  session.webRequest.onHeadersReceived((details, callback) => {
    const ours = isAppUrl(details.url) || details.url.startsWith('file:');
    if (!ours) {
      callback({});
      return;
    }
    const headers = Object.fromEntries(Object.entries(details.responseHeaders ?? {}).filter(([k]) => k.toLowerCase() !== 'content-security-policy'));
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** Opens another app window on a page of the app (a window kept on another engine); set by main.ts. */
let openAppWindow: ((url: string) => void) | undefined;

export function allowAppWindows(open: (url: string) => void): void {
  openAppWindow = open;
}

/** Locks down one web contents: navigation, redirects, new windows and <webview>. */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // A link to documentation or a registry opens in the user's browser, never inside the app; a page of
    // the app itself (another engine's view) opens in a window Berth makes with its own locked settings.
    if (isExternalWebUrl(url)) void shell.openExternal(url).catch(() => undefined);
    else if (isAppUrl(url)) openAppWindow?.(url);
    return { action: 'deny' };
  });
}

/** Applies lockDownContents to every web contents the app ever creates, before it loads anything. */
export function lockDownAllContents(): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
}
