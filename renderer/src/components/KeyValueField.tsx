/** A field for labels or options: one key=value per line, said back as a problem when a line is not one. */
import { useId } from 'react';
import './key-values.css';

export function KeyValueField({ label, value, onChange, hint, problem, placeholder, rows = 2 }: { label: string; value: string; onChange(value: string): void; hint: string; problem?: string; placeholder?: string; rows?: number }) {
  const id = useId();
  const noteId = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <textarea
        id={id}
        className="text-input field__input key-values mono"
        rows={rows}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={noteId}
        onChange={(e) => onChange(e.target.value)}
        // Enter adds a line here; the dialog is sent with its button (or Ctrl+Enter).
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
      />
      <div id={noteId} className={problem ? 'field__problem' : 'field__hint'}>
        {problem ?? hint}
      </div>
    </div>
  );
}

/** "key=value" per line → a record; lines without "=" are reported. */
export function parseKeyValues(text: string): { values: Record<string, string>; problem?: string } {
  const values: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { values, problem: `Line ${i + 1} (“${line}”) needs the form key=value.` };
    values[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { values };
}

/** A record → "key=value" per line (or joined by `separator`): what parseKeyValues reads back. */
export function formatKeyValues(values: Record<string, string>, separator = '\n'): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(separator);
}
