/**
 * The theme on screen: <html data-theme="light|dark"> when the user chose one, nothing for "system"
 * (base.css then follows the system through `color-scheme`). The last choice is remembered in this
 * window's storage and applied when this module loads, before the first render, so a window never
 * opens in the other theme and then flips.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { Theme } from '../../../../engine/contract/preferences-types';
import { usePreferences } from './api';

const REMEMBERED = 'berth.theme';
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  try {
    localStorage.setItem(REMEMBERED, theme);
  } catch {
    // Storage may be unavailable (a private window); the preference still arrives from the backend.
  }
  listeners.forEach((l) => l());
}

function remembered(): Theme | undefined {
  try {
    const value = localStorage.getItem(REMEMBERED);
    return value === 'light' || value === 'dark' || value === 'system' ? value : undefined;
  } catch {
    return undefined;
  }
}

const listeners = new Set<() => void>();
darkQuery.addEventListener('change', () => listeners.forEach((l) => l()));

const initial = remembered();
if (initial) applyTheme(initial);

/** Applies the theme preference whenever it changes (here or in another window). */
export function useAppliedTheme(): void {
  const theme = usePreferences().data?.theme;
  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);
}

/** Whether the screen is light or dark right now, whatever decided it (see useResolvedTheme). */
export function resolvedTheme(): 'light' | 'dark' {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return darkQuery.matches ? 'dark' : 'light';
}

/**
 * Calls `listener` whenever the screen turns light or dark, by the user's choice or the system's. For
 * code that draws colours itself (a terminal, a chart): re-read the colours then. Returns an unsubscribe.
 */
export function onThemeChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** resolvedTheme() as a hook: the component renders again when it changes. */
export function useResolvedTheme(): 'light' | 'dark' {
  return useSyncExternalStore(onThemeChange, resolvedTheme);
}
