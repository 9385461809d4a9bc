/** Loading images from a tar file, as a task. (Saving them is a download: images/archive-actions.tsx.) */
import type { LoadEvent } from '../../../../../engine/contract/images-types';
import { startTask } from '../../tasks/store';
import { formatBytes, percent, plural } from '../../../components/format';

interface LoadDetail {
  sent: number;
  size?: number;
  images: string[];
}

/** Loads from `source`: a path on the Berth host, or a file from this computer (uploaded). */
export function startLoad(source: { path: string } | { file: File }): string {
  const upload = 'file' in source ? source.file : undefined;
  const name = upload ? upload.name : (source as { path: string }).path;
  return startTask({
    kind: 'load',
    title: `Load ${name.split(/[\\/]/).at(-1)}`,
    stream: 'images.load',
    input: { source: upload ? { kind: 'upload', name: upload.name.slice(0, 255) || 'images.tar', size: upload.size } : { kind: 'path', path: name } },
    upload,
    initial: { sent: 0, size: upload?.size, images: [] } as LoadDetail,
    reduce: (d, e: LoadEvent): LoadDetail => {
      if (e.type === 'uploaded') return { ...d, sent: e.bytes };
      if (e.type === 'progress') return { ...d, sent: e.bytes, size: e.total ?? d.size };
      return { ...d, images: e.images };
    },
    progress: (d) => {
      if (!d.size) return { text: 'Loading…' };
      const fraction = d.sent / d.size;
      if (fraction >= 1) return { text: 'The engine is unpacking the layers…' };
      return { fraction, text: `${formatBytes(d.sent)} of ${formatBytes(d.size)} · ${percent(fraction)}` };
    },
    done: (d) => `Loaded ${d.images.slice(0, 3).join(', ')}${d.images.length > 3 ? ` and ${plural(d.images.length - 3, 'more image')}` : ''}.`,
  });
}
