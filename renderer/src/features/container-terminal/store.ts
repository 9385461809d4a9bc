/**
 * Which terminal each container's Terminal tab shows, so coming back to it (or reloading the window)
 * shows the same one. Kept in the window's session storage: a second window chooses for itself.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

interface TerminalTabsUi {
  /** Container id → the session shown last. */
  active: Record<string, string>;
  show(containerId: string, sessionId: string | undefined): void;
}

export const useTerminalTabs = create<TerminalTabsUi>()(
  persist(
    (set) => ({
      active: {},
      show: (containerId, sessionId) =>
        set((s) => {
          const { [containerId]: _was, ...rest } = s.active;
          return { active: sessionId ? { ...rest, [containerId]: sessionId } : rest };
        }),
    }),
    { name: 'berth.terminal-tabs', storage: createJSONStorage(() => sessionStorage), partialize: (s) => ({ active: s.active }) },
  ),
);
