/**
 * The actions that make sense for a container in its current state: the common ones as buttons, the
 * rarer ones in a menu. Each button's accessible name says which container it acts on ("Stop web").
 */
import type { ContainerAction, ContainerSummary } from '../../../../engine/contract/types';
import { MoreIcon } from '../../components/icons';
import { Menu } from '../../components/Menu';
import type { MenuItem } from '../../components/Menu';
import { containerActions, removeWork } from './actions';

interface RowActionsProps {
  container: ContainerSummary;
  busy: boolean;
  onAct(action: ContainerAction): void;
  onRemove(): void;
}

/** The main button: the first of these the state allows (resume a paused container before stopping it). */
const MAIN: ContainerAction[] = ['unpause', 'stop', 'start'];
/** The menu: the rarer ones the state allows. */
const MENU: ContainerAction[] = ['pause', 'kill'];

/**
 * [main action, second action, menu actions] for a state. Which actions a state allows, and what they are
 * called, is in actions.ts; this says only where they go in a row. Restart sits beside Stop on a running
 * container (on a stopped one Start does the same).
 */
function placesFor(state: ContainerSummary['state']): [ContainerAction | null, ContainerAction | null, ContainerAction[]] {
  const allowed = (action: ContainerAction) => containerActions[action].appliesTo(state);
  return [MAIN.find(allowed) ?? null, state === 'running' ? 'restart' : null, MENU.filter(allowed)];
}

export function RowActions({ container, busy, onAct, onRemove }: RowActionsProps) {
  const [main, second, more] = placesFor(container.state);
  const button = (action: ContainerAction | null) => {
    if (!action) return <span className="action-slot" />;
    const { label, Icon } = containerActions[action];
    return (
      <button type="button" className="icon-button" aria-label={`${label} ${container.name}`} title={label} disabled={busy} onClick={() => onAct(action)}>
        <Icon />
      </button>
    );
  };
  const menuItems: MenuItem[] = more.map((action) => {
    const { label, Icon, danger } = containerActions[action];
    return { label, ariaLabel: `${label} ${container.name}`, icon: <Icon />, danger, onSelect: () => onAct(action) };
  });

  return (
    <div className="row-actions">
      {button(main)}
      {button(second)}
      {menuItems.length ? <Menu label={`More actions for ${container.name}`} icon={<MoreIcon />} items={menuItems} disabled={busy} /> : <span className="action-slot" />}
      <button
        type="button"
        className="icon-button icon-button--danger"
        aria-label={`${removeWork.label} ${container.name}`}
        title={removeWork.label}
        disabled={busy || container.state === 'removing'}
        onClick={onRemove}
      >
        <removeWork.Icon />
      </button>
    </div>
  );
}
