/** Creating a volume: a name, and for other drivers or special mounts a driver with its options. */
import { useState } from 'react';
import { Field, FormDialog } from '../../components/FormDialog';
import { useCreateVolume, useVolumes } from './api';
import { KeyValueField, parseKeyValues } from '../../components/KeyValueField';
import { volumeNameProblem } from './list';
import { useVolumesUi } from './store';

export function CreateVolumeDialog() {
  const close = useVolumesUi((s) => s.close);
  const taken = (useVolumes().data ?? []).map((v) => v.name);
  const create = useCreateVolume();
  const [name, setName] = useState('');
  const [driver, setDriver] = useState('local');
  const [options, setOptions] = useState('');
  const [labels, setLabels] = useState('');
  const [tried, setTried] = useState(false);

  const nameProblem = volumeNameProblem(name, taken);
  const parsedOptions = parseKeyValues(options);
  const parsedLabels = parseKeyValues(labels);
  const blocked = Boolean(nameProblem || parsedOptions.problem || parsedLabels.problem || !driver.trim());

  const submit = () => {
    setTried(true);
    if (blocked) return;
    create.mutate(
      { name: name.trim(), driver: driver.trim(), driverOptions: parsedOptions.values, labels: parsedLabels.values },
      { onSuccess: close },
    );
  };

  return (
    <FormDialog title="Create a volume" submitLabel="Create" busy={create.isPending} testId="create-volume-dialog" onSubmit={submit} error={create.error} onCancel={close}>
      <Field label="Name" value={name} onChange={setName} placeholder="db-data" mono problem={(tried || name) && nameProblem ? nameProblem : undefined} hint="Containers mount it by this name, e.g. -v db-data:/var/lib/postgresql/data" />
      <Field label="Driver" value={driver} onChange={setDriver} mono hint="local keeps the data on the engine’s disk; a plugin driver (e.g. for NFS or cloud storage) must be installed on the engine." />
      <KeyValueField
        label="Driver options"
        value={options}
        onChange={setOptions}
        placeholder={'type=nfs\no=addr=10.0.0.5,rw\ndevice=:/exports/data'}
        hint="Optional, one key=value per line. With local: type, o and device mount something else (tmpfs, NFS) as the volume."
        problem={parsedOptions.problem}
        rows={3}
      />
      <KeyValueField label="Labels" value={labels} onChange={setLabels} placeholder="team=data" hint="Optional, one key=value per line." problem={parsedLabels.problem} />
    </FormDialog>
  );
}
