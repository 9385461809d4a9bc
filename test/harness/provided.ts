// Types what global-setup.ts provides to test workers (vitest's inject()).
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    engineSocket: string;
    /**
     * Lines of the log the logs test searches: enough to cross the search's chunk boundaries (chunks of
     * 2,000 lines doubling, engine/docker/log-search.ts). 300,000 on the host engine (up to the 200,000-line
     * cap); a few thousand through the VM, where each line is a packet through QEMU (about 900 a second).
     */
    searchLogLines: number;
    /**
     * True when engineSocket is Berth's socket for its VM (the vm-engine project), which answers log reads
     * on the host itself; otherwise tests put the API relay and Berth's log reads in front of the engine.
     */
    engineIsBerthVm: boolean;
  }
}
