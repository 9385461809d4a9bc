/** The palette's way in for the pointer, which also teaches its key: "Search… Ctrl K". */
import { SearchIcon } from '../../components/icons';
import { Keys } from './Keys';
import { MOD } from './keys';
import { useKeyboardUi } from './store';
import './palette-button.css';

export function PaletteButton() {
  const openPalette = useKeyboardUi((s) => s.openPalette);
  return (
    <button type="button" className="palette-button" onClick={openPalette} aria-keyshortcuts={MOD === '⌘' ? 'Meta+K' : 'Control+K'} data-testid="open-command-palette">
      <SearchIcon />
      <span className="palette-button__text">Search…</span>
      <Keys keys={[MOD, 'K']} chord />
    </button>
  );
}
