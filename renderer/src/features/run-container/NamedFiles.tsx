/**
 * The files a pasted command names (`--env-file`, `--label-file`), read where that command would have
 * read them. In the desktop app that is this machine, so a full path is read at once. In browser mode the
 * command was written for the user's own computer, not the Berth host: the page asks for the file (read
 * in the browser, never uploaded), and offers to read a full path on the Berth host instead. A path
 * relative to a shell's folder is always asked for, since Berth cannot know which folder that was.
 */
import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../../components/toasts/store';
import { useAppInfo } from '../app-info/api';
import { readRunFile } from './api';
import type { NamedFile, RunForm } from './model/form';
import { parseEnvFile, withFileRows } from './model/form';

interface FileState {
  file: NamedFile;
  state: 'reading' | 'loaded' | 'failed' | 'asking';
  message?: string;
}

const isFullPath = (path: string) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);

export function NamedFiles({ files, change }: { files: NamedFile[]; change(recipe: (form: RunForm) => RunForm): void }) {
  const mode = useAppInfo().data?.mode;
  const [states, setStates] = useState<FileState[]>(() => files.map((file) => ({ file, state: 'asking' })));
  // Rows from files go before the -e/-l rows of the line, in file order, as the docker CLI reads them.
  const added = useRef({ 'env-file': 0, 'label-file': 0 });
  const update = (i: number, next: Partial<FileState>) => setStates((s) => s.map((x, j) => (j === i ? { ...x, ...next } : x)));

  const apply = (i: number, file: NamedFile, text: string, from: string) => {
    // Worked out here, not in the state updater, which React may run later or twice.
    const { rows, withoutValue } = parseEnvFile(text);
    const offset = added.current[file.flag];
    added.current[file.flag] += rows.length;
    change((form) => withFileRows(form, file, text, offset).form);
    const noun = file.flag === 'env-file' ? 'variable' : 'label';
    const many = withoutValue.length !== 1;
    const without =
      withoutValue.length && file.flag === 'env-file'
        ? ` ${withoutValue.join(', ')} ${many ? 'have' : 'has'} no value in the file (the CLI would take ${many ? 'them' : 'it'} from your shell) and ${many ? 'were' : 'was'} left out: add ${many ? 'them' : 'it'} in Environment.`
        : '';
    update(i, { state: 'loaded', message: `Loaded ${rows.length} ${noun}${rows.length === 1 ? '' : 's'} ${from}.${without}` });
  };

  const readOnHost = async (i: number, file: NamedFile) => {
    update(i, { state: 'reading', message: undefined });
    try {
      const { text } = await readRunFile(file.path);
      apply(i, file, text, mode === 'browser' ? 'from the Berth host' : 'from this machine');
    } catch (e) {
      update(i, { state: 'failed', message: messageOf(e) });
    }
  };

  const readAtOnce = useRef(false);
  useEffect(() => {
    // Once, when the mode is known (React may run an effect twice while developing).
    if (mode !== 'desktop' || readAtOnce.current) return;
    readAtOnce.current = true;
    states.forEach((s, i) => {
      if (s.state === 'asking' && isFullPath(s.file.path)) void readOnHost(i, s.file);
    });
  }, [mode]);

  return (
    <ul className="run-paste__files" data-testid="named-files">
      {states.map((s, i) => (
        <li key={i} data-testid="named-file" data-state={s.state}>
          <code>
            --{s.file.flag} {s.file.path}
          </code>{' '}
          {s.state === 'reading' && 'Reading…'}
          {s.state === 'loaded' && s.message}
          {s.state === 'failed' && <span className="field-problem--error">{s.message}</span>}
          {s.state !== 'loaded' && s.state !== 'reading' && (
            <FileActions
              hostPath={isFullPath(s.file.path) && mode === 'browser' ? s.file.path : undefined}
              onChosen={(f) => void f.text().then((text) => apply(i, s.file, text, `from ${f.name}`))}
              onReadOnHost={() => void readOnHost(i, s.file)}
              why={
                mode === 'browser'
                  ? 'This file is on your computer: choose it (it is read here, in the page).'
                  : isFullPath(s.file.path)
                    ? 'Choose the file instead.'
                    : 'This path depends on the folder your shell was in: choose the file.'
              }
            />
          )}
        </li>
      ))}
    </ul>
  );
}

function FileActions({ hostPath, onChosen, onReadOnHost, why }: { hostPath?: string; onChosen(file: File): void; onReadOnHost(): void; why: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <span className="muted">{why}</span>
      <span className="run-paste__file-actions">
        <button type="button" className="button button--quiet" onClick={() => input.current?.click()}>
          Choose the file…
        </button>
        {hostPath && (
          <button type="button" className="button button--quiet" onClick={onReadOnHost}>
            Read it on the Berth host
          </button>
        )}
      </span>
      <input
        ref={input}
        type="file"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="named-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onChosen(file);
        }}
      />
    </>
  );
}
