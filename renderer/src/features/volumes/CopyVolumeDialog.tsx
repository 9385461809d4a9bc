/** Copying a volume into a new one, as a task. */
import { useState } from 'react';
import { Field, FormDialog } from '../../components/FormDialog';
import { useVolumes, useVolumeUsers } from './api';
import { displayName, isUp, volumeNameProblem } from './list';
import { useVolumesUi } from './store';
import { copyToNewVolume } from './transfers';

export function CopyVolumeDialog({ source }: { source: string }) {
  const close = useVolumesUi((s) => s.close);
  const taken = (useVolumes().data ?? []).map((v) => v.name);
  const running = ((useVolumeUsers().data ?? {})[source] ?? []).filter((u) => isUp(u.state));
  const short = displayName({ name: source, anonymous: /^[0-9a-f]{64}$/.test(source) });
  const [name, setName] = useState(`${short}-copy`);
  const problem = volumeNameProblem(name, taken);

  const submit = () => {
    if (problem) return;
    copyToNewVolume(source, name.trim());
    close();
  };

  return (
    <FormDialog title={`Copy ${short} to a new volume`} submitLabel="Copy" blocked={Boolean(problem)} testId="copy-volume-dialog" onSubmit={submit} onCancel={close}>
      <Field label="Name of the copy" value={name} onChange={setName} mono problem={problem} hint="A new local volume with every file, owner and permission of the original." />
      {running.length > 0 && (
        <p className="notice notice--warning">
          {running.map((u) => u.name).join(', ')} {running.length === 1 ? 'is' : 'are'} running and may be writing to {short}: stop {running.length === 1 ? 'it' : 'them'} first for a consistent copy (a database, say).
        </p>
      )}
    </FormDialog>
  );
}
