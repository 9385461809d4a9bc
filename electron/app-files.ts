/**
 * The desktop app's own origin, `berth://app/`, and how its URLs map to the built UI on disk. Kept free of
 * Electron so the rules that guard navigation, IPC and file serving can be tested as plain functions.
 */
import path from 'node:path';

export const APP_SCHEME = 'berth';
export const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/`;

/**
 * The UI's Content-Security-Policy: only its own bundled code, no remote anything. Inline styles stay
 * allowed because the terminal (xterm) and the virtualised lists set style attributes and <style> tags.
 * The renderer talks to the backend over IPC, so it needs no network at all.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Whether a URL belongs to the app. Compared by scheme and host, not by `URL.origin`: Node reports the
 * origin of a custom scheme as "null", so an origin comparison would accept or reject everything alike.
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '' && u.port === '';
  } catch {
    return false;
  }
}

/** Links the UI may hand to the user's browser; anything else (file:, javascript:, custom schemes) is refused. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that an app URL names, or undefined when the URL is not the app's or would step
 * outside `root` (an encoded `..%2F` or `%5C` survives URL parsing, so the check is on the final path).
 * Paths without an extension are routes of the single-page app and get index.html.
 */
export function appFilePath(root: string, url: string): string | undefined {
  if (!isAppUrl(url)) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined; // Malformed percent-encoding.
  }
  if (pathname.includes('\0')) return undefined;
  const base = path.resolve(root);
  const file = path.resolve(base, `.${path.sep}${pathname.replace(/^[/\\]+/, '')}`);
  const relative = path.relative(base, file);
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
  if (relative === '' || !path.extname(file)) return path.join(base, 'index.html');
  return file;
}
