/** The top of a details page: where it is, which container, its state, and what can be done to it. */
import type { ContainerAction, ContainerState } from '../../../../engine/contract/types';
import type { ContainerInspect } from '../../../../engine/contract/container-details-types';
import { href } from '../../app/router';
import { CopyIcon, MoreIcon, RestartIcon } from '../../components/icons';
import { Menu } from '../../components/Menu';
import type { MenuItem } from '../../components/Menu';
import { containerActions, isUp, removeWork } from '../containers/actions';
import type { ContainerWork } from '../containers/actions';
import { StateBadge } from '../containers/StateBadge';
import { openFromContainer } from '../run-container/store';
import { copyText } from './copy';

interface DetailsHeaderProps {
  inspect: ContainerInspect;
  name: string;
  state: ContainerState;
  pending: ContainerWork | undefined;
  onAct(action: ContainerAction): void;
  onRemove(): void;
}

/** In the menu, those the state allows; Stop, Restart and Start are buttons. */
const MENU: ContainerAction[] = ['pause', 'unpause', 'kill'];

export function DetailsHeader({ inspect, name, state, pending, onAct, onRemove }: DetailsHeaderProps) {
  const up = isUp(state);
  const busy = pending !== undefined;
  const button = (action: ContainerAction, className = 'button', disabled = busy) => {
    const { label, Icon } = containerActions[action];
    return (
      <button type="button" className={className} onClick={() => onAct(action)} disabled={disabled} aria-label={`${label} ${name}`}>
        <Icon /> {label}
      </button>
    );
  };
  const more: MenuItem[] = [
    ...MENU.filter((action) => containerActions[action].appliesTo(state)).map((action): MenuItem => {
      const { label, Icon, danger } = containerActions[action];
      return { label, ariaLabel: `${label} ${name}`, icon: <Icon />, danger, onSelect: () => onAct(action) };
    }),
    { label: 'Duplicate…', ariaLabel: `Duplicate ${name}`, icon: <CopyIcon />, onSelect: () => void openFromContainer(inspect.Id, 'duplicate') },
    { label: 'Recreate with changes…', ariaLabel: `Recreate ${name} with changes`, icon: <RestartIcon />, onSelect: () => void openFromContainer(inspect.Id, 'recreate') },
  ];
  return (
    <header className="detail-header">
      <nav className="detail-header__crumbs" aria-label="Breadcrumb">
        <a href={href('containers')}>Containers</a>
        <span aria-hidden="true">/</span>
      </nav>
      <div className="detail-header__row">
        <div className="detail-header__title">
          <h1 id="details-title" title={name}>
            {name}
          </h1>
          <StateBadge state={state} pending={pending} />
        </div>
        <div className="detail-header__actions">
          {up ? (
            <>
              {button('stop')}
              {button('restart')}
            </>
          ) : (
            // Shown (held) while the container is being removed or is dead, so the header keeps its shape.
            button('start', 'button button--primary', busy || state === 'removing' || state === 'dead')
          )}
          <Menu label={`More actions for ${name}`} icon={<MoreIcon />} items={more} disabled={busy} />
          <button type="button" className="icon-button icon-button--danger" aria-label={`${removeWork.label} ${name}`} title={removeWork.label} onClick={onRemove} disabled={busy}>
            <removeWork.Icon />
          </button>
        </div>
      </div>
      <div className="detail-header__meta">
        <span className="mono" title={inspect.Config?.Image}>
          {inspect.Config?.Image}
        </span>
        <span aria-hidden="true">·</span>
        <button type="button" className="id-chip mono" onClick={() => void copyText(inspect.Id, 'the container id')} aria-label="Copy the container id" title={inspect.Id}>
          {inspect.Id.slice(0, 12)}
          <CopyIcon />
        </button>
      </div>
    </header>
  );
}
