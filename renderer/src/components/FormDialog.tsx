/**
 * A modal form: Enter submits (from any field), Escape cancels, Tab stays inside, and the first field
 * has focus when it opens. Mounted only while open, like ConfirmDialog.
 */
import { useId, useRef } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { messageOf } from './toasts/store';
import { keepTabInside, onEscape, useModal } from './modal';

interface FormDialogProps {
  title: string;
  children: ReactNode;
  submitLabel: string;
  /** Says why the form cannot be sent yet; the button stays disabled while it is set. */
  blocked?: boolean;
  busy?: boolean;
  danger?: boolean;
  wide?: boolean;
  testId?: string;
  /** Why the last try failed (a mutation's error), said under the fields. */
  error?: unknown;
  onSubmit(): void;
  onCancel(): void;
}

export function FormDialog({ title, children, submitLabel, blocked, busy, danger, wide, testId, error, onSubmit, onCancel }: FormDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useModal(dialogRef, (dialog) => dialog.querySelector<HTMLElement>('input:not([type="hidden"]):not(:disabled), select, textarea') ?? dialog.querySelector<HTMLElement>('button[type="submit"]'));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!blocked && !busy) onSubmit();
  };

  return (
    <dialog
      ref={dialogRef}
      className={`confirm-dialog form-dialog${wide ? ' form-dialog--wide' : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onKeyDown={(e) => keepTabInside(e, dialogRef.current)}
      onCancel={onEscape(onCancel)}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={titleId} className="confirm-dialog__title">
          {title}
        </h2>
        <div className="confirm-dialog__body">
          {children}
          {error != null && (
            <p className="form-error" role="alert">
              {messageOf(error)}
            </p>
          )}
        </div>
        <div className="confirm-dialog__actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className={danger ? 'button button--danger' : 'button button--primary'} disabled={blocked || busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** A labelled text field with a hint or a problem under it. */
export function Field({
  label,
  value,
  onChange,
  placeholder,
  hint,
  problem,
  mono,
  type = 'text',
  autoComplete = 'off',
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  hint?: ReactNode;
  problem?: string;
  mono?: boolean;
  type?: 'text' | 'password';
  autoComplete?: string;
}) {
  const id = useId();
  const noteId = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        id={id}
        type={type}
        className={`text-input field__input${mono ? ' mono' : ''}`}
        value={value}
        placeholder={placeholder}
        autoComplete={autoComplete}
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem || hint ? noteId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {problem ? (
        <div id={noteId} className="field__problem">
          {problem}
        </div>
      ) : hint ? (
        <div id={noteId} className="field__hint">
          {hint}
        </div>
      ) : null}
    </div>
  );
}
