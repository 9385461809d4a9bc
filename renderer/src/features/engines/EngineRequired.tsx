/**
 * What a page that needs the engine shows while there is none to use: why, in the backend's words, and
 * the one click that fixes it when Berth can (starting its managed engine), or the way to the Engines page.
 */
import type { EngineStatus } from '../../../../engine/contract/types';
import { hrefOf } from '../../app/router';
import { EnginesIcon } from '../../components/icons';
import { Spinner } from '../../components/Spinner';
import { canStartManaged, useManagedCommand, useManagedStatus } from './managed-api';

const titles: Record<EngineStatus['state'], string> = {
  running: 'The engine is running',
  starting: 'Connecting to the engine…',
  stopped: 'The engine is stopped',
  unreachable: 'Berth cannot reach the engine',
  none: 'No container engine found',
};

export function EngineRequired({ status }: { status: EngineStatus }) {
  const managed = useManagedStatus().data;
  const command = useManagedCommand();
  const aboutManaged = status.state === 'none' || status.endpoint?.kind === 'managed';
  // Until the backend connects to it, a managed engine that is already up still counts as starting.
  const managedStarting =
    aboutManaged &&
    (managed?.state === 'starting' || (command.isPending && command.variables === 'start') || (status.state === 'none' && managed?.state === 'running'));
  const offerStart = aboutManaged && !managedStarting && canStartManaged(managed);

  return (
    <div className="placeholder" data-testid="engine-required" data-engine-state={status.state}>
      <span className={`placeholder__icon placeholder__icon--${status.state}`}>{status.state === 'starting' || managedStarting ? <Spinner /> : <EnginesIcon />}</span>
      <div className="placeholder__title">{managedStarting ? 'Starting Berth’s managed engine…' : titles[status.state]}</div>
      {status.reason && !managedStarting && <p>{status.reason}</p>}
      {status.endpoint && (
        <p className="mono" title={status.endpoint.host}>
          {status.endpoint.label} · {status.endpoint.host}
        </p>
      )}
      {status.state !== 'starting' && (
        <div className="placeholder__actions">
          {offerStart && (
            <button type="button" className="button button--primary" onClick={() => command.mutate('start')}>
              Start managed engine
            </button>
          )}
          <a className="button" href={hrefOf('engines')}>
            Go to Engines
          </a>
        </div>
      )}
    </div>
  );
}
