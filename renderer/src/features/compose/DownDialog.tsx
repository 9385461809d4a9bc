/**
 * Down, with a preview of exactly what goes: the project's containers and networks always; its volumes
 * (and the data in them) and its images only when ticked. The preview is read from the engine now.
 */
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { messageOf } from '../../components/toasts/store';
import { useDownPlan } from './api';
import { runCompose } from './tasks';

function Items({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  if (!items.length) return null;
  return (
    <div className="compose-down__group">
      <div className="compose-down__title">{title}</div>
      <ul className="compose-down__list mono" data-testid={testId}>
        {items.map((i) => (
          <li key={i}>{i}</li>
        ))}
      </ul>
    </div>
  );
}

export function DownDialog({ project, onClose }: { project: string; onClose(): void }) {
  const [volumes, setVolumes] = useState(false);
  const [images, setImages] = useState<'none' | 'local' | 'all'>('none');
  const plan = useDownPlan(project, volumes, images);
  const p = plan.data;
  const nothing = p && !p.containers.length && !p.networks.length && !p.volumes.length && !p.images.length;
  return (
    <ConfirmDialog
      title={`Down ${project}`}
      confirmLabel="Down"
      danger
      confirmDisabled={!p}
      onConfirm={() => {
        runCompose(project, { action: 'down', volumes, images });
        onClose();
      }}
      onCancel={onClose}
    >
      <div data-testid="compose-down-dialog">
        <label className="checkbox-row">
          <input type="checkbox" checked={volumes} onChange={(e) => setVolumes(e.target.checked)} data-testid="down-volumes" />
          Remove the project’s volumes too (their data is lost)
        </label>
        <label className="checkbox-row">
          Images:{' '}
          <select value={images} onChange={(e) => setImages(e.target.value as typeof images)} aria-label="Images to remove">
            <option value="none">keep them</option>
            <option value="local">remove the images Compose built</option>
            <option value="all">remove every image the services use</option>
          </select>
        </label>
        {plan.isPending && <p className="muted">Reading what would go…</p>}
        {plan.isError && <p role="alert">{messageOf(plan.error)}</p>}
        {nothing && <p>Nothing of {project} is on the engine: down has nothing to remove.</p>}
        {p && (
          <div className="compose-down" data-testid="compose-down-preview">
            <p>This removes:</p>
            <Items title="Containers" items={p.containers.map((c) => c.name)} testId="down-containers" />
            <Items title="Networks" items={p.networks} testId="down-networks" />
            <Items title="Volumes" items={p.volumes} testId="down-volumes-list" />
            <Items title="Images" items={p.images} testId="down-images" />
          </div>
        )}
      </div>
    </ConfirmDialog>
  );
}
