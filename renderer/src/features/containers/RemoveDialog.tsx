/**
 * Asks before removing containers: names them, says that running ones are killed, and offers to remove
 * their anonymous volumes too, saying that this data is then gone.
 */
import { useState } from 'react';
import type { ContainerSummary } from '../../../../engine/contract/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useRemoveContainers } from './api';
import { useContainersUi } from './store';

function plural(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

function namesOf(containers: ContainerSummary[]): string {
  const names = containers.map((c) => c.name);
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

export function RemoveDialog({ containers }: { containers: ContainerSummary[] }) {
  const ids = useContainersUi((s) => s.removing);
  const closeRemove = useContainersUi((s) => s.closeRemove);
  const setSelected = useContainersUi((s) => s.setSelected);
  const remove = useRemoveContainers();
  const [withVolumes, setWithVolumes] = useState(false);

  const targets = ids ? containers.filter((c) => ids.includes(c.id)) : [];
  // Containers removed meanwhile (from a terminal, say) drop out; with none left there is nothing to ask.
  if (!targets.length) return null;

  const running = targets.filter((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused');
  const volumes = targets.reduce((n, c) => n + c.anonymousVolumes, 0);
  const single = targets.length === 1 ? targets[0] : undefined;

  const confirm = () => {
    closeRemove();
    setSelected(
      targets.map((c) => c.id),
      false,
    );
    remove.mutate({ work: 'remove', containers: targets.map(({ id, name }) => ({ id, name })), volumes: withVolumes && volumes > 0, force: true });
  };

  return (
    <ConfirmDialog
      title={single ? `Remove ${single.name}?` : `Remove ${targets.length} containers?`}
      confirmLabel="Remove"
      danger
      onConfirm={confirm}
      onCancel={closeRemove}
    >
      {!single && (
        <ul className="remove-list" aria-label="Containers to remove">
          {targets.map((c) => (
            <li key={c.id}>
              <span className="remove-list__name">{c.name}</span> <span className="muted">{c.image}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        {single
          ? 'The container and the files it changed are deleted. Its image and named volumes are kept.'
          : 'The containers and the files they changed are deleted. Their images and named volumes are kept.'}
      </p>
      {running.length > 0 && (
        <p className="remove-warning">
          {single
            ? `${single.name} is running: it will be killed first.`
            : `${running.length === 1 ? '1 of them is' : `${running.length} of them are`} running (${namesOf(running)}): ${running.length === 1 ? 'it' : 'they'} will be killed first.`}
        </p>
      )}
      {volumes > 0 && (
        <label className="remove-volumes">
          <input type="checkbox" checked={withVolumes} onChange={(e) => setWithVolumes(e.target.checked)} />
          <span>
            Also remove {plural(volumes, 'anonymous volume', 'anonymous volumes')}
            <span className="remove-volumes__hint">The data in {volumes === 1 ? 'it' : 'them'} is lost for good. No other container can use {volumes === 1 ? 'it' : 'them'} once {single ? 'this container is' : 'these containers are'} gone.</span>
          </span>
        </label>
      )}
    </ConfirmDialog>
  );
}
