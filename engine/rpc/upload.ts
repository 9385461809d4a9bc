/**
 * The backend's side of an upload through a stream (protocol in engine/contract/transfer.ts): writes each
 * chunk the UI sends into `target` and acknowledges it once the target has taken it, so the UI's window
 * of unacknowledged bytes is what flow control rests on.
 */
import type { Writable } from 'node:stream';
import type { z } from 'zod';
import { UserError } from '../contract/errors';
import type { uploadWrite } from '../contract/transfer';
import type { StreamContext } from './session-host';

export type UploadMessage = z.output<typeof uploadWrite>;

/**
 * Resolves when the whole file (`size` bytes) has been written and `target` has finished; rejects when the
 * upload breaks off or does not match its announced size. Call before returning the handler's iterable,
 * so no chunk arrives before the receiver is registered.
 */
export function receiveUpload(ctx: StreamContext<UploadMessage>, target: Writable, size: number, onProgress: (bytes: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let received = 0;
    let ended = false;
    const fail = (e: unknown) => {
      ended = true;
      target.destroy();
      reject(e);
    };
    ctx.signal.addEventListener('abort', () => ended || fail(new UserError('The upload was cancelled.', 'cancelled')), { once: true });
    target.once('error', fail);
    ctx.onWrite((message) => {
      if (ended) return;
      if (message.t === 'end') {
        ended = true;
        if (received !== size) {
          fail(new UserError(`The upload stopped after ${received} of ${size} bytes: try again.`, 'invalid-input'));
          return;
        }
        target.end(() => resolve());
        return;
      }
      const chunk = Buffer.from(message.data, 'base64');
      received += chunk.length;
      if (received > size) {
        fail(new UserError(`The upload is larger than the ${size} bytes announced.`, 'invalid-input'));
        return;
      }
      const total = received;
      target.write(chunk, (e) => {
        if (!e) onProgress(total);
      });
    });
  });
}
