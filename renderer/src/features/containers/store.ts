/** What the user is doing on the Containers page: searching, selecting, folding groups, confirming a removal. */
import { create } from 'zustand';

interface ContainersUi {
  search: string;
  /** Selected container ids; ids that no longer exist are ignored where the selection is read. */
  selected: Record<string, true>;
  /** Compose projects the user folded. */
  collapsed: Record<string, true>;
  /** Ids waiting for the user to confirm their removal. */
  removing: string[] | null;

  setSearch(search: string): void;
  setSelected(ids: string[], selected: boolean): void;
  clearSelection(): void;
  toggleGroup(project: string): void;
  askToRemove(ids: string[]): void;
  closeRemove(): void;
}

export const useContainersUi = create<ContainersUi>()((set) => ({
  search: '',
  selected: {},
  collapsed: {},
  removing: null,

  setSearch: (search) => set({ search }),
  setSelected: (ids, selected) =>
    set((s) => {
      const next = { ...s.selected };
      for (const id of ids) {
        if (selected) next[id] = true;
        else delete next[id];
      }
      return { selected: next };
    }),
  clearSelection: () => set({ selected: {} }),
  toggleGroup: (project) =>
    set((s) => {
      const next = { ...s.collapsed };
      if (next[project]) delete next[project];
      else next[project] = true;
      return { collapsed: next };
    }),
  askToRemove: (ids) => set({ removing: ids }),
  closeRemove: () => set({ removing: null }),
}));
