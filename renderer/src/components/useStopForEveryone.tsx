/**
 * Stopping an engine that other Berth windows use stops their containers too, so it is asked first. The
 * backend refuses such a stop unless it carries `othersConfirmed`, which only this question sets.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { ConfirmDialog } from './ConfirmDialog';

type Stopping = 'stop' | 'restart';

export function useStopForEveryone<C extends string>(
  others: number | undefined,
  /** What is stopped, as the dialog says it: "Berth’s managed engine", "the VM". */
  what: string,
  run: (command: C, othersConfirmed: boolean) => void,
): { request(command: C): void; dialog: ReactNode } {
  const [asking, setAsking] = useState<C & Stopping>();
  const count = others ?? 0;
  const request = (command: C) => {
    if (count > 0 && (command === 'stop' || command === 'restart')) setAsking(command as C & Stopping);
    else run(command, false);
  };
  const users = count === 1 ? 'Another Berth window uses' : `${count} other Berth windows use`;
  const dialog = asking && (
    <ConfirmDialog
      title={asking === 'stop' ? `Stop ${what} for everyone?` : `Restart ${what} for everyone?`}
      confirmLabel={asking === 'stop' ? 'Stop it for everyone' : 'Restart it for everyone'}
      danger
      onConfirm={() => {
        run(asking, true);
        setAsking(undefined);
      }}
      onCancel={() => setAsking(undefined)}
    >
      <p>
        {users} {what}. {asking === 'stop' ? 'Stopping' : 'Restarting'} it stops every container running on it, in those windows too.
      </p>
    </ConfirmDialog>
  );
  return { request, dialog };
}
