/**
 * Restoring a .tar.gz backup into a new volume or an existing empty one, as a task. In the browser the
 * file comes from this computer; in the desktop app from the system's open dialog.
 */
import { useRef, useState } from 'react';
import { UploadIcon } from '../../components/icons';
import { useAppInfo } from '../app-info/api';
import { formatBytes } from '../../components/format';
import { Field, FormDialog } from '../../components/FormDialog';
import { useVolumes, useVolumeSizes } from './api';
import { displayName, volumeNameProblem } from './list';
import { useVolumesUi } from './store';
import { chooseBackupFile, restoreVolume } from './transfers';

type Source = { file: File } | { path: string };

/** "db-data-2024-05-01.tar.gz" → "db-data-2024-05-01", a fair name for the new volume. */
function nameFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).at(-1)!.replace(/\.(tar\.gz|tgz|tar)$/i, '').replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return base.length >= 2 ? base.slice(0, 200) : '';
}

export function RestoreDialog({ into }: { into?: string }) {
  const close = useVolumesUi((s) => s.close);
  const mode = useAppInfo().data?.mode;
  const volumes = useVolumes().data ?? [];
  const sizes = useVolumeSizes().data?.sizes ?? {};
  const [target, setTarget] = useState<'new' | 'existing'>(into ? 'existing' : 'new');
  const [name, setName] = useState('');
  const [existing, setExisting] = useState(into ?? '');
  const [source, setSource] = useState<Source | undefined>();
  const [tried, setTried] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const taken = volumes.map((v) => v.name);
  const nameProblem = target === 'new' ? volumeNameProblem(name, taken) : existing ? undefined : 'Choose the volume to restore into.';
  const sourceLabel = source ? ('file' in source ? `${source.file.name} (${formatBytes(source.file.size)})` : source.path) : undefined;
  const existingSize = target === 'existing' && existing ? sizes[existing] : undefined;

  const pick = async () => {
    if (mode === 'desktop') {
      const path = await chooseBackupFile();
      if (path) choose({ path });
    } else fileInput.current?.click();
  };
  const choose = (s: Source) => {
    setSource(s);
    if (!name) setName(nameFromFile('file' in s ? s.file.name : s.path));
  };

  const submit = () => {
    setTried(true);
    if (nameProblem || !source) return;
    restoreVolume(target === 'new' ? { name: name.trim(), create: {} } : { name: existing }, source);
    close();
  };

  return (
    <FormDialog title="Restore a volume from a backup" submitLabel="Restore" testId="restore-volume-dialog" onSubmit={submit} onCancel={close}>
      <div className="field">
        <span className="field__label">Backup file</span>
        <div className="file-pick">
          <button type="button" className="button" onClick={() => void pick()} aria-describedby="restore-file-note">
            <UploadIcon /> Choose a .tar.gz…
          </button>
          <span className={sourceLabel ? 'file-pick__name mono' : 'file-pick__name muted'} data-testid="restore-file-name">
            {sourceLabel ?? 'No file chosen'}
          </span>
        </div>
        <div id="restore-file-note" className={tried && !source ? 'field__problem' : 'field__hint'}>
          {tried && !source ? 'Choose the backup to restore.' : 'A backup made by Berth, or any tar -czf of a folder’s contents.'}
        </div>
      </div>
      <fieldset className="choice-group">
        <legend className="field__label">Restore into</legend>
        <label className="choice">
          <input type="radio" name="restore-target" checked={target === 'new'} onChange={() => setTarget('new')} />
          <span>
            A new volume
            <span className="choice__hint">The safest choice: nothing that exists is touched.</span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name="restore-target" checked={target === 'existing'} onChange={() => setTarget('existing')} />
          <span>
            An existing empty volume
            <span className="choice__hint">For a volume a container already expects. Berth refuses one that holds files.</span>
          </span>
        </label>
      </fieldset>
      {target === 'new' ? (
        <Field label="Name of the new volume" value={name} onChange={setName} mono placeholder="db-data" problem={tried || name ? nameProblem : undefined} />
      ) : (
        <div className="field">
          <label className="field__label" htmlFor="restore-existing">
            Volume
          </label>
          <select id="restore-existing" className="text-input field__input" value={existing} onChange={(e) => setExisting(e.target.value)} aria-invalid={tried && nameProblem ? true : undefined}>
            <option value="">Choose a volume…</option>
            {volumes.map((v) => (
              <option key={v.name} value={v.name}>
                {displayName(v)}
                {sizes[v.name] ? ` (${formatBytes(sizes[v.name]!)})` : ''}
              </option>
            ))}
          </select>
          {tried && nameProblem ? (
            <div className="field__problem">{nameProblem}</div>
          ) : existingSize ? (
            <div className="field__problem">This volume holds {formatBytes(existingSize)}: Berth will refuse to restore into it. Choose an empty one or a new volume.</div>
          ) : null}
        </div>
      )}
      {/* Last, so the dialog's first field is a real one; the button above opens it. */}
      <input
        ref={fileInput}
        type="file"
        accept=".gz,.tgz,application/gzip"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="restore-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) choose({ file });
        }}
      />
    </FormDialog>
  );
}
