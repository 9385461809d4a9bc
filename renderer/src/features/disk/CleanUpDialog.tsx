/**
 * A clean-up, asked first: lists exactly what the engine's prunes will remove and the space that comes
 * back, then runs them and reports what actually went. Used for one kind (the Volumes page's "Remove
 * unused") and for several at once (Disk usage's "Clean up everything").
 */
import { useState } from 'react';
import type { CleanUpKind, CleanUpResult, ImageCleanUp } from '../../../../engine/contract/disk-types';
import { Spinner } from '../../components/Spinner';
import { messageOf, showToast } from '../../components/toasts/store';
import { formatBytes, plural } from '../../components/format';
import { FormDialog } from '../../components/FormDialog';
import { useCleanUpPreview, useRunCleanUp } from './api';
import { CleanUpItems } from './CleanUpItems';
import { CleanUpReport, previewKeys } from './CleanUpReport';
import { ResultDialog } from './ResultDialog';
import { kindWords } from './words';
import '../images/images.css';
import './disk.css';

const ALL: CleanUpKind[] = ['containers', 'networks', 'images', 'build-cache', 'volumes'];

const imageScopes: { scope: ImageCleanUp; label: string; hint: string }[] = [
  { scope: 'dangling', label: 'Dangling images only', hint: 'Images without a name, usually left behind when a newer build or pull took it.' },
  { scope: 'unused', label: 'Every image no container uses', hint: 'Named ones too. They can be pulled or built again, but that takes time.' },
];

interface CleanUpDialogProps {
  title: string;
  kinds: CleanUpKind[];
  /** Let the user choose which kinds (the "everything" clean-up); volumes start unticked, their data is lost. */
  chooseKinds?: boolean;
  onClose(): void;
}

export function CleanUpDialog({ title, kinds: initialKinds, chooseKinds, onClose }: CleanUpDialogProps) {
  const [kinds, setKinds] = useState<CleanUpKind[]>(initialKinds);
  const [images, setImages] = useState<ImageCleanUp>('dangling');
  const [result, setResult] = useState<{ result: CleanUpResult; expected: string[] } | null>(null);
  const preview = useCleanUpPreview(kinds, images);
  const run = useRunCleanUp();
  const items = preview.data?.items ?? [];

  if (result) {
    return (
      <ResultDialog title="Clean-up done" testId="cleanup-result" onClose={onClose}>
        <CleanUpReport result={result.result} expected={result.expected} />
      </ResultDialog>
    );
  }

  const toggle = (kind: CleanUpKind, on: boolean) => setKinds((k) => (on ? ALL.filter((x) => x === kind || k.includes(x)) : k.filter((x) => x !== kind)));
  const submit = () => {
    const p = preview.data;
    if (!p || !items.length) return;
    run.mutate(
      { kinds: p.kinds, images: p.images, until: p.until },
      {
        onSuccess: (r) => setResult({ result: r, expected: previewKeys(p.items) }),
        onError: (e) => showToast({ tone: 'error', title: 'The clean-up failed', message: messageOf(e) }),
      },
    );
  };
  const loading = preview.isPending || (preview.isFetching && !preview.data);

  return (
    <FormDialog
      title={title}
      submitLabel={run.isPending ? 'Removing…' : preview.data ? (items.length ? `Remove ${plural(items.length, 'item')}` : 'Nothing to remove') : 'Remove'}
      danger
      wide
      testId="cleanup-dialog"
      busy={run.isPending}
      blocked={!preview.data || !items.length || preview.isFetching || kinds.length === 0}
      onSubmit={submit}
      onCancel={onClose}
    >
      {chooseKinds && (
        <fieldset className="choice-group choice-group--row">
          <legend className="field__label">Remove</legend>
          {ALL.map((kind) => (
            <label key={kind} className="choice">
              <input type="checkbox" checked={kinds.includes(kind)} onChange={(e) => toggle(kind, e.target.checked)} />
              <span>{kindWords[kind].title}</span>
            </label>
          ))}
        </fieldset>
      )}
      {kinds.includes('images') && (
        <fieldset className="choice-group">
          <legend className="field__label">Which images</legend>
          {imageScopes.map((s) => (
            <label key={s.scope} className="choice">
              <input type="radio" name="cleanup-images" checked={images === s.scope} onChange={() => setImages(s.scope)} />
              <span>
                {s.label}
                <span className="choice__hint">{s.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {kinds.length === 0 ? (
        <p className="muted">Choose at least one kind of thing to remove.</p>
      ) : loading ? (
        <p className="muted" role="status">
          <Spinner /> Working out exactly what would go…
        </p>
      ) : preview.isError ? (
        <p className="field__problem" role="alert">
          {messageOf(preview.error)}
        </p>
      ) : !items.length ? (
        <p className="muted" data-testid="cleanup-nothing">
          Nothing to remove: everything of {kinds.length === 1 ? 'this kind' : 'these kinds'} is in use.
        </p>
      ) : (
        <>
          <p data-testid="cleanup-summary">
            {plural(items.length, 'item')} will be removed, returning {preview.data!.bytes > 0 ? <strong>at least {formatBytes(preview.data!.bytes)}</strong> : 'little or no space'}
            {kinds.includes('images') ? ' (layers that kept images share stay)' : ''}.
          </p>
          <CleanUpItems items={items} />
          {preview.data!.notes.map((note) => (
            <p key={note} className="notice notice--warning">
              {note}
            </p>
          ))}
          {kinds.includes('volumes') && <p className="notice notice--warning">The files in these volumes are deleted for good. Back up any you may need first.</p>}
        </>
      )}
    </FormDialog>
  );
}
