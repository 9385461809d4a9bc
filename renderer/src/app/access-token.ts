/**
 * Browser mode's access token on the page's side. It arrives once in the address Berth printed
 * (`/?token=…`), is kept in this origin's localStorage (other tabs of this Berth share it; other ports of
 * the same host are other origins and never see it) and leaves the page only towards its own server, in
 * the WebSocket handshake and the `/session` check (renderer/src/rpc/port.ts). Why not a cookie:
 * electron/browser-mode/access.ts.
 */
import { useSyncExternalStore } from 'react';

const KEY = 'berth.access-token';

/** Moves a token in the address into storage and out of the address bar, history and screenshots. */
export function takeTokenFromAddress(): void {
  const url = new URL(location.href);
  const given = url.searchParams.get('token');
  if (given === null) return;
  if (given) localStorage.setItem(KEY, given);
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

/** Read afresh at every connection: another tab may have brought the token of a restarted Berth. */
export function accessToken(): string | undefined {
  return localStorage.getItem(KEY) || undefined;
}

type Access = 'granted' | 'refused';
let access: Access = 'granted';
const listeners = new Set<() => void>();

/** The server refused the token this page holds (or it holds none), or took it again. */
export function setAccess(next: Access): void {
  if (next === access) return;
  access = next;
  listeners.forEach((l) => l());
}

export function useAccess(): Access {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => access,
  );
}
