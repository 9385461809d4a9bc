/** A modal that reports an outcome: one Close button, which Enter and Escape also answer. */
import { useId, useRef } from 'react';
import type { ReactNode } from 'react';
import { onEscape, useModal } from '../../components/modal';

export function ResultDialog({ title, children, testId, onClose }: { title: string; children: ReactNode; testId?: string; onClose(): void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();

  useModal(dialogRef, () => closeRef.current);

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog form-dialog--wide"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={onEscape(onClose)}
      // The only button is Close, so Tab has nowhere else to go.
      onKeyDown={(e) => {
        if (e.key === 'Tab') {
          e.preventDefault();
          closeRef.current?.focus();
        }
      }}
    >
      <h2 id={titleId} className="confirm-dialog__title">
        {title}
      </h2>
      <div className="confirm-dialog__body">{children}</div>
      <div className="confirm-dialog__actions">
        <button type="button" ref={closeRef} className="button button--primary" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
