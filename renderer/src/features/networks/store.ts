/** What the user is doing on the Networks page: searching, and which dialog is open. */
import { create } from 'zustand';
import type { NetworkSummary } from '../../../../engine/contract/networks-types';

export type NetworkDialog =
  | { kind: 'create' }
  | { kind: 'remove'; network: NetworkSummary }
  | { kind: 'connect'; network: NetworkSummary }
  | { kind: 'disconnect'; network: NetworkSummary; container: { id: string; name: string } }
  | { kind: 'prune' };

interface NetworksUi {
  search: string;
  dialog: NetworkDialog | null;
  setSearch(search: string): void;
  open(dialog: NetworkDialog): void;
  close(): void;
}

export const useNetworksUi = create<NetworksUi>()((set) => ({
  search: '',
  dialog: null,
  setSearch: (search) => set({ search }),
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
}));
