/**
 * Save and Load in both modes: the desktop app asks for a file with its native dialog and the backend
 * reads or writes it directly; in the browser the archive is downloaded (app/downloads.ts) or uploaded.
 */
import { useRef } from 'react';
import { client } from '../../app/contract-client';
import { startDownload } from '../../app/downloads';
import { transferProgress } from '../../components/transfer-progress';
import { UploadIcon } from '../../components/icons';
import { messageOf, showToast } from '../../components/toasts/store';
import { useAppInfo } from '../app-info/api';
import { startLoad } from './tasks/load';

const ARCHIVES = [{ name: 'Image archives', extensions: ['tar'] }];

function suggestedName(label: string): string {
  return `${label.replace(/^sha256:/, '').replace(/[/:@]+/g, '-').replace(/[^\w.-]/g, '').slice(0, 80) || 'images'}.tar`;
}

/** Saves images to a tar file, by the one download path: a chosen file on the desktop, a download in the browser. */
export function saveImages(images: string[], label: string): Promise<string | undefined> {
  return startDownload({
    kind: 'save',
    title: `Save ${label}`,
    fileName: suggestedName(label),
    filters: ARCHIVES,
    stream: 'images.save',
    input: (target) => ({ images, target }),
    // The archive is a little larger than the images it holds: the total is an estimate.
    progress: (d) => transferProgress('written', { bytes: d.bytes, total: d.totalBytes }),
  });
}

/** “Load”: a file dialog on the desktop, the browser's file picker otherwise. */
export function LoadButton() {
  const mode = useAppInfo().data?.mode;
  const input = useRef<HTMLInputElement>(null);
  const choose = async () => {
    if (mode !== 'desktop') {
      input.current?.click();
      return;
    }
    try {
      const { path } = await client.call('files.choose', { kind: 'open', title: 'Load images from a file', filters: ARCHIVES });
      if (path) startLoad({ path });
    } catch (e) {
      showToast({ tone: 'error', title: 'Could not open the file dialog', message: messageOf(e) });
    }
  };
  return (
    <>
      <button type="button" className="button" aria-label="Load images from a tar file" title="Load images from a tar file (docker save format)" onClick={() => void choose()}>
        <UploadIcon />
        <span className="button__label">Load</span>
      </button>
      <input
        ref={input}
        type="file"
        accept=".tar,application/x-tar"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="load-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) startLoad({ file });
        }}
      />
    </>
  );
}
