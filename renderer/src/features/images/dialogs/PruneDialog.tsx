/** Shows exactly which images a prune removes and the space it returns, then removes those as a task. */
import { useState } from 'react';
import type { PrunePlan } from '../../../../../engine/contract/images-types';
import { RelativeTime } from '../../../components/RelativeTime';
import { Spinner } from '../../../components/Spinner';
import { messageOf } from '../../../components/toasts/store';
import { usePrunePlan } from '../api';
import { FormDialog } from '../../../components/FormDialog';
import { formatBytes, plural, shortId } from '../../../components/format';
import { startPrune } from '../tasks/prune';
import { useImagesUi } from '../store';

const scopes: { scope: PrunePlan['scope']; label: string; hint: string }[] = [
  { scope: 'dangling', label: 'Dangling images', hint: 'Images without a name, usually left behind when a newer build or pull took the name.' },
  { scope: 'unused', label: 'All unused images', hint: 'Every image no container uses, named or not. They can be pulled or built again.' },
];

export function PruneDialog() {
  const close = useImagesUi((s) => s.close);
  const [scope, setScope] = useState<PrunePlan['scope']>('dangling');
  const plan = usePrunePlan(scope);
  const images = plan.data?.images ?? [];

  return (
    <FormDialog
      title="Prune images"
      submitLabel={plan.data ? (images.length ? `Remove ${plural(images.length, 'image')}` : 'Nothing to remove') : 'Remove'}
      danger
      wide
      testId="prune-dialog"
      blocked={!plan.data || images.length === 0 || plan.isFetching}
      onCancel={close}
      onSubmit={() => {
        close();
        startPrune(images.map((i) => i.id));
      }}
    >
      <fieldset className="choice-group">
        <legend className="field__label">Remove</legend>
        {scopes.map((s) => (
          <label key={s.scope} className="choice">
            <input type="radio" name="prune-scope" checked={scope === s.scope} onChange={() => setScope(s.scope)} />
            <span>
              {s.label}
              <span className="choice__hint">{s.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {plan.isPending || (plan.isFetching && !plan.data) ? (
        <p className="muted">
          <Spinner /> Working out what would go…
        </p>
      ) : plan.isError ? (
        <p className="field__problem">{messageOf(plan.error)}</p>
      ) : images.length === 0 ? (
        <p className="muted" data-testid="prune-nothing">
          There are no {scope === 'dangling' ? 'dangling' : 'unused'} images: nothing to remove.
        </p>
      ) : (
        <>
          <p data-testid="prune-summary">
            {images.length === 1 ? 'This image goes' : `These ${images.length} images go`}, and <strong>{formatBytes(plan.data!.reclaimBytes)}</strong> of disk comes
            back (layers that other images still use stay).
          </p>
          <ul className="prune-list" aria-label="Images to remove">
            {images.map((i) => (
              <li key={i.id}>
                <span className="prune-list__name">{i.tags.length ? i.tags.join(', ') : <span className="mono">{shortId(i.id)}</span>}</span>
                <span className="muted">
                  <RelativeTime epochSeconds={i.created} />
                </span>
                <span className="prune-list__size">{formatBytes(i.size)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </FormDialog>
  );
}
