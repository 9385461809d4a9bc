/** Actions for the selected containers, shown while any are selected. */
import type { ContainerAction, ContainerSummary } from '../../../../engine/contract/types';
import { BulkBar } from '../../components/BulkBar';
import { containerActions, removeWork } from './actions';
import { useContainersUi } from './store';

/** The actions offered for a selection; each acts only on the selected containers it changes something for. */
const BULK: ContainerAction[] = ['start', 'stop', 'restart'];

interface BulkActionBarProps {
  selected: ContainerSummary[];
  onAct(containers: ContainerSummary[], action: ContainerAction): void;
}

export function BulkActionBar({ selected, onAct }: BulkActionBarProps) {
  const clearSelection = useContainersUi((s) => s.clearSelection);
  const askToRemove = useContainersUi((s) => s.askToRemove);
  if (!selected.length) return null;
  const count = selected.length === 1 ? '1 container' : `${selected.length} containers`;

  return (
    <BulkBar label="Selected containers" testId="bulk-actions" count={count} onClear={clearSelection}>
      {BULK.map((action) => {
        const { label, Icon } = containerActions[action];
        return (
          <button key={action} type="button" className="button" aria-label={`${label} ${count}`} onClick={() => onAct(selected, action)}>
            <Icon /> {label}
          </button>
        );
      })}
      <button type="button" className="button bulk-bar__remove" aria-label={`${removeWork.label} ${count}`} onClick={() => askToRemove(selected.map((c) => c.id))}>
        <removeWork.Icon /> {removeWork.label}
      </button>
    </BulkBar>
  );
}
