/** The engine in use, in detail: what it is, where it is, and its state in words. */
import { useEngineStatus } from './api';
import { engineStateLook } from './engine-state';

export function CurrentEngine() {
  const status = useEngineStatus().data;
  if (!status) return null;
  const look = engineStateLook[status.state];
  const server = status.server;
  return (
    <div className="panel" data-testid="current-engine">
      <div className="panel__header">
        <h2 className="panel__title">{status.endpoint?.label ?? 'No engine in use'}</h2>
        <span className={`badge badge--${look.tone}`}>{look.label}</span>
      </div>
      {status.reason && status.state !== 'running' && <p className="panel__reason">{status.reason}</p>}
      {/* Nothing to list without an engine: no empty box either. */}
      {(status.endpoint || server) && (
        <dl className="facts">
          {status.endpoint && (
            <>
              <dt>Address</dt>
              <dd className="mono">{status.endpoint.host}</dd>
            </>
          )}
          {server && (
            <>
              <dt>Engine</dt>
              <dd>
                {server.podman ? 'Podman' : 'Docker Engine'} {server.version}
                {status.apiVersion && <span className="muted"> · API {status.apiVersion}</span>}
              </dd>
              <dt>System</dt>
              <dd>
                {server.os}/{server.arch} <span className="muted">· kernel {server.kernel}</span>
              </dd>
              <dt>Host name</dt>
              <dd>{server.name}</dd>
            </>
          )}
        </dl>
      )}
    </div>
  );
}
