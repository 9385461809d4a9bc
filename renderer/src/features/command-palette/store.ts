/** Which keyboard overlay is open: the command palette or the shortcut help (never both). */
import { create } from 'zustand';

interface KeyboardUi {
  palette: boolean;
  help: boolean;
  openPalette(): void;
  openHelp(): void;
  close(): void;
}

export const useKeyboardUi = create<KeyboardUi>()((set) => ({
  palette: false,
  help: false,
  openPalette: () => set({ palette: true, help: false }),
  openHelp: () => set({ help: true, palette: false }),
  close: () => set({ palette: false, help: false }),
}));
