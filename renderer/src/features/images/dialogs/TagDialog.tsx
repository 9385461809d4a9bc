/** Gives an image another name (repository and tag). */
import { useState } from 'react';
import { familiarName, parseImageReference, referenceProblem, withDefaultTag } from '../../../../../engine/contract/image-reference';
import { messageOf } from '../../../components/toasts/store';
import { useTagImage } from '../api';
import { FormDialog, Field } from '../../../components/FormDialog';
import { useImagesUi } from '../store';

export function TagDialog({ image, name }: { image: string; name: string }) {
  const close = useImagesUi((s) => s.close);
  const tag = useTagImage();
  const [value, setValue] = useState(name.includes('sha256:') ? '' : name);
  const problem = referenceProblem(value, { allowDigest: false });
  const parsed = parseImageReference(value);
  const result = !problem && parsed.ok ? familiarName(withDefaultTag(parsed.reference)) : undefined;

  return (
    <FormDialog
      title={`Tag ${name}`}
      submitLabel="Tag"
      testId="tag-dialog"
      blocked={Boolean(problem)}
      busy={tag.isPending}
      onCancel={close}
      onSubmit={() => tag.mutate({ image, tag: value.trim() }, { onSuccess: close })}
    >
      <Field
        label="New name"
        value={value}
        onChange={setValue}
        mono
        placeholder="registry.example.com/team/app:1.0"
        problem={tag.isError ? messageOf(tag.error) : value.trim() ? problem : undefined}
        hint={result ? `The image will also be called ${result}. To push it to a registry, start the name with the registry’s address.` : 'A repository and a tag, such as myapp:1.0 or localhost:5000/myapp:1.0.'}
      />
    </FormDialog>
  );
}
