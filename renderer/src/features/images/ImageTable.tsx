/** The images as a table: named images first, then the untagged ones in a group that folds. */
import { ChevronIcon } from '../../components/icons';
import { type Column, DataTable } from '../../components/DataTable';
import { SelectBox } from '../../components/SelectBox';
import { formatBytes, plural } from '../../components/format';
import { ImageRow } from './ImageRow';
import type { ImageRowModel, ImageSort } from './list';
import { useImagesUi } from './store';

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
  const sort = useImagesUi((s) => s.sort);
  const sortBy = useImagesUi((s) => s.sortBy);
  const sorting = (by: ImageSort['by']) => ({ active: sort.by === by, descending: sort.descending, onSort: () => sortBy(by) });
  const columns: Column[] = [
    { header: <SelectBox label="Select all images" ids={keys} selectedCount={selectedCount} onChange={(on) => setSelected(keys, on)} />, className: 'col-select', col: 'col-select' },
    { header: 'Image', col: 'col-name', sort: sorting('name') },
    { header: 'Size', className: 'col-size', col: 'col-size', sort: sorting('size') },
    { header: 'Created', className: 'col-created', col: 'col-created', sort: sorting('created') },
    { header: 'Used by', className: 'col-used', col: 'col-used' },
    { header: 'Actions', hidden: true, className: 'col-actions', col: 'col-actions' },
  ];
  return (
    <DataTable label="Images" className="list-table image-table" columns={columns} frame="table-scroll">
    <tbody>
      {tagged.map((r) => (
        <ImageRow key={r.key} row={r} />
      ))}
    </tbody>
    {untagged.length > 0 && <UntaggedGroup rows={untagged} />}
    </DataTable>
  );
}
