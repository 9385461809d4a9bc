/** The images as a table: named images first, then the untagged ones in a group that folds. */
import type { ReactNode } from 'react';
import { ChevronIcon } from '../../components/icons';
import { SelectBox } from '../../components/SelectBox';
import { formatBytes, plural } from '../../components/format';
import { ImageRow } from './ImageRow';
import type { ImageRowModel, ImageSort } from './list';
import { useImagesUi } from './store';

function SortHeader({ by, children, className }: { by: ImageSort['by']; children: ReactNode; className?: string }) {
  const sort = useImagesUi((s) => s.sort);
  const sortBy = useImagesUi((s) => s.sortBy);
  const active = sort.by === by;
  return (
    <th scope="col" className={className} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className={`sort-button${active ? ' is-active' : ''}`} onClick={() => sortBy(by)}>
        {children}
        <span className="sort-button__arrow" aria-hidden="true">
          {active ? (sort.descending ? '↓' : '↑') : ''}
        </span>
      </button>
    </th>
  );
}

function UntaggedGroup({ rows }: { rows: ImageRowModel[] }) {
  const open = useImagesUi((s) => s.untaggedOpen);
  const toggle = useImagesUi((s) => s.toggleUntagged);
  const setSelected = useImagesUi((s) => s.setSelected);
  const keys = rows.map((r) => r.key);
  const selectedCount = useImagesUi((s) => keys.filter((k) => s.selected[k]).length);
  const size = rows.reduce((n, r) => n + r.image.size, 0);
  const dangling = rows.filter((r) => r.image.dangling).length;
  return (
    <tbody className="image-group">
      <tr className="group-row" data-testid="untagged-group">
        <td className="col-select">
          <SelectBox label="Select all untagged images" ids={keys} selectedCount={selectedCount} onChange={(on) => setSelected(keys, on)} />
        </td>
        <td colSpan={3}>
          <button type="button" className="group-toggle" aria-expanded={open} onClick={toggle}>
            <ChevronIcon />
            <span>Untagged images</span>
            <span className="group-toggle__meta">
              {plural(rows.length, 'image')} · {formatBytes(size)}
              {dangling > 0 && ` · ${dangling} dangling`}
            </span>
          </button>
        </td>
        {/* Separate cells, so the row still lines up when a narrow window hides a column. */}
        <td className="col-used" />
        <td className="col-actions" />
      </tr>
      {open && rows.map((r) => <ImageRow key={r.key} row={r} inGroup />)}
    </tbody>
  );
}

export function ImageTable({ tagged, untagged }: { tagged: ImageRowModel[]; untagged: ImageRowModel[] }) {
  const keys = [...tagged, ...untagged].map((r) => r.key);
  const selectedCount = useImagesUi((s) => keys.filter((k) => s.selected[k]).length);
  const setSelected = useImagesUi((s) => s.setSelected);
  return (
    <div className="table-scroll">
      <table className="list-table image-table" aria-label="Images">
        <colgroup>
          <col className="col-select" />
          <col className="col-name" />
          <col className="col-size" />
          <col className="col-created" />
          <col className="col-used" />
          <col className="col-actions" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" className="col-select">
              <SelectBox label="Select all images" ids={keys} selectedCount={selectedCount} onChange={(on) => setSelected(keys, on)} />
            </th>
            <SortHeader by="name">Image</SortHeader>
            <SortHeader by="size" className="col-size">
              Size
            </SortHeader>
            <SortHeader by="created" className="col-created">
              Created
            </SortHeader>
            <th scope="col" className="col-used">
              Used by
            </th>
            <th scope="col" className="col-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tagged.map((r) => (
            <ImageRow key={r.key} row={r} />
          ))}
        </tbody>
        {untagged.length > 0 && <UntaggedGroup rows={untagged} />}
      </table>
    </div>
  );
}
