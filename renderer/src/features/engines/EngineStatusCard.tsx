/** The engine in use, always on screen: its state, which engine it is, and why it is not running. */
import { useId } from 'react';
import { useBackendLost } from '../../app/connection';
import { href } from '../../app/router';
import { Spinner } from '../../components/Spinner';
import { useEngineStatus } from './api';
import { engineStateLook } from './engine-state';

export function EngineStatusCard() {
  const status = useEngineStatus().data;
  const backendLost = useBackendLost();
  const reasonId = useId();
  if (backendLost) {
    // Whatever the engine last said may no longer be true; claiming "Running" here would mislead.
    return (
      <div className="engine-card" data-testid="engine-status" data-engine-state="unknown">
        <span className="engine-card__state">
          <span className="engine-dot" /> Unknown
        </span>
        <span className="engine-card__reason">Berth’s backend is not answering, so the engine’s state is unknown.</span>
      </div>
    );
  }
  if (!status) {
    return (
      <div className="engine-card" role="status">
        <span className="engine-card__state">
          <Spinner /> Connecting…
        </span>
      </div>
    );
  }
  const look = engineStateLook[status.state];
  const version = status.server?.version ?? status.endpoint?.version;
  const showReason = Boolean(status.reason) && status.state !== 'running';
  return (
    <>
      <a
        className="engine-card"
        href={href('engines')}
        title="Show engines"
        data-testid="engine-status"
        data-engine-state={status.state}
        aria-label={['Engine status:', look.label, status.endpoint?.label, version && status.state === 'running' ? `engine ${version}` : undefined].filter(Boolean).join(' ')}
        aria-describedby={showReason ? reasonId : undefined}
      >
        <span className="engine-card__state">
          {status.state === 'starting' ? <Spinner /> : <span className={`engine-dot engine-dot--${look.tone}`} />}
          {look.label}
        </span>
        {status.endpoint && (
          <span className="engine-card__label" title={status.endpoint.host}>
            {status.endpoint.label}
          </span>
        )}
        {version && status.state === 'running' && <span className="engine-card__detail">Engine {version}</span>}
        {showReason && (
          <span id={reasonId} className="engine-card__reason" title={status.reason}>
            {status.reason}
          </span>
        )}
      </a>
      {/* Says it aloud when the engine stops or comes back, wherever focus is. */}
      <span className="visually-hidden" role="status">
        Engine {look.label}
      </span>
    </>
  );
}
