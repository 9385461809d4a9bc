/**
 * How a page in browser mode presents the access token to its server, shared by the page
 * (renderer/src/rpc/port.ts) and the server (electron/browser-mode/access.ts, which says why it is not a
 * cookie): as a WebSocket subprotocol beside the contract's own, and as a bearer token to `/session`.
 */

/** The WebSocket subprotocol of the contract; the server echoes only this one. */
export const RPC_PROTOCOL = 'berth';
export const TOKEN_PROTOCOL_PREFIX = 'berth-token.';
/** Where the page asks whether the token it holds is still the server's: 204, or 401. */
export const SESSION_PATH = '/session';

/** What a page offers when it opens the contract's WebSocket. */
export function webSocketProtocols(token: string): string[] {
  return [RPC_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
}
