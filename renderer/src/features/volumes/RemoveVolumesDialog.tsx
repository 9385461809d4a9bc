/** Asks before removing volumes: names them, says how much data goes for good, and who still uses them. */
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatBytes } from '../../components/format';
import { useRemoveVolumes, useVolumeSizes, useVolumeUsers } from './api';
import { displayName, isUp } from './list';
import { useVolumesUi } from './store';

export function RemoveVolumesDialog({ names, onRemoved }: { names: string[]; onRemoved?(): void }) {
  const close = useVolumesUi((s) => s.close);
  const users = useVolumeUsers().data ?? {};
  const sizes = useVolumeSizes().data?.sizes ?? {};
  const remove = useRemoveVolumes();
  const known = names.map((name) => ({ name, short: displayName({ name, anonymous: /^[0-9a-f]{64}$/.test(name) }), users: users[name] ?? [], size: sizes[name] }));
  const inUse = known.filter((v) => v.users.length);
  const total = known.reduce((n, v) => n + (v.size ?? 0), 0);
  const single = known.length === 1 ? known[0]! : undefined;

  const confirm = () => {
    close();
    remove.mutate(names, { onSuccess: (r) => r.removed.length && onRemoved?.() });
  };

  return (
    <ConfirmDialog title={single ? `Remove ${single.short}?` : `Remove ${known.length} volumes?`} confirmLabel="Remove" danger onConfirm={confirm} onCancel={close}>
      {!single && (
        <ul className="remove-list" aria-label="Volumes to remove">
          {known.map((v) => (
            <li key={v.name}>
              <span className="remove-list__name">{v.short}</span> <span className="muted">{v.size != null ? formatBytes(v.size) : ''}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        {single ? 'Every file in it is deleted for good' : 'Every file in them is deleted for good'}
        {total > 0 ? ` (${formatBytes(total)})` : ''}. Back up first if you may need the data again.
      </p>
      {inUse.length > 0 && (
        <p className="remove-warning">
          {inUse
            .map((v) => `${v.short} is used by ${v.users.map((u) => `${u.name}${isUp(u.state) ? '' : ` (${u.state})`}`).join(', ')}`)
            .join('; ')}
          : the engine keeps a volume while any container, running or stopped, uses it. Remove {inUse.flatMap((v) => v.users).length === 1 ? 'that container' : 'those containers'} first.
        </p>
      )}
    </ConfirmDialog>
  );
}
