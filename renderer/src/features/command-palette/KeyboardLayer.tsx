/** The keyboard layer of the window: the global shortcuts, the command palette and the shortcut help. */
import { Suspense, lazy } from 'react';
import { useCommands } from '../../app/commands';
import { useKeyboardUi } from './store';
import { useGlobalShortcuts } from './useGlobalShortcuts';

// The shortcuts work from the start; the palette and the help load the first time they open.
const CommandPalette = lazy(() => import('./CommandPalette').then((m) => ({ default: m.CommandPalette })));
const ShortcutHelp = lazy(() => import('./ShortcutHelp').then((m) => ({ default: m.ShortcutHelp })));

export function KeyboardLayer() {
  const palette = useKeyboardUi((s) => s.palette);
  const help = useKeyboardUi((s) => s.help);
  useGlobalShortcuts(useCommands(''));
  return (
    <Suspense fallback={null}>
      {palette && <CommandPalette />}
      {help && <ShortcutHelp />}
    </Suspense>
  );
}
