/**
 * "Paste a docker run command": the line is read into the form (flags without a field of their own go to
 * Other options), the files it names are read (NamedFiles.tsx), and whatever cannot be kept is listed by
 * name with the reason, so nothing disappears without a word.
 */
import { useState } from 'react';
import { NamedFiles } from './NamedFiles';
import type { NamedFile, RunForm } from './model/form';
import type { AttachedView, LeftOutFlag } from './model/parse-command';
import { attachedNotice, parseRunCommand } from './model/parse-command';

interface PasteCommandProps {
  /** `attached`: the line has no -d, so the container's output is to be shown once it starts. */
  onFill(form: RunForm, attached: AttachedView | undefined): void;
  /** For the files the line names, read after the form is filled. */
  change(recipe: (form: RunForm) => RunForm): void;
  onClose(): void;
}

export function PasteCommand({ onFill, change, onClose }: PasteCommandProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [leftOut, setLeftOut] = useState<{ flags: LeftOutFlag[]; notes: string[]; files: NamedFile[]; attached?: AttachedView } | null>(null);
  const fill = () => {
    const result = parseRunCommand(text);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    onFill(result.form, result.attached);
    setLeftOut({ flags: result.leftOut, notes: result.notes, files: result.files, attached: result.attached });
  };

  if (leftOut) return <PasteOutcome {...leftOut} change={change} onClose={onClose} />;
  return (
    <div className="run-paste" data-testid="paste-command">
      <label htmlFor="run-paste-text" className="run-field__label">
        Paste a <code>docker run</code> command to fill the form
      </label>
      <textarea
        id="run-paste-text"
        className="text-input run-paste__text mono"
        rows={3}
        spellCheck={false}
        autoFocus
        value={text}
        placeholder="docker run -d -p 8080:80 --name web nginx"
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          // Enter fills; Shift+Enter makes a new line for multi-line commands.
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            e.stopPropagation();
            fill();
          }
        }}
        aria-describedby={error ? 'run-paste-error' : undefined}
      />
      {error && (
        <p id="run-paste-error" className="field-problem field-problem--error" role="alert">
          {error}
        </p>
      )}
      <div className="run-paste__actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button--primary" onClick={fill} disabled={!text.trim()}>
          Fill the form
        </button>
      </div>
    </div>
  );
}

interface PasteOutcomeProps {
  flags: LeftOutFlag[];
  notes: string[];
  files: NamedFile[];
  attached?: AttachedView;
  change(recipe: (form: RunForm) => RunForm): void;
  onClose(): void;
}

function PasteOutcome({ flags, notes, files, attached, change, onClose }: PasteOutcomeProps) {
  return (
    <div className="run-paste run-paste--done" role="status" data-testid="paste-outcome">
      <p>
        <strong>The form is filled from the command.</strong>{' '}
        {flags.length ? `${flags.length === 1 ? 'One flag was' : `${flags.length} flags were`} left out:` : 'Everything in it was taken.'}
      </p>
      {flags.length > 0 && (
        <ul className="run-paste__left-out" data-testid="left-out-flags">
          {flags.map((f, i) => (
            <li key={i}>
              <code>
                {f.flag}
                {f.value !== undefined ? ` ${f.value}` : ''}
              </code>{' '}
              {f.reason}
            </li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <>
          <p>The command reads {files.length === 1 ? 'a file' : `${files.length} files`}:</p>
          <NamedFiles files={files} change={change} />
        </>
      )}
      {attached && <p data-testid="paste-attached">{attachedNotice(attached)}</p>}
      {notes.map((n) => (
        <p key={n} className="muted">
          {n}
        </p>
      ))}
      <div className="run-paste__actions">
        <button type="button" className="button" onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
}
