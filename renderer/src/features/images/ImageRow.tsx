import { memo } from 'react';
import { href } from '../../app/router';
import { RelativeTime } from '../../components/RelativeTime';
import { ImageActions } from './ImageActions';
import { formatBytes, plural, shortId } from '../../components/format';
import type { ImageRowModel } from './list';
import { useImagesUi } from './store';

/** Which containers use the image, in a word: "2 containers · 1 running". */
function UsedBy({ row }: { row: ImageRowModel }) {
  const { containers } = row.image;
  if (!containers.length) return <span className="muted">—</span>;
  const running = containers.filter((c) => c.state === 'running').length;
  const text = running === containers.length ? `${running} running` : running ? `${plural(containers.length, 'container')}, ${running} running` : plural(containers.length, 'container');
  return <span title={containers.map((c) => `${c.name} (${c.state})`).join('\n')}>{text}</span>;
}

export const ImageRow = memo(function ImageRow({ row, inGroup }: { row: ImageRowModel; inGroup?: boolean }) {
  const selected = useImagesUi((s) => s.selected[row.key] === true);
  const setSelected = useImagesUi((s) => s.setSelected);
  const name = row.tag ?? shortId(row.image.id);

  return (
    <tr
      className={`image-row${selected ? ' is-selected' : ''}${inGroup ? ' in-group' : ''}`}
      data-testid="image-row"
      data-image-id={row.image.id}
      data-tag={row.tag}
      // An item for the keyboard: arrow keys move between rows; Enter, Delete act on this one.
      data-item-kind="image"
      data-item-id={row.key}
      tabIndex={-1}
    >
      <td className="col-select">
        <input type="checkbox" aria-label={`Select ${name}`} checked={selected} onChange={(e) => setSelected([row.key], e.target.checked)} />
      </td>
      <td className="col-name">
        <div className="image-name">
          <a className="image-name__repo" href={href('image', { id: row.image.id })} title={row.tag ?? row.repository}>
            {row.repository === '<none>' ? 'Untagged' : row.repository}
          </a>
          {row.tagName && <span className="tag-chip" title={`Tag ${row.tagName}`}>{row.tagName}</span>}
          {row.image.dangling && (
            <span className="badge badge--warning" title="No name refers to this image any more: a prune of dangling images removes it">
              dangling
            </span>
          )}
        </div>
        <div className="cell-sub mono" title={row.image.id}>
          {shortId(row.image.id)}
        </div>
      </td>
      <td className="col-size">{formatBytes(row.image.size)}</td>
      <td className="col-created muted">
        <RelativeTime epochSeconds={row.image.created} />
      </td>
      <td className="col-used">
        <UsedBy row={row} />
      </td>
      <td className="col-actions">
        <ImageActions row={row} />
      </td>
    </tr>
  );
});
