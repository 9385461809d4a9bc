/**
 * Moving a file between the UI and the backend through a stream, for browser mode where the backend cannot
 * open the user's files: an upload is written into the stream in base64 chunks, and the backend answers
 * each with an `uploaded` event (engine/contract/images-types.ts) saying how much it has taken, so the UI
 * never has more than a small window in flight (renderer/src/app/upload.ts sends it;
 * engine/rpc/upload.ts receives it). Downloads go the other way by their own path (download.ts).
 *
 * A stream that takes an upload declares `uploadWrite` as its write schema.
 */
import { z } from 'zod';
import { UPLOAD_CHUNK_BYTES } from './transfer-window';

export { UPLOAD_CHUNK_BYTES, UPLOAD_WINDOW_BYTES } from './transfer-window';

export const uploadWrite = z.discriminatedUnion('t', [
  z.object({ t: z.literal('chunk'), data: z.string().max(Math.ceil((UPLOAD_CHUNK_BYTES * 4) / 3) + 4) }).strict(),
  z.object({ t: z.literal('end') }).strict(),
]);

/** A file the UI is about to upload into the stream: its name (for messages) and size (for progress). */
export const uploadSource = z
  .object({
    kind: z.literal('upload'),
    name: z.string().min(1).max(255),
    size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  })
  .strict();

/** A file or folder on the machine the backend runs on (chosen in a desktop dialog, or typed in browser mode). */
export const hostPath = z
  .object({
    kind: z.literal('path'),
    path: z.string().min(1).max(4096).refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'an absolute path'),
  })
  .strict();
