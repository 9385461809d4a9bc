/** How the user likes logs shown, kept while the app runs so every log view (and tab switch) agrees. */
import { create } from 'zustand';

interface LogPreferences {
  timestamps: boolean;
  wrap: boolean;
  setTimestamps(on: boolean): void;
  setWrap(on: boolean): void;
}

export const useLogPreferences = create<LogPreferences>()((set) => ({
  timestamps: false,
  wrap: false,
  setTimestamps: (timestamps) => set({ timestamps }),
  setWrap: (wrap) => set({ wrap }),
}));
