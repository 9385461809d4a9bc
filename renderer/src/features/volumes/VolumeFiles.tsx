/**
 * A volume's files as a read-only tree: folders open in place, each with the size of everything under it,
 * and any file or folder can be downloaded. Read through a helper container, so the volume need not be
 * mounted anywhere; each folder is read once and again on "Read again".
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { VolumeEntry } from '../../../../engine/contract/volumes-types';
import { ChevronIcon, DownloadIcon, FileIcon, FolderIcon, LinkIcon, RefreshIcon } from '../../components/icons';
import { RelativeTime } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { messageOf } from '../../components/toasts/store';
import { formatBytes, plural } from '../../components/format';
import { volumeKeys, useVolumeFolder } from './api';
import { modeString } from './list';
import { downloadFromVolume } from './transfers';
import { type Column, DataTable } from '../../components/DataTable';

const entryColumns: (Column | string)[] = [
  'Name',
  { header: 'Size', className: 'col-size', col: 'col-size' },
  { header: 'Permissions', className: 'col-mode', col: 'col-mode' },
  { header: 'Owner', className: 'col-owner', col: 'col-owner' },
  { header: 'Modified', className: 'col-created', col: 'col-created' },
  { header: 'Download', hidden: true, col: 'col-actions-1' },
];

export function VolumeFiles({ volume }: { volume: string }) {
  const [expanded, setExpanded] = useState<Record<string, true>>({});
  const queryClient = useQueryClient();
  const toggle = (path: string) =>
    setExpanded((e) => {
      const next = { ...e };
      if (next[path]) delete next[path];
      else next[path] = true;
      return next;
    });

  return (
    <section className="volume-files" aria-labelledby="volume-files-title">
      <div className="section-head">
        <h2 id="volume-files-title">Files</h2>
        <button type="button" className="button button--quiet" onClick={() => void queryClient.invalidateQueries({ queryKey: volumeKeys.files(volume) })}>
          <RefreshIcon /> Read again
        </button>
      </div>
      <DataTable label={`Files in ${volume}`} className="list-table data-table file-tree" columns={entryColumns}>
        <tbody>
          <FolderRows volume={volume} path="" depth={0} expanded={expanded} onToggle={toggle} />
        </tbody>
      </DataTable>
    </section>
  );
}

interface FolderRowsProps {
  volume: string;
  path: string;
  depth: number;
  expanded: Record<string, true>;
  onToggle(path: string): void;
}

function FolderRows({ volume, path, depth, expanded, onToggle }: FolderRowsProps) {
  const folder = useVolumeFolder(volume, path);
  const indent = { paddingLeft: `${24 + depth * 20}px` };
  if (folder.isPending) {
    return (
      <tr>
        <td colSpan={6} style={indent} className="muted">
          <Spinner /> Reading {path ? `“${path.split('/').at(-1)}”` : 'the volume'}…
        </td>
      </tr>
    );
  }
  if (folder.isError) {
    return (
      <tr>
        <td colSpan={6} style={indent} className="field__problem" role="alert">
          {messageOf(folder.error)}
        </td>
      </tr>
    );
  }
  const { entries, truncated } = folder.data;
  if (!entries.length) {
    return (
      <tr>
        <td colSpan={6} style={indent} className="muted" data-testid={depth === 0 ? 'volume-empty' : undefined}>
          {depth === 0 ? 'This volume is empty.' : 'Empty folder'}
        </td>
      </tr>
    );
  }
  return (
    <>
      {entries.map((entry) => (
        <EntryRows key={entry.path} volume={volume} entry={entry} depth={depth} expanded={expanded} onToggle={onToggle} />
      ))}
      {truncated && (
        <tr>
          <td colSpan={6} style={indent} className="muted">
            Only the first {entries.length.toLocaleString()} entries of this folder are listed.
          </td>
        </tr>
      )}
    </>
  );
}

function EntryRows({ volume, entry, depth, expanded, onToggle }: { volume: string; entry: VolumeEntry } & Omit<FolderRowsProps, 'volume' | 'path'>) {
  const open = entry.kind === 'folder' && expanded[entry.path] === true;
  const downloadable = entry.kind === 'file' || entry.kind === 'folder';
  return (
    <>
      <tr className="data-row" data-testid="volume-entry" data-path={entry.path} data-kind={entry.kind}>
        <td style={{ paddingLeft: `${24 + depth * 20}px` }}>
          {entry.kind === 'folder' ? (
            <button type="button" className="tree-toggle" aria-expanded={open} onClick={() => onToggle(entry.path)} aria-label={`${open ? 'Close' : 'Open'} folder ${entry.name}`}>
              <ChevronIcon />
              <FolderIcon />
              <span className="tree-toggle__name">{entry.name}</span>
            </button>
          ) : (
            <span className="tree-leaf" title={entry.linkTarget ? `${entry.name} → ${entry.linkTarget}` : entry.name}>
              {entry.kind === 'symlink' ? <LinkIcon /> : <FileIcon />}
              <span className="tree-toggle__name">{entry.name}</span>
              {entry.linkTarget && <span className="muted mono"> → {entry.linkTarget}</span>}
            </span>
          )}
        </td>
        <td className="col-size">
          {entry.kind === 'folder' ? (
            <span title={`${entry.files ?? 0} files`}>
              {formatBytes(entry.size)} <span className="muted">· {plural(entry.files ?? 0, 'file')}</span>
            </span>
          ) : entry.kind === 'file' ? (
            formatBytes(entry.size)
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td className="col-mode mono muted">{modeString(entry.mode, entry.kind)}</td>
        <td className="col-owner mono muted">
          {entry.uid}:{entry.gid}
        </td>
        <td className="col-created muted">
          <RelativeTime epochSeconds={entry.modified} />
        </td>
        <td className="col-actions-1">
          {downloadable && (
            <button
              type="button"
              className="icon-button"
              aria-label={`Download ${entry.name}`}
              title={entry.kind === 'folder' ? 'Download as .tar.gz' : 'Download'}
              onClick={() => void downloadFromVolume(volume, { path: entry.path, name: entry.name, kind: entry.kind as 'file' | 'folder' })}
            >
              <DownloadIcon />
            </button>
          )}
        </td>
      </tr>
      {open && <FolderRows volume={volume} path={entry.path} depth={depth + 1} expanded={expanded} onToggle={onToggle} />}
    </>
  );
}
