/** The top of a details page: where it is, which container, its state, and what can be done to it. */
import type { ContainerAction, ContainerState } from '../../../../engine/contract/types';
import type { ContainerInspect } from '../../../../engine/contract/container-details-types';
import { href } from '../../app/router';
import { CopyIcon, KillIcon, MoreIcon, PauseIcon, PlayIcon, RestartIcon, StopIcon, TrashIcon } from '../../components/icons';
import { Menu } from '../../components/Menu';
import type { MenuItem } from '../../components/Menu';
import type { ContainerWork } from '../containers/api';
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

export function DetailsHeader({ inspect, name, state, pending, onAct, onRemove }: DetailsHeaderProps) {
  const up = state === 'running' || state === 'restarting' || state === 'paused';
  const busy = pending !== undefined;
  const more: MenuItem[] = [
    ...(state === 'running' ? [{ label: 'Pause', ariaLabel: `Pause ${name}`, icon: <PauseIcon />, onSelect: () => onAct('pause') }] : []),
    ...(state === 'paused' ? [{ label: 'Unpause', ariaLabel: `Unpause ${name}`, icon: <PlayIcon />, onSelect: () => onAct('unpause') }] : []),
    ...(up ? [{ label: 'Kill', ariaLabel: `Kill ${name}`, icon: <KillIcon />, danger: true, onSelect: () => onAct('kill') }] : []),
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
              <button type="button" className="button" onClick={() => onAct('stop')} disabled={busy} aria-label={`Stop ${name}`}>
                <StopIcon /> Stop
              </button>
              <button type="button" className="button" onClick={() => onAct('restart')} disabled={busy} aria-label={`Restart ${name}`}>
                <RestartIcon /> Restart
              </button>
            </>
          ) : (
            <button type="button" className="button button--primary" onClick={() => onAct('start')} disabled={busy || state === 'removing' || state === 'dead'} aria-label={`Start ${name}`}>
              <PlayIcon /> Start
            </button>
          )}
          <Menu label={`More actions for ${name}`} icon={<MoreIcon />} items={more} disabled={busy} />
          <button type="button" className="icon-button icon-button--danger" aria-label={`Remove ${name}`} title="Remove" onClick={onRemove} disabled={busy}>
            <TrashIcon />
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
