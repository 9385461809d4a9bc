/**
 * What every modal in Berth does with its `<dialog>`: it opens as a modal when mounted and closes when
 * unmounted (React state decides, never the browser), focus goes in and comes back to where it was,
 * Escape asks the owner to close, and Tab can keep to the dialog's own controls.
 */
import { useEffect } from 'react';
import type { KeyboardEvent, RefObject, SyntheticEvent } from 'react';

export const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), a[href], [tabindex]:not([tabindex="-1"])';

/**
 * Shows the dialog as a modal while the calling component is mounted. `focus` picks what has focus
 * when it opens (nothing: the browser's choice); focus goes back to the element that had it on close.
 */
export function useModal(dialogRef: RefObject<HTMLDialogElement | null>, focus?: (dialog: HTMLDialogElement) => HTMLElement | null | undefined): void {
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const returnFocusTo = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    if (!dialog.open) dialog.showModal();
    focus?.(dialog)?.focus();
    return () => {
      dialog.close();
      if (returnFocusTo?.isConnected) returnFocusTo.focus();
    };
    // Opened once, on mount: the dialog's life is the component's.
  }, []);
}

/** Escape: the owner's state closes the dialog, so the two never disagree. */
export function onEscape(close: () => void) {
  return (e: SyntheticEvent) => {
    e.preventDefault();
    close();
  };
}

/** Keeps Tab and Shift+Tab among the dialog's own controls (`selector` says which count). */
export function keepTabInside(e: KeyboardEvent<HTMLElement>, dialog: HTMLElement | null, selector = FOCUSABLE): void {
  if (e.key !== 'Tab') return;
  const items = [...(dialog?.querySelectorAll<HTMLElement>(selector) ?? [])];
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
