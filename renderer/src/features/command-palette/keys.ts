/** How keys are named on this computer, and where typing must not be taken for a shortcut. */
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

export const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** Ctrl, or ⌘ on a Mac: the modifier of Ctrl/Cmd+K. */
export const MOD = isMac ? '⌘' : 'Ctrl';

export function hasMod(e: KeyboardEvent | ReactKeyboardEvent): boolean {
  return isMac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
}

/** Whether the key goes into a field the user is typing in (a search box, a terminal), not to a shortcut. */
export function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  return ownsKeys(target);
}

/**
 * Whether the focus is in something that takes every key itself, Ctrl combinations included: a
 * terminal (xterm.js), where Ctrl+K is the shell's "delete to the end of the line", or anything marked
 * data-keys="own".
 */
export function ownsKeys(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('.xterm, [data-keys="own"]') !== null;
}
