/**
 * Downloads in browser mode, served by the browser-mode server at `/downloads/<ticket>/<file name>`; every
 * download takes this way there (engine/services/download.ts writes into the response).
 *
 * Why a plain HTTP download rather than chunks over the contract's WebSocket: logs, archives and volume
 * backups are often gigabytes. A download streams straight to disk through the browser's own download manager, with the
 * engine's pace as backpressure, while chunks over the socket would cost a third more in base64, keep the
 * page busy decoding, and hold the whole file in the page until it is saved. The contract stream still
 * owns the work (progress, cancel, errors); the download only carries the bytes.
 *
 * A ticket is random, works once, and lapses if the browser does not come for it; it is handed out only
 * over the authenticated WebSocket, so the ticket itself is the key (electron/browser-mode/access.ts). When the work fails or is cancelled halfway, the response is
 * cut off without its final chunk, so the browser marks the download failed and deletes its partial file.
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UserError } from '../contract/errors';

const PREFIX = '/downloads/';
/** The page asks for the file right after it hears of the ticket; far longer means it never will. */
const PICKUP_MS = 60_000;

interface Ticket {
  fileName: string;
  contentType: string;
  exactBytes?: number;
  resolve(res: ServerResponse): void;
  reject(e: unknown): void;
  timer: NodeJS.Timeout;
}

export interface DownloadOffer {
  /** Same-origin address for the page to download. */
  href: string;
  /** The response to write the file into, once the browser has asked for it. */
  response: Promise<ServerResponse>;
}

/** `attachment; filename=…` with a plain fallback and the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const plain = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export class DownloadDesk {
  private readonly tickets = new Map<string, Ticket>();

  /**
   * Offers a file to the browser once. `signal` withdraws the offer (the work was cancelled); `exactBytes`,
   * when known, becomes Content-Length so the browser can show its own progress.
   */
  offer(fileName: string, contentType: string, signal: AbortSignal, exactBytes?: number): DownloadOffer {
    const id = crypto.randomBytes(18).toString('base64url');
    const response = new Promise<ServerResponse>((resolve, reject) => {
      const withdraw = (e: unknown) => {
        clearTimeout(this.tickets.get(id)?.timer);
        if (this.tickets.delete(id)) reject(e);
      };
      const timer = setTimeout(() => withdraw(new UserError('The browser did not start the download: try again, and allow downloads from Berth if the browser asks.', 'cancelled')), PICKUP_MS);
      timer.unref();
      this.tickets.set(id, { fileName, contentType, exactBytes, resolve, reject, timer });
      signal.addEventListener('abort', () => withdraw(new UserError('The download was cancelled.', 'cancelled')), { once: true });
    });
    // A rejection nobody awaits yet (the page has not asked) must not crash the process.
    response.catch(() => undefined);
    return { href: `${PREFIX}${id}/${encodeURIComponent(fileName)}`, response };
  }

  /** Serves a download request; false when the path is not a download (the caller serves it). */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    if (!pathname.startsWith(PREFIX)) return false;
    const id = pathname.slice(PREFIX.length).split('/')[0] ?? '';
    const ticket = this.tickets.get(id);
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'", 'Referrer-Policy': 'no-referrer' };
    if (req.method !== 'GET' || !ticket) {
      res.writeHead(req.method !== 'GET' ? 405 : 404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('This download has expired or was already taken. Start it again in Berth.');
      return true;
    }
    this.tickets.delete(id);
    clearTimeout(ticket.timer);
    const length = ticket.exactBytes === undefined ? {} : { 'Content-Length': String(ticket.exactBytes) };
    res.writeHead(200, { ...headers, ...length, 'Content-Type': ticket.contentType, 'Content-Disposition': contentDisposition(ticket.fileName) });
    ticket.resolve(res);
    return true;
  }
}
