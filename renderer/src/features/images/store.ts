/**
 * What the user is doing with images: searching, sorting, selecting, and which dialog is open. Other
 * features open the dialogs through these functions:
 *
 *   import { openPullDialog } from '../images/store';
 *   openPullDialog('nginx:1.27');   // the Pull dialog, with the name filled in
 */
import { create } from 'zustand';
import type { ImageRowModel, ImageSort } from './list';

export type ImageDialog =
  | { kind: 'pull'; reference: string }
  | { kind: 'tag'; image: string; name: string }
  | { kind: 'push'; tag: string }
  | { kind: 'remove'; rows: ImageRowModel[] }
  | { kind: 'prune' };

interface ImagesUi {
  search: string;
  sort: ImageSort;
  /** Selected rows by key (a tag, or the id of an untagged image). */
  selected: Record<string, true>;
  untaggedOpen: boolean;
  dialog: ImageDialog | null;
  /** The build shown on the Build page: the last one started there. */
  buildTaskId: string | null;

  setSearch(search: string): void;
  sortBy(by: ImageSort['by']): void;
  setSelected(keys: string[], selected: boolean): void;
  clearSelection(): void;
  toggleUntagged(): void;
  open(dialog: ImageDialog): void;
  close(): void;
  setBuildTask(id: string): void;
}

export const useImagesUi = create<ImagesUi>()((set) => ({
  search: '',
  sort: { by: 'created', descending: true },
  selected: {},
  untaggedOpen: true,
  dialog: null,
  buildTaskId: null,

  setSearch: (search) => set({ search }),
  sortBy: (by) =>
    set((s) => ({ sort: s.sort.by === by ? { by, descending: !s.sort.descending } : { by, descending: by !== 'name' } })),
  setSelected: (keys, selected) =>
    set((s) => {
      const next = { ...s.selected };
      for (const key of keys) {
        if (selected) next[key] = true;
        else delete next[key];
      }
      return { selected: next };
    }),
  clearSelection: () => set({ selected: {} }),
  toggleUntagged: () => set((s) => ({ untaggedOpen: !s.untaggedOpen })),
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
  setBuildTask: (buildTaskId) => set({ buildTaskId }),
}));

export function openPullDialog(reference = ''): void {
  useImagesUi.getState().open({ kind: 'pull', reference });
}
