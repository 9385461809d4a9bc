/** The keyboard layer of the window: the global shortcuts, the command palette and the shortcut help. */
import { useCommands } from '../../app/commands';
import { CommandPalette } from './CommandPalette';
import { ShortcutHelp } from './ShortcutHelp';
import { useKeyboardUi } from './store';
import { useGlobalShortcuts } from './useGlobalShortcuts';

export function KeyboardLayer() {
  const palette = useKeyboardUi((s) => s.palette);
  const help = useKeyboardUi((s) => s.help);
  useGlobalShortcuts(useCommands(''));
  return (
    <>
      {palette && <CommandPalette />}
      {help && <ShortcutHelp />}
    </>
  );
}
