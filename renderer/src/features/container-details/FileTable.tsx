/** One folder's entries: folders first; a folder opens, anything can be downloaded. */
import type { FileEntry } from '../../../../engine/contract/container-details-types';
import { DownloadIcon, FileIcon, FolderIcon, LinkIcon } from '../../components/icons';
import { formatBytes } from '../../components/format';
import { type Column, DataTable } from '../../components/DataTable';

interface FileTableProps {
  path: string;
  entries: FileEntry[];
  onOpen(entry: FileEntry): void;
  onUp(): void;
  onDownload(entry: FileEntry): void;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const opens = (e: FileEntry) => e.kind === 'folder' || (e.kind === 'link' && e.targetIsFolder === true);

function KindIcon({ entry }: { entry: FileEntry }) {
  if (entry.kind === 'folder') return <FolderIcon />;
  if (entry.kind === 'link') return <LinkIcon />;
  return <FileIcon />;
}

const fileColumns: (Column | string)[] = [
  'Name',
  { header: 'Size', className: 'files-table__size' },
  { header: 'Modified', className: 'files-table__date' },
  { header: 'Mode', className: 'files-table__mode' },
  { header: 'Actions', hidden: true, className: 'files-table__actions' },
];

export function FileTable({ path, entries, onOpen, onUp, onDownload }: FileTableProps) {
  return (
    <DataTable label={`Files in ${path}`} className="detail-table files-table" columns={fileColumns} frame="table-scroll files-tab__scroll" after={!entries.length && <p className="detail-card__empty files-empty">This folder is empty.</p>}>
      <tbody>
        {path !== '/' && (
          <tr>
            <td colSpan={5}>
              <button type="button" className="file-name file-name--open" onClick={onUp}>
                <FolderIcon />
                <span>..</span>
              </button>
            </td>
          </tr>
        )}
        {entries.map((e) => (
          <tr key={e.name} data-testid="file-row" data-name={e.name} data-kind={e.kind}>
            <td>
              {opens(e) ? (
                <button type="button" className="file-name file-name--open" onClick={() => onOpen(e)} aria-label={`Open folder ${e.name}`}>
                  <KindIcon entry={e} />
                  <span>{e.name}</span>
                  {e.target && <span className="file-target">→ {e.target}</span>}
                </button>
              ) : (
                <span className="file-name">
                  <KindIcon entry={e} />
                  <span>{e.name}</span>
                  {e.target && <span className="file-target">→ {e.target}</span>}
                </span>
              )}
            </td>
            <td className="files-table__size mono">{e.kind === 'file' ? formatBytes(e.size) : ''}</td>
            <td className="files-table__date">{e.modified ? dateTime.format(new Date(e.modified * 1000)) : ''}</td>
            <td className="files-table__mode mono">{e.mode}</td>
            <td className="files-table__actions">
              {e.kind !== 'other' && (
                <button
                  type="button"
                  className="icon-button"
                  aria-label={e.kind === 'folder' ? `Download folder ${e.name} as a tar archive` : `Download ${e.name}`}
                  title={e.kind === 'folder' ? 'Download as .tar' : 'Download'}
                  onClick={() => onDownload(e)}
                >
                  <DownloadIcon />
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
