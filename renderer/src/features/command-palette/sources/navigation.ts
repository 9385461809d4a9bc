/** Commands of the app itself: going to each page, the theme, the keyboard help. */
import { useMemo } from 'react';
import type { Theme } from '../../../../../engine/contract/preferences-types';
import { commandId } from '../../../app/command-ids';
import type { Command } from '../../../app/commands';
import { pages } from '../../../app/pages';
import { navigate } from '../../../app/router';
import { pageLetters } from '../../../app/shortcuts';
import { usePreference, useSetPreferences } from '../../preferences/api';
import { useKeyboardUi } from '../store';

/** Words people use for a page that are not in its title. */
const PAGE_KEYWORDS: Record<string, string[]> = {
  preferences: ['settings', 'options', 'theme'],
  engines: ['docker', 'podman', 'context', 'daemon'],
};

export function useNavigationCommands(): Command[] {
  return useMemo(() => {
    const letters = pageLetters(pages);
    return pages.map((page) => {
      const letter = letters.get(page.id);
      return {
        id: commandId({ kind: 'page', page: page.id }),
        title: `Go to ${page.title}`,
        group: 'Go to',
        keywords: PAGE_KEYWORDS[page.id],
        shortcut: letter ? ['G', letter.toUpperCase()] : undefined,
        run: () => navigate(page.id),
      };
    });
  }, []);
}

const THEMES: { theme: Theme; title: string }[] = [
  { theme: 'dark', title: 'Use the dark theme' },
  { theme: 'light', title: 'Use the light theme' },
  { theme: 'system', title: 'Follow the system theme' },
];

export function useAppCommands(): Command[] {
  const current = usePreference('theme');
  const { mutate } = useSetPreferences();
  const openHelp = useKeyboardUi((s) => s.openHelp);
  return useMemo(
    () => [
      ...THEMES.filter((t) => t.theme !== current).map(
        (t): Command => ({ id: commandId({ kind: 'theme', theme: t.theme }), title: t.title, group: 'Preferences', keywords: ['appearance', 'colour', 'color', 'mode'], run: () => mutate({ theme: t.theme }) }),
      ),
      { id: commandId({ kind: 'help', topic: 'shortcuts' }), title: 'Show keyboard shortcuts', group: 'Help', keywords: ['keys', 'hotkeys'], shortcut: ['?'], run: openHelp },
    ],
    [current, mutate, openHelp],
  );
}
