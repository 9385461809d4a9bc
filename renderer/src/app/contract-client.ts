/**
 * The one contract client of this window: the desktop app's preload bridge when there is one, otherwise
 * the browser-mode WebSocket on the server that served this page.
 */
import { ContractClient } from '../rpc/client';
import { desktopPort, webSocketPort } from '../rpc/port';
import { accessToken, setAccess, takeTokenFromAddress } from './access-token';

function connect(): ContractClient {
  if (window.berth) return new ContractClient(desktopPort(window.berth));
  takeTokenFromAddress();
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return new ContractClient(webSocketPort(`${scheme}://${location.host}/rpc`, { token: accessToken, onAccess: setAccess }));
}

export const client = connect();
