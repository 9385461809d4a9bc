import { memo } from 'react';
import type { ContainerAction, ContainerSummary } from '../../../../engine/contract/types';
import { href } from '../../app/router';
import { RelativeTime } from '../../components/RelativeTime';
import { UsageCell } from '../container-stats/UsageCell';
import type { ContainerWork } from './api';
import { PortLinks } from '../../components/PortLinks';
import { RowActions } from './RowActions';
import { StateBadge } from './StateBadge';
import { useContainersUi } from './store';

interface ContainerRowProps {
  container: ContainerSummary;
  pending: ContainerWork | undefined;
  /** Indented under its Compose project. */
  inGroup?: boolean;
  onAct(containers: ContainerSummary[], action: ContainerAction): void;
}

export const ContainerRow = memo(function ContainerRow({ container: c, pending, inGroup, onAct }: ContainerRowProps) {
  const selected = useContainersUi((s) => s.selected[c.id] === true);
  const setSelected = useContainersUi((s) => s.setSelected);
  const askToRemove = useContainersUi((s) => s.askToRemove);
  const shortId = c.id.slice(0, 12);

  return (
    <tr
      className={`container-row${selected ? ' is-selected' : ''}${inGroup ? ' in-group' : ''}`}
      data-testid="container-row"
      data-container-id={c.id}
      // An item of the list for the keyboard: arrow keys move between rows, S/R/P/L/Delete act on this one.
      data-item-kind="container"
      data-item-id={c.id}
      tabIndex={-1}
      data-state={c.state}
      aria-busy={pending ? true : undefined}
    >
      <td className="col-select">
        <input type="checkbox" aria-label={`Select ${c.name}`} checked={selected} onChange={(e) => setSelected([c.id], e.target.checked)} />
      </td>
      <td className="col-name">
        <a className="cell-name cell-name--link" title={c.name} href={href('container', { id: c.id })} data-testid="container-link">
          {c.name}
        </a>
        <div className="cell-sub mono" title={c.id}>
          {shortId}
        </div>
      </td>
      <td className="col-image">
        <div className="cell-truncate" title={c.imageNameMoved ? `Created from ${c.image}; that name is no longer on this container’s image (${c.imageId.slice(7, 19)})` : c.image}>
          {c.image}
        </div>
      </td>
      <td className="col-state">
        <StateBadge state={c.state} pending={pending} />
      </td>
      <td className="col-status">
        <div className="cell-truncate muted" title={c.status}>
          {c.status}
        </div>
      </td>
      <UsageCell id={c.id} name={c.name} state={c.state} />
      <td className="col-ports">
        <PortLinks container={c} />
      </td>
      <td className="col-created muted">
        <RelativeTime epochSeconds={c.created} />
      </td>
      <td className="col-actions">
        <RowActions container={c} busy={pending !== undefined} onAct={(action) => onAct([c], action)} onRemove={() => askToRemove([c.id])} />
      </td>
    </tr>
  );
});
