/** The list of volumes: name, size, who uses it, where it lives, when it was made, and what to do with it. */
import { memo } from 'react';
import type { VolumeSizes, VolumeSummary, VolumeUser } from '../../../../engine/contract/volumes-types';
import { href } from '../../app/router';
import { CopyIcon, DownloadIcon, FolderIcon, MoreIcon, TrashIcon, UploadIcon } from '../../components/icons';
import { type Column, DataTable } from '../../components/DataTable';
import { Menu } from '../../components/Menu';
import { RelativeTime } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { formatBytes } from '../../components/format';
import { ContainerChips } from '../../components/ContainerChips';
import { displayName } from './list';
import { useVolumesUi } from './store';
import { backUpVolume } from './transfers';

interface VolumeTableProps {
  volumes: VolumeSummary[];
  users: Record<string, VolumeUser[]>;
  sizes: VolumeSizes | undefined;
  sizesLoading: boolean;
}

const columns: Column[] = [
  { header: 'Name', col: 'col-name' },
  { header: 'Driver', className: 'col-driver', col: 'col-driver' },
  { header: 'Size', className: 'col-size', col: 'col-size' },
  { header: 'Used by', col: 'col-users' },
  { header: 'Mount point', className: 'col-mount', col: 'col-mount' },
  { header: 'Created', className: 'col-created', col: 'col-created' },
  { header: 'Actions', hidden: true, className: 'col-actions', col: 'col-actions' },
];

export function VolumeTable({ volumes, users, sizes, sizesLoading }: VolumeTableProps) {
  return (
    <DataTable label="Volumes" className="list-table data-table volume-table" columns={columns} frame="table-scroll">
      <tbody>
        {volumes.map((v) => (
          <VolumeRow key={v.name} volume={v} users={users[v.name] ?? []} size={sizes?.sizes[v.name]} sizesLoading={sizesLoading} />
        ))}
      </tbody>
    </DataTable>
  );
}

function SizeCell({ size, loading }: { size: number | null | undefined; loading: boolean }) {
  if (size === undefined) return loading ? <Spinner label="Measuring" /> : <span className="muted">—</span>;
  if (size === null) return <span className="muted" title="This volume’s driver cannot say how much it holds">unknown</span>;
  return <>{formatBytes(size)}</>;
}

const VolumeRow = memo(function VolumeRow({ volume: v, users, size, sizesLoading }: { volume: VolumeSummary; users: VolumeUser[]; size: number | null | undefined; sizesLoading: boolean }) {
  const open = useVolumesUi((s) => s.open);
  const name = displayName(v);
  return (
    <tr className="data-row" data-testid="volume-row" data-volume={v.name} data-item-kind="volume" data-item-id={v.name} tabIndex={-1}>
      <td className="col-name">
        <div className="resource-name">
          <a className={v.anonymous ? 'cell-link mono' : 'cell-link'} href={href('volume', { name: v.name })} title={v.name}>
            {name}
          </a>
        </div>
        {(v.anonymous || v.composeProject) && (
          <div className="cell-sub">{v.anonymous ? 'anonymous, made for one container' : `Compose project ${v.composeProject}`}</div>
        )}
      </td>
      <td className="col-driver muted">{v.driver}</td>
      <td className="col-size">
        <SizeCell size={size} loading={sizesLoading} />
      </td>
      <td className="col-users">
        <ContainerChips containers={users.map((u) => ({ id: u.id, name: u.name, state: u.state }))} empty="Not in use" />
      </td>
      <td className="col-mount">
        <div className="cell-truncate mono muted" title={v.mountpoint}>
          {v.mountpoint}
        </div>
      </td>
      <td className="col-created muted">{v.created ? <RelativeTime epochSeconds={v.created} /> : '—'}</td>
      <td className="col-actions">
        <div className="row-actions">
          <a className="icon-button" href={href('volume', { name: v.name })} aria-label={`Browse files of ${name}`} title="Browse files">
            <FolderIcon />
          </a>
          <button type="button" className="icon-button" aria-label={`Back up ${name}`} title="Back up to a .tar.gz file" onClick={() => void backUpVolume(v.name)}>
            <DownloadIcon />
          </button>
          <Menu
            label={`More actions for ${name}`}
            icon={<MoreIcon />}
            items={[
              { label: 'Copy to a new volume', ariaLabel: `Copy ${name} to a new volume`, icon: <CopyIcon />, onSelect: () => open({ kind: 'copy', source: v.name }) },
              { label: 'Restore a backup into it', ariaLabel: `Restore a backup into ${name}`, icon: <UploadIcon />, onSelect: () => open({ kind: 'restore', into: v.name }) },
            ]}
          />
          <button type="button" className="icon-button icon-button--danger" aria-label={`Remove ${name}`} title="Remove" onClick={() => open({ kind: 'remove', names: [v.name] })}>
            <TrashIcon />
          </button>
        </div>
      </td>
    </tr>
  );
});
