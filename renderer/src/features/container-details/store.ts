/** What the user chose on a details page that should stay while they move between tabs and containers. */
import { create } from 'zustand';

interface DetailsUi {
  /** Secrets in environment values and the configuration show as dots until this is on. */
  showSecrets: boolean;
  setShowSecrets(show: boolean): void;
}

export const useDetailsUi = create<DetailsUi>()((set) => ({
  showSecrets: false,
  setShowSecrets: (showSecrets) => set({ showSecrets }),
}));
