/**
 * What can be done with one image row: run it, push it, and (in a menu) tag, save, see its layers; remove.
 * Each control's accessible name says which image it acts on ("Run nginx:1.27").
 */
import { navigate } from '../../app/router';
import { ImagesIcon, MoreIcon, PlayIcon, TagIcon, TrashIcon, UploadIcon, DownloadIcon } from '../../components/icons';
import { Menu } from '../../components/Menu';
import type { MenuItem } from '../../components/Menu';
import { openRunDialog } from '../run-container/store';
import { saveImages } from './archive-actions';
import { shortId } from '../../components/format';
import type { ImageRowModel } from './list';
import { useImagesUi } from './store';

export function ImageActions({ row }: { row: ImageRowModel }) {
  const open = useImagesUi((s) => s.open);
  const name = row.tag ?? shortId(row.image.id);
  const items: MenuItem[] = [
    { label: 'Show layers', ariaLabel: `Show layers of ${name}`, icon: <ImagesIcon />, onSelect: () => navigate('image', { id: row.image.id }) },
    { label: 'Tag…', ariaLabel: `Tag ${name}`, icon: <TagIcon />, onSelect: () => open({ kind: 'tag', image: row.image.id, name }) },
    { label: 'Save to a file…', ariaLabel: `Save ${name} to a file`, icon: <DownloadIcon />, onSelect: () => void saveImages([row.tag ?? row.image.id], name) },
  ];
  return (
    <div className="row-actions">
      <button type="button" className="icon-button" aria-label={`Run ${name}`} title="Run" onClick={() => openRunDialog({ image: row.tag ?? row.image.id })}>
        <PlayIcon />
      </button>
      {row.tag ? (
        <button type="button" className="icon-button" aria-label={`Push ${name}`} title="Push to a registry" onClick={() => open({ kind: 'push', tag: row.tag! })}>
          <UploadIcon />
        </button>
      ) : (
        <span className="action-slot" />
      )}
      <Menu label={`More actions for ${name}`} icon={<MoreIcon />} items={items} />
      <button type="button" className="icon-button icon-button--danger" aria-label={`Remove ${name}`} title="Remove" onClick={() => open({ kind: 'remove', rows: [row] })}>
        <TrashIcon />
      </button>
    </div>
  );
}
