/**
 * The keys that work anywhere in the window: Ctrl/Cmd+K, ?, Ctrl/Cmd+, and G then a letter; / to search;
 * arrow keys between the items of a list and the item shortcuts on the focused one. Keys typed into a
 * field, and keys an open dialog or a focused control already handled, are left alone.
 */
import { useEffect, useRef } from 'react';
import { isItemCommand, isItemKind } from '../../app/command-ids';
import type { Command } from '../../app/commands';
import { pages } from '../../app/pages';
import { navigate } from '../../app/router';
import { itemShortcuts, pageLetters } from '../../app/shortcuts';
import { focusMainAfterNavigation } from './focus';
import { hasMod, isMac, ownsKeys, typingInto } from './keys';
import { useKeyboardUi } from './store';

/** How long G waits for its letter. */
const SEQUENCE_MS = 1500;

const ITEM = '[data-item-kind][data-item-id]';

function moveBetweenItems(from: Element | null, step: 1 | -1): boolean {
  const main = document.querySelector('main');
  if (!main) return false;
  const items = [...main.querySelectorAll<HTMLElement>(ITEM)];
  if (!items.length) return false;
  const current = from?.closest<HTMLElement>(ITEM);
  const at = current ? items.indexOf(current) : -1;
  const next = at < 0 ? (step > 0 ? items[0] : items[items.length - 1]) : items[Math.min(Math.max(at + step, 0), items.length - 1)];
  next?.focus();
  next?.scrollIntoView({ block: 'nearest' });
  return true;
}

function runItemShortcut(e: KeyboardEvent, commands: Command[]): boolean {
  const item = (e.target as Element | null)?.closest<HTMLElement>(ITEM);
  if (!item) return false;
  if (e.key === ' ' && e.target === item) {
    // Space selects the row, as it would if its checkbox had focus.
    item.querySelector<HTMLInputElement>('input[type="checkbox"]')?.click();
    return true;
  }
  const key = e.key === 'Backspace' ? 'Delete' : e.key.length === 1 ? e.key.toLowerCase() : e.key;
  const shortcut = itemShortcuts.find((s) => s.key === key);
  // Enter on a button or a checkbox inside the row belongs to that control.
  if (!shortcut || (key === 'Enter' && e.target !== item)) return false;
  const { itemKind, itemId } = item.dataset;
  if (!isItemKind(itemKind) || itemId === undefined) return false;
  for (const verb of shortcut.verbs) {
    const command = commands.find((c) => isItemCommand(c.id, itemKind, verb, itemId));
    if (command) {
      const before = location.hash;
      command.run();
      focusMainAfterNavigation(before);
      return true;
    }
  }
  return false;
}

export function useGlobalShortcuts(commands: Command[]): void {
  // The latest commands, read when a key arrives, so the listener is installed once.
  const latest = useRef(commands);
  latest.current = commands;

  useEffect(() => {
    const letters = new Map([...pageLetters(pages)].map(([id, letter]) => [letter, id]));
    let waitingForLetter: ReturnType<typeof setTimeout> | undefined;

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const ui = useKeyboardUi.getState();
      const key = e.key.toLowerCase();
      if (hasMod(e) && !e.altKey && !e.shiftKey && key === 'k' && !(ownsKeys(e.target) && !isMac)) {
        e.preventDefault();
        if (ui.palette) ui.close();
        else if (!document.querySelector('dialog[open]')) ui.openPalette();
        return;
      }
      // Another dialog is open (the palette, the help, a question): its keys are its own.
      if (ui.palette || ui.help || document.querySelector('dialog[open]')) return;
      if (hasMod(e) && !e.altKey && key === ',') {
        e.preventDefault();
        navigate('preferences');
        focusMainAfterNavigation('');
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || typingInto(e.target)) return;

      if (waitingForLetter !== undefined) {
        clearTimeout(waitingForLetter);
        waitingForLetter = undefined;
        const page = letters.get(key);
        if (page) {
          e.preventDefault();
          const before = location.hash;
          navigate(page);
          focusMainAfterNavigation(before);
          return;
        }
      }
      if (e.key === '?') {
        e.preventDefault();
        ui.openHelp();
      } else if (key === 'g' && !e.shiftKey) {
        waitingForLetter = setTimeout(() => (waitingForLetter = undefined), SEQUENCE_MS);
      } else if (e.key === '/') {
        const search = document.querySelector<HTMLInputElement>('main input[type="search"]');
        if (search) {
          e.preventDefault();
          search.focus();
          search.select();
        }
      } else if (e.key === 'ArrowDown' || key === 'j' || e.key === 'ArrowUp' || key === 'k') {
        // From the page (or from nowhere) into its list and along it; the sidebar keeps its own arrow keys.
        const target = e.target as Element;
        const onPage = target === document.body || target.closest('main') !== null;
        if (onPage && moveBetweenItems(target, e.key === 'ArrowDown' || key === 'j' ? 1 : -1)) e.preventDefault();
      } else if (runItemShortcut(e, latest.current)) {
        e.preventDefault();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      clearTimeout(waitingForLetter);
    };
  }, []);
}


