/**
 * Berth's own engine: a dockerd Berth runs with its own data and socket. Where it cannot run, the panel
 * says why and what to do instead of offering buttons that cannot work.
 */
import type { ManagedEngineStatus } from '../../../../engine/contract/types';
import { href } from '../../app/router';
import { WarningIcon } from '../../components/icons';
import { Spinner } from '../../components/Spinner';
import { useStopForEveryone } from '../../components/useStopForEveryone';
import { managedStateLook } from './engine-state';
import { ManagedEngineLog } from './ManagedEngineLog';
import { useManagedCommand, useManagedStatus } from './managed-api';

export function ManagedEnginePanel() {
  const status = useManagedStatus().data;
  if (!status) return null;
  const look = managedStateLook[status.state];
  return (
    <section className="panel" aria-labelledby="managed-title" data-testid="managed-engine" data-managed-state={status.state}>
      <div className="panel__header">
        <h2 id="managed-title" className="panel__title">
          Berth’s managed engine
        </h2>
        {status.supported && status.installed && <span className={`badge badge--${look.tone}`}>{look.label}</span>}
      </div>
      <p className="panel__intro">
        A Docker engine that Berth runs itself, with its own images, containers and volumes, apart from any other engine on this machine.
      </p>
      {!status.supported ? (
        <div className="callout">
          <WarningIcon />
          <p>
            On this system Berth’s engine runs in a small Linux virtual machine: start it on the <a href={href('vm')}>Linux VM</a> page, or use an
            engine from the list above.
          </p>
        </div>
      ) : !status.installed ? (
        <div className="callout callout--warning" role="note">
          <WarningIcon />
          <div>
            <p className="callout__title">Berth needs dockerd to run its own engine</p>
            <p className="callout__hint">{status.installHint ?? 'Install Docker’s engine with your distribution’s package manager.'}</p>
          </div>
        </div>
      ) : (
        <ManagedControls status={status} />
      )}
    </section>
  );
}

function ManagedControls({ status }: { status: ManagedEngineStatus }) {
  const command = useManagedCommand();
  const { state } = status;
  const stopping = useStopForEveryone(status.others, 'Berth’s managed engine', (c: 'start' | 'stop' | 'restart', othersConfirmed) =>
    command.mutate(c !== 'start' && othersConfirmed ? { command: c, othersConfirmed } : c),
  );
  const busy = command.isPending || state === 'starting' || state === 'stopping';
  const progress = state === 'starting' ? 'Starting dockerd…' : state === 'stopping' ? 'Stopping dockerd…' : undefined;
  return (
    <>
      {status.error && (
        <div className="callout callout--danger" role="alert">
          <WarningIcon />
          <p>{status.error}</p>
        </div>
      )}
      <dl className="facts">
        <dt>Socket</dt>
        <dd className="mono">{status.socket}</dd>
        <dt>Data</dt>
        <dd className="mono">{status.dataRoot}</dd>
        <dt>Process</dt>
        <dd>{status.pid ? <span className="mono">{status.pid}</span> : <span className="muted">Not running</span>}</dd>
        {status.owner && (
          <>
            <dt>Started by</dt>
            <dd data-testid="managed-owner">
              {status.owner.self ? 'This Berth' : <>Another Berth (process <span className="mono">{status.owner.pid}</span>); when it quits, its preferences decide whether the engine stops</>}
            </dd>
          </>
        )}
        {state === 'running' && (
          <>
            <dt>Also used by</dt>
            <dd data-testid="managed-others">
              {status.others ? `${status.others === 1 ? 'One other Berth window' : `${status.others} other Berth windows`}: stopping it stops their containers too` : 'No other Berth window'}
            </dd>
          </>
        )}
      </dl>
      <div className="panel__actions">
        <button type="button" className="button button--primary" disabled={busy || state === 'running'} onClick={() => stopping.request('start')}>
          Start
        </button>
        <button type="button" className="button" disabled={busy || state !== 'running'} onClick={() => stopping.request('stop')}>
          Stop
        </button>
        <button type="button" className="button" disabled={busy || state !== 'running'} onClick={() => stopping.request('restart')}>
          Restart
        </button>
        {progress && (
          <span className="panel__progress" role="status">
            <Spinner /> {progress}
          </span>
        )}
      </div>
      {(state === 'starting' || state === 'stopping') && <div className="progress-bar" aria-hidden="true" />}
      <ManagedEngineLog />
      {stopping.dialog}
    </>
  );
}
