/** How far a transfer (a volume backup, restore or copy, an image archive) has got, in words: pure, so the words can be checked without a window. */
import { formatBytes, percent } from './format';

export interface TransferAmount {
  bytes: number;
  /** What the transfer is expected to move, when known: an estimate (the data, not its archive). */
  total?: number;
}

/**
 * "12 MB copied of about 30 MB · 40%". Archives differ a little from the data, so it never says 100%
 * before the end; and once more has moved than expected (an archive's headers outweigh a few small
 * files), the estimate is plainly wrong and is not shown at all rather than read "3.71 kB of about 42 B".
 */
export function transferProgress(verb: string, d: TransferAmount): { fraction?: number; text: string } {
  if (!d.bytes) return { text: 'Starting…' };
  if (!d.total || d.bytes > d.total) return { text: `${formatBytes(d.bytes)} ${verb}` };
  const fraction = Math.min(0.99, d.bytes / d.total);
  return { fraction, text: `${formatBytes(d.bytes)} ${verb} of about ${formatBytes(d.total)} · ${percent(fraction)}` };
}
