/**
 * How a browser proves it holds browser mode's per-start token, without the token ever riding in a cookie.
 *
 * Why not a cookie: browsers send a host's cookies to every port of that host (cookies have no port), so an
 * `HttpOnly; SameSite=Strict` cookie for 127.0.0.1:8080 also reached any other server the user opened on
 * 127.0.0.1, which then held the key to the engine. No cookie attribute scopes a cookie to a port (`Path`
 * only narrows which requests carry it; `__Host-` needs https). So the token is kept where the browser
 * confines it to this origin (scheme, host *and* port) and sends it nowhere by itself:
 *
 * - The address Berth prints carries it once (`/?token=…`). The page (renderer/src/app/access-token.ts)
 *   keeps it in the origin's localStorage, so other tabs of this Berth have it too, and takes it out of the
 *   address bar. Other ports are other origins: they can neither read it nor be sent it.
 * - The page presents it only to this server: as a WebSocket subprotocol when it opens the contract's
 *   socket (`berth` plus `berth-token.<token>`; the server answers with plain `berth`), and in an
 *   `Authorization` header when it asks `/session` whether the token it holds is still the current one.
 * - Downloads are fetched by address, which cannot carry a header; each is a one-time ticket handed out
 *   over the authenticated socket (engine/rpc/downloads.ts), so the ticket itself is the key.
 *
 * The page's files (HTML, scripts, styles) hold nothing secret and are the same for everyone, so they are
 * served without the token; everything the page shows comes through the authenticated socket.
 */
import crypto from 'node:crypto';
import { TOKEN_PROTOCOL_PREFIX } from '../../engine/contract/browser-access';

export function tokensMatch(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** The token offered in `Sec-WebSocket-Protocol`, if any. */
export function offeredToken(header: string | undefined): string | undefined {
  for (const protocol of (header ?? '').split(',')) {
    const p = protocol.trim();
    if (p.startsWith(TOKEN_PROTOCOL_PREFIX)) return p.slice(TOKEN_PROTOCOL_PREFIX.length);
  }
  return undefined;
}

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}
