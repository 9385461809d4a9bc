/**
 * What the user is doing on the Volumes page: searching, and which dialog is open. Other features can open
 * the dialogs too:
 *
 *   import { useVolumesUi } from '../volumes/store';
 *   useVolumesUi.getState().open({ kind: 'copy', source: 'db-data' });
 */
import { create } from 'zustand';

export type VolumeDialog =
  | { kind: 'create' }
  | { kind: 'remove'; names: string[] }
  | { kind: 'restore'; into?: string }
  | { kind: 'copy'; source: string }
  | { kind: 'prune' };

interface VolumesUi {
  search: string;
  dialog: VolumeDialog | null;
  setSearch(search: string): void;
  open(dialog: VolumeDialog): void;
  close(): void;
}

export const useVolumesUi = create<VolumesUi>()((set) => ({
  search: '',
  dialog: null,
  setSearch: (search) => set({ search }),
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
}));
