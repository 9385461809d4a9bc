/**
 * The actions that make sense for a container in its current state: the common ones as buttons, the
 * rarer ones in a menu. Each button's accessible name says which container it acts on ("Stop web").
 */
import type { ReactNode } from 'react';
import type { ContainerAction, ContainerSummary } from '../../../../engine/contract/types';
import { KillIcon, MoreIcon, PauseIcon, PlayIcon, RestartIcon, StopIcon, TrashIcon } from '../../components/icons';
import { Menu } from '../../components/Menu';
import type { MenuItem } from '../../components/Menu';

interface RowActionsProps {
  container: ContainerSummary;
  busy: boolean;
  onAct(action: ContainerAction): void;
  onRemove(): void;
}

const labels: Record<ContainerAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  pause: 'Pause',
  unpause: 'Unpause',
  kill: 'Kill',
};
const icons: Record<ContainerAction, ReactNode> = {
  start: <PlayIcon />,
  stop: <StopIcon />,
  restart: <RestartIcon />,
  pause: <PauseIcon />,
  unpause: <PlayIcon />,
  kill: <KillIcon />,
};

/** [main action, second action, menu actions] for each state. */
function actionsFor(state: ContainerSummary['state']): [ContainerAction | null, ContainerAction | null, ContainerAction[]] {
  switch (state) {
    case 'running':
      return ['stop', 'restart', ['pause', 'kill']];
    case 'paused':
      return ['unpause', null, ['kill']];
    case 'restarting':
      return ['stop', null, ['kill']];
    case 'created':
    case 'exited':
      return ['start', null, []];
    default:
      return [null, null, []];
  }
}

export function RowActions({ container, busy, onAct, onRemove }: RowActionsProps) {
  const [main, second, more] = actionsFor(container.state);
  const button = (action: ContainerAction | null) =>
    action ? (
      <button
        type="button"
        className="icon-button"
        aria-label={`${labels[action]} ${container.name}`}
        title={labels[action]}
        disabled={busy}
        onClick={() => onAct(action)}
      >
        {icons[action]}
      </button>
    ) : (
      <span className="action-slot" />
    );
  const menuItems: MenuItem[] = more.map((action) => ({
    label: labels[action],
    ariaLabel: `${labels[action]} ${container.name}`,
    icon: icons[action],
    danger: action === 'kill',
    onSelect: () => onAct(action),
  }));

  return (
    <div className="row-actions">
      {button(main)}
      {button(second)}
      {menuItems.length ? <Menu label={`More actions for ${container.name}`} icon={<MoreIcon />} items={menuItems} disabled={busy} /> : <span className="action-slot" />}
      <button
        type="button"
        className="icon-button icon-button--danger"
        aria-label={`Remove ${container.name}`}
        title="Remove"
        disabled={busy || container.state === 'removing'}
        onClick={onRemove}
      >
        <TrashIcon />
      </button>
    </div>
  );
}
