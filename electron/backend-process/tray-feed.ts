/**
 * The backend's half of the tray: what the menu shows, as TrayFacts rebuilt from the backend's own notices
 * (debounced; the engine is asked for containers only when something changed, never on a timer), and the
 * menu's engine and container actions run here. The main process draws the menu (../tray.ts) and runs
 * only what belongs to it: opening the window, quitting.
 */
import type { Backend } from '../../engine/backend';
import type { AppUpdate, ContainerSummary } from '../../engine/contract/types';
import type { TrayAction, TrayFacts } from '../tray-model';

/** Engine events come in bursts (a compose up starts ten containers): one rebuild per burst. */
const REBUILD_DEBOUNCE_MS = 250;

export interface TrayFeed {
  run(action: TrayAction): Promise<void>;
  dispose(): void;
}

export function feedTray(backend: Backend, show: (facts: TrayFacts) => void, notify: (title: string, body: string) => void): TrayFeed {
  const failed = (title: string, error: unknown) => {
    const body = error instanceof Error ? error.message : String(error);
    console.error(`[berth] ${title}: ${body}`);
    notify(title, body);
  };

  let disposed = false;
  let generation = 0;
  const rebuild = async () => {
    const current = ++generation;
    const status = backend.status();
    let containers: TrayFacts['containers'];
    if (status.state === 'running') {
      containers = await backend.handlers.methods['containers.list']({}).then(
        (all: ContainerSummary[]) => all.filter((c) => c.state === 'running'),
        () => 'error' as const,
      );
    }
    // A newer rebuild started while this one waited for the engine: its picture is fresher.
    if (disposed || current !== generation) return;
    show({ status, managed: backend.managed.status(), vm: backend.vm.status(), containers });
  };

  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), REBUILD_DEBOUNCE_MS);
  };
  const off = backend.onUpdate((update: AppUpdate) => {
    if (update.type !== 'changed' || update.resources.includes('containers')) schedule();
  });
  backend.vm.on('change', schedule);
  void rebuild();

  return {
    async run(action) {
      switch (action.type) {
        case 'open':
        case 'quit':
          // The main process's own business; it never sends these.
          return;
        case 'managed':
          await backend.handlers.methods[`managed.${action.verb}`]({}).catch((e: unknown) => failed(`Could not ${action.verb} Berth’s engine`, e));
          return;
        case 'vm':
          await backend.handlers.methods[`vm.${action.verb}`]({}).catch((e: unknown) => failed(`Could not ${action.verb} the Linux VM`, e));
          return;
        case 'container': {
          const title = `Could not ${action.action} ${action.name}`;
          try {
            // A bulk call reports a container that refused (e.g. already stopped) in `failed`, not by throwing.
            const result = await backend.handlers.methods['containers.act']({ ids: [action.id], action: action.action });
            const failure = result.failed[0];
            if (failure) failed(title, new Error(failure.message));
          } catch (e) {
            failed(title, e);
          }
          return;
        }
      }
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      off();
      backend.vm.off('change', schedule);
    },
  };
}
