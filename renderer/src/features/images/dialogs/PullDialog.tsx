/** Asks which image to pull, checks the name as it is typed, and starts the pull as a task. */
import { useState } from 'react';
import { familiarName, parseImageReference, withDefaultTag } from '../../../../../engine/contract/image-reference';
import { FormDialog, Field } from '../../../components/FormDialog';
import { startPull } from '../tasks/transfer';
import { useImagesUi } from '../store';

export function PullDialog({ initial }: { initial: string }) {
  const close = useImagesUi((s) => s.close);
  const [reference, setReference] = useState(initial);
  const [tried, setTried] = useState(false);
  const parsed = parseImageReference(reference);
  const problem = parsed.ok ? undefined : parsed.problem;
  const target = parsed.ok ? familiarName(withDefaultTag(parsed.reference)) : undefined;

  return (
    <FormDialog
      title="Pull an image"
      submitLabel="Pull"
      testId="pull-dialog"
      blocked={!parsed.ok}
      onCancel={close}
      onSubmit={() => {
        setTried(true);
        if (!target) return;
        close();
        startPull(target);
      }}
    >
      <Field
        label="Image"
        value={reference}
        onChange={setReference}
        mono
        placeholder="nginx:1.27, ghcr.io/owner/app, localhost:5000/app:dev"
        problem={reference.trim() || tried ? problem : undefined}
        hint={target ? `Pulls ${target}${parsed.ok && !parsed.reference.tag && !parsed.reference.digest ? ' (latest, as no tag is given)' : ''}.` : 'A name, with a tag (name:tag) or digest (name@sha256:…); a registry address first when it is not Docker Hub.'}
      />
    </FormDialog>
  );
}
