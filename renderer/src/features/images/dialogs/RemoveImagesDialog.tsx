/**
 * Asks before removing images: says which only lose a name and which are deleted (with the space), and
 * names the containers that use any of them. Removing an image a container uses takes a second, explicit
 * confirmation (force), which says what the engine will do to each: delete it, or only take its name off
 * while running containers use it.
 */
import { useMemo, useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useImages, useRemoveImages } from '../api';
import { formatBytes, plural, shortId } from '../../../components/format';
import { forcedRemovalOutcomes, imageRows, planRemoval } from '../list';
import type { ImageRowModel } from '../list';
import { useImagesUi } from '../store';

const nameOf = (row: ImageRowModel) => row.tag ?? (row.image.digests[0] ? `${row.repository} (${shortId(row.image.id)})` : shortId(row.image.id));

export function RemoveImagesDialog({ rows: asked }: { rows: ImageRowModel[] }) {
  const close = useImagesUi((s) => s.close);
  const setSelected = useImagesUi((s) => s.setSelected);
  const remove = useRemoveImages();
  const images = useImages().data;
  const [forcing, setForcing] = useState(false);
  // The rows as the list is now: a container started meanwhile shows up, a removed image drops out.
  const current = useMemo(() => {
    if (!images) return asked;
    const all = imageRows(images);
    const byKey = new Map([...all.tagged, ...all.untagged].map((r) => [r.key, r]));
    return asked.flatMap((r) => byKey.get(r.key) ?? []);
  }, [asked, images]);
  const rows = current;
  if (!rows.length) return null;
  const plan = planRemoval(rows);
  const deletedImages = new Map(plan.deletes.map((r) => [r.image.id, r.image]));
  const freedAtMost = [...deletedImages.values()].reduce((n, i) => n + i.size, 0);
  const users = [...new Map(plan.inUse.flatMap((r) => r.image.containers).map((c) => [c.id, c])).values()];
  const running = users.filter((c) => c.state === 'running' || c.state === 'paused' || c.state === 'restarting');
  const single = rows.length === 1 ? rows[0] : undefined;

  const run = (force: boolean) => {
    close();
    setSelected(
      rows.map((r) => r.key),
      false,
    );
    remove.mutate({ refs: rows.map((r) => r.ref), force, names: Object.fromEntries(rows.map((r) => [r.ref, nameOf(r)])) });
  };

  if (forcing) {
    return (
      <ConfirmDialog title="Remove images that containers use?" confirmLabel="Force remove" danger onConfirm={() => run(true)} onCancel={close}>
        <p>
          {plural(users.length, 'container')} use{users.length === 1 ? 's' : ''} {plan.inUse.length === 1 ? 'this image' : 'these images'}:{' '}
          <strong>{users.map((c) => c.name).join(', ')}</strong>. Forcing does this:
        </p>
        <ul className="remove-list" aria-label="What forcing does">
          {forcedRemovalOutcomes(plan).map((o) => (
            <li key={o.key}>{o.text}</li>
          ))}
        </ul>
        {running.length > 0 && <p className="muted">The containers keep showing the name they were created from.</p>}
      </ConfirmDialog>
    );
  }

  return (
    <ConfirmDialog
      title={single ? `Remove ${nameOf(single)}?` : `Remove ${plural(rows.length, 'image')}?`}
      confirmLabel={plan.inUse.length ? 'Continue…' : 'Remove'}
      danger
      onConfirm={() => (plan.inUse.length ? setForcing(true) : run(false))}
      onCancel={close}
    >
      {!single && (
        <ul className="remove-list" aria-label="Images to remove">
          {rows.map((r) => (
            <li key={r.key}>
              <span className="remove-list__name">{nameOf(r)}</span> <span className="muted">{formatBytes(r.image.size)}</span>
            </li>
          ))}
        </ul>
      )}
      {plan.deletes.length > 0 && (
        <p>
          {deletedImages.size === 1 ? 'The image is' : `${deletedImages.size} images are`} deleted from this engine, giving back up to {formatBytes(freedAtMost)} (layers other
          images share stay). Pulling or building {deletedImages.size === 1 ? 'it' : 'them'} again brings {deletedImages.size === 1 ? 'it' : 'them'} back.
        </p>
      )}
      {plan.untags.map(({ row, stillNamed }) => (
        <p key={row.key}>
          <strong>{row.tag}</strong> only loses this name: the image stays as {stillNamed.join(', ')}.
        </p>
      ))}
      {plan.inUse.length > 0 && (
        <p className="remove-warning">
          Used by {plural(users.length, 'container')}: {users.map((c) => `${c.name} (${c.state})`).join(', ')}. Removing {plan.inUse.length === 1 ? 'it' : 'them'} anyway
          needs a second confirmation.
        </p>
      )}
    </ConfirmDialog>
  );
}
