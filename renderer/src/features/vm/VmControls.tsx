/** Start, stop and restart, with what is happening said next to them. */
import type { VmStatus } from '../../../../engine/contract/vm-types';
import { Spinner } from '../../components/Spinner';
import { useStopForEveryone } from '../../components/useStopForEveryone';
import { useVmCommand } from './api';

export function VmControls({ status }: { status: VmStatus }) {
  const command = useVmCommand();
  const { state } = status;
  const stopping = useStopForEveryone(status.others, 'the VM', (c: 'start' | 'stop' | 'restart', othersConfirmed) =>
    command.mutate(c !== 'start' && othersConfirmed ? { command: c, othersConfirmed } : c),
  );
  const busy = command.isPending || state === 'starting' || state === 'stopping';
  const canRun = status.supported && status.guest.built;
  const progress = state === 'starting' ? 'Starting the VM…' : state === 'stopping' ? 'Stopping the VM cleanly…' : undefined;
  return (
    <div className="vm-controls">
      {progress && (
        <span className="vm-controls__progress" role="status">
          <Spinner /> {progress}
        </span>
      )}
      <button type="button" className="button button--primary" data-testid="vm-start" disabled={!canRun || busy || state === 'running'} onClick={() => stopping.request('start')}>
        Start
      </button>
      <button type="button" className="button" data-testid="vm-stop" disabled={busy || state !== 'running'} onClick={() => stopping.request('stop')}>
        Stop
      </button>
      <button type="button" className="button" data-testid="vm-restart" disabled={!canRun || busy || state !== 'running'} onClick={() => stopping.request('restart')}>
        Restart
      </button>
      {stopping.dialog}
    </div>
  );
}
