/**
 * The container's files: browse folders, download a file (as itself) or a folder (as a tar archive) as a
 * task, upload files into the folder shown. Replacing a file that is already there is asked first.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { FileEntry } from '../../../../engine/contract/container-details-types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { RefreshIcon, UploadIcon } from '../../components/icons';
import { Spinner } from '../../components/Spinner';
import { messageOf, showToast } from '../../components/toasts/store';
import { detailKeys, useFolder } from './api';
import { FileTable } from './FileTable';
import { startDownload } from '../../app/downloads';
import { uploadToContainer } from './upload-files';
import type { Transfer } from './upload-files';
import { formatBytes } from '../../components/format';
import { Placeholder, Waiting } from '../../components/Placeholder';

interface Work {
  key: number;
  label: string;
  bytes: number;
  total?: number;
  transfer: Transfer;
}

const join = (folder: string, name: string) => (folder === '/' ? `/${name}` : `${folder}/${name}`);
const parentOf = (path: string) => path.replace(/\/[^/]*$/, '') || '/';
const resolveLink = (folder: string, target: string) => {
  const parts = (target.startsWith('/') ? target : `${folder}/${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p && p !== '.') out.push(p);
  }
  return `/${out.join('/')}`;
};

let nextWork = 1;

export function FilesTab({ id, name }: { id: string; name: string }) {
  const queryClient = useQueryClient();
  const [path, setPath] = useState('/');
  const [typed, setTyped] = useState<string | null>(null);
  const [work, setWork] = useState<Work[]>([]);
  const [replacing, setReplacing] = useState<File[] | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const folder = useFolder(id, path);
  const entries = folder.data?.path === path ? folder.data.entries : folder.data?.entries;

  const track = (label: string, total: number | undefined, start: (progress: (bytes: number) => void) => Transfer, after?: () => void) => {
    const key = nextWork++;
    const transfer = start((bytes) => setWork((w) => w.map((x) => (x.key === key ? { ...x, bytes } : x))));
    setWork((w) => [...w, { key, label, bytes: 0, total, transfer }]);
    transfer.done
      .then(after, (e: unknown) => {
        if ((e as { code?: string }).code !== 'cancelled') showToast({ tone: 'error', title: `Could not finish: ${label}`, message: messageOf(e) });
      })
      .finally(() => setWork((w) => w.filter((x) => x.key !== key)));
  };

  // By the one download path: a task, saved by the backend where the desktop's dialog says, or a browser download.
  const download = (entry: FileEntry) => {
    const inContainer = join(path, entry.name);
    const fileName = entry.kind === 'folder' ? `${entry.name}.tar` : entry.name;
    void startDownload({
      kind: 'container-file-download',
      title: `Download ${fileName} from ${name}`,
      fileName,
      stream: 'container.files.download',
      input: (target) => ({ id, path: inContainer, target }),
    });
  };

  const upload = (files: File[]) => {
    const into = path;
    for (const file of files) {
      track(`Uploading ${file.name}`, file.size, (p) => uploadToContainer(id, into, file, p), () => {
        showToast({ tone: 'info', title: `Uploaded ${file.name}`, message: `It is in ${into} in ${name}.` });
        void queryClient.invalidateQueries({ queryKey: detailKeys.folder(id, into) });
      });
    }
  };

  const chooseUploads = (files: File[]) => {
    const existing = new Set(entries?.map((e) => e.name));
    if (files.some((f) => existing.has(f.name))) setReplacing(files);
    else upload(files);
  };

  const open = (entry: FileEntry) => {
    if (entry.kind === 'folder') setPath(join(path, entry.name));
    else if (entry.kind === 'link' && entry.targetIsFolder && entry.target) setPath(resolveLink(path, entry.target));
  };

  const segments = path.split('/').filter(Boolean);
  const clashes = replacing?.filter((f) => entries?.some((e) => e.name === f.name)) ?? [];

  return (
    <div className="files-tab" data-testid="files-tab">
      <div className="tab-toolbar">
        <nav className="path-crumbs" aria-label="Folder">
          <button type="button" className="path-crumb" onClick={() => setPath('/')} aria-current={path === '/' ? 'location' : undefined}>
            /
          </button>
          {segments.map((s, i) => {
            const to = `/${segments.slice(0, i + 1).join('/')}`;
            return (
              <span key={to} className="path-crumb-wrap">
                <button type="button" className="path-crumb" onClick={() => setPath(to)} aria-current={to === path ? 'location' : undefined}>
                  {s}
                </button>
                {i < segments.length - 1 && <span className="path-crumb-sep">/</span>}
              </span>
            );
          })}
        </nav>
        <form
          className="files-go"
          onSubmit={(e) => {
            e.preventDefault();
            const to = (typed ?? path).trim();
            if (to.startsWith('/')) setPath(to.replace(/\/+$/, '') || '/');
            setTyped(null);
          }}
        >
          <input className="text-input mono files-go__input" aria-label="Go to folder" placeholder="/path/to/folder" value={typed ?? path} onChange={(e) => setTyped(e.target.value)} />
        </form>
        <button type="button" className="icon-button" aria-label="Refresh the folder" title="Refresh" onClick={() => void folder.refetch()} disabled={folder.isFetching}>
          {folder.isFetching ? <Spinner /> : <RefreshIcon />}
        </button>
        <button type="button" className="button" onClick={() => picker.current?.click()}>
          <UploadIcon /> Upload files…
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="upload-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) chooseUploads(files);
          }}
        />
      </div>
      {work.length > 0 && (
        <ul className="file-transfers" aria-label="Transfers">
          {work.map((w) => (
            <li key={w.key} className="file-transfer" data-testid="transfer">
              <Spinner />
              <span className="file-transfer__label">{w.label}</span>
              <span className="muted">{w.total ? `${formatBytes(w.bytes)} of ${formatBytes(w.total)}` : formatBytes(w.bytes)}</span>
              <button type="button" className="button button--quiet" onClick={() => w.transfer.cancel()}>
                Cancel
              </button>
            </li>
          ))}
        </ul>
      )}
      {folder.isError ? (
        <Placeholder
          role="alert"
          title={<>Could not open {path}</>}
          actions={
            <button type="button" className="button" onClick={() => setPath(parentOf(path))} disabled={path === '/'}>
              Go up
            </button>
          }
        >
          {messageOf(folder.error)}
        </Placeholder>
      ) : !entries ? (
        <Waiting text={`Reading ${path}…`} />
      ) : (
        <>
          {folder.data?.truncated && (
            <p className="files-note" role="note">
              This folder holds too much to list from a stopped container: some entries may be missing. Start {name} to see them all.
            </p>
          )}
          <FileTable path={path} entries={entries} onOpen={open} onUp={() => setPath(parentOf(path))} onDownload={download} />
        </>
      )}
      {replacing && (
        <ConfirmDialog
          title={clashes.length === 1 ? `Replace ${clashes[0]!.name}?` : `Replace ${clashes.length} files?`}
          confirmLabel="Replace"
          danger
          onConfirm={() => {
            upload(replacing);
            setReplacing(null);
          }}
          onCancel={() => setReplacing(null)}
        >
          <p>
            {clashes.map((f) => f.name).join(', ')} {clashes.length === 1 ? 'is' : 'are'} already in {path}. Uploading overwrites{' '}
            {clashes.length === 1 ? 'it' : 'them'} in {name}; what {clashes.length === 1 ? 'it holds' : 'they hold'} now is lost.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
