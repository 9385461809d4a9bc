/**
 * Opening a project: a compose file or its folder, with env files and profiles. On the desktop the native
 * dialog picks them; in the browser they are paths on the machine Berth runs on.
 */
import { useState } from 'react';
import { client } from '../../app/contract-client';
import { navigate } from '../../app/router';
import { Field, FormDialog } from '../../components/FormDialog';
import { FileIcon, FolderIcon } from '../../components/icons';
import { messageOf } from '../../components/toasts/store';
import { useAppInfo } from '../app-info/api';
import { useOpenProject } from './api';

const list = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

export function OpenProjectDialog({ onClose }: { onClose(): void }) {
  const desktop = useAppInfo().data?.mode === 'desktop';
  const open = useOpenProject();
  const [target, setTarget] = useState('');
  const [envFiles, setEnvFiles] = useState('');
  const [profiles, setProfiles] = useState('');

  const pick = async (kind: 'open' | 'folder') => {
    const { path } = await client.call('files.choose', {
      kind,
      title: kind === 'folder' ? 'Choose the project’s folder' : 'Choose a compose file',
      filters: kind === 'open' ? [{ name: 'Compose files', extensions: ['yaml', 'yml'] }] : undefined,
    });
    if (path) setTarget(path);
  };

  const submit = () =>
    open.mutate(
      { path: target.trim(), envFiles: list(envFiles), profiles: list(profiles) },
      {
        onSuccess: ({ name }) => {
          onClose();
          navigate('composeProject', { name });
        },
      },
    );

  return (
    <FormDialog title="Open a Compose project" submitLabel="Open" blocked={!target.trim()} busy={open.isPending} wide testId="open-project-dialog" onSubmit={submit} onCancel={onClose}>
      <Field
        label="Compose file or folder"
        value={target}
        onChange={setTarget}
        mono
        placeholder="/home/me/shop/compose.yaml"
        hint={desktop ? 'Choose it below, or type its path.' : 'A path on the machine Berth runs on: a compose file, or a folder holding compose.yaml or docker-compose.yml.'}
      />
      {desktop && (
        <div className="compose-open__pickers">
          <button type="button" className="button" onClick={() => void pick('open')}>
            <FileIcon /> Choose a file…
          </button>
          <button type="button" className="button" onClick={() => void pick('folder')}>
            <FolderIcon /> Choose a folder…
          </button>
        </div>
      )}
      <Field label="Env files (optional)" value={envFiles} onChange={setEnvFiles} mono placeholder=".env.local" hint="Separated by commas; relative to the project’s folder." />
      <Field label="Profiles (optional)" value={profiles} onChange={setProfiles} placeholder="debug, tools" hint="Services in these profiles are part of the project too." />
      {open.isError && (
        <p className="field__problem" role="alert" data-testid="open-project-problem">
          {messageOf(open.error)}
        </p>
      )}
    </FormDialog>
  );
}
