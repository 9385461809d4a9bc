/** Saving images to a tar file and loading them from one, as tasks. */
import type { LoadEvent, SaveEvent } from '../../../../../engine/contract/images-types';
import { DownloadCollector } from '../../../app/downloads';
import { startTask } from '../../tasks/store';
import type { TaskProgress } from '../../tasks/store';
import { formatBytes, percent, plural } from '../../../components/format';

interface SaveDetail {
  bytes: number;
  estimatedTotal: number;
  fileName?: string;
  path?: string;
}

function saveProgress(d: SaveDetail): TaskProgress {
  if (!d.bytes) return { text: 'The engine is writing the archive…' };
  // The archive is a little larger than the images; never claim 100% before it is done.
  const fraction = d.estimatedTotal ? Math.min(0.99, d.bytes / d.estimatedTotal) : undefined;
  return { fraction, text: `${formatBytes(d.bytes)} written${fraction !== undefined ? ` · about ${percent(fraction)}` : ''}` };
}

/** Saves to `path` on the Berth host, or (without a path) downloads the archive in the browser. */
export function startSave(images: string[], label: string, path?: string): string {
  const collector = path ? undefined : new DownloadCollector('application/x-tar');
  return startTask({
    kind: 'save',
    title: `Save ${label}`,
    stream: 'images.save',
    input: { images, target: path ? { kind: 'path', path } : { kind: 'download' } },
    initial: { bytes: 0, estimatedTotal: 0 } as SaveDetail,
    reduce: (d, e: SaveEvent): SaveDetail => {
      if (e.type === 'chunk') {
        collector?.add(e.data);
        return d;
      }
      if (e.type === 'progress') return { ...d, bytes: e.bytes, estimatedTotal: e.estimatedTotal };
      return { ...d, bytes: e.bytes, fileName: e.fileName, path: e.path };
    },
    progress: saveProgress,
    done: (d) => (d.path ? `Saved ${formatBytes(d.bytes)} to ${d.path}.` : `Downloaded ${d.fileName} (${formatBytes(d.bytes)}).`),
    onDone: (d) => collector?.save(d.fileName ?? 'images.tar'),
  });
}

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
