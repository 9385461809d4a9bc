/** Actions for the selected containers, shown while any are selected. */
import type { ContainerAction, ContainerSummary } from '../../../../engine/contract/types';
import { BulkBar } from '../../components/BulkBar';
import { PlayIcon, RestartIcon, StopIcon, TrashIcon } from '../../components/icons';
import { useContainersUi } from './store';

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
      <button type="button" className="button" aria-label={`Start ${count}`} onClick={() => onAct(selected, 'start')}>
        <PlayIcon /> Start
      </button>
      <button type="button" className="button" aria-label={`Stop ${count}`} onClick={() => onAct(selected, 'stop')}>
        <StopIcon /> Stop
      </button>
      <button type="button" className="button" aria-label={`Restart ${count}`} onClick={() => onAct(selected, 'restart')}>
        <RestartIcon /> Restart
      </button>
      <button type="button" className="button bulk-bar__remove" aria-label={`Remove ${count}`} onClick={() => askToRemove(selected.map((c) => c.id))}>
        <TrashIcon /> Remove
      </button>
    </BulkBar>
  );
}
