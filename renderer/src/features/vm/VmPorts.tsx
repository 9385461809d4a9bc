/** Container ports forwarded to this machine's 127.0.0.1, and the ones that could not be. */
import type { VmForwardedPort } from '../../../../engine/contract/vm-types';

export function VmPorts({ ports }: { ports: VmForwardedPort[] }) {
  return (
    <section className="panel" aria-labelledby="vm-ports-title" data-testid="vm-ports">
      <h2 id="vm-ports-title" className="panel__title">
        Forwarded ports
      </h2>
      {ports.length === 0 ? (
        <p className="panel__intro">No running container publishes a port. Ports appear here, on 127.0.0.1, as containers start.</p>
      ) : (
        <ul className="vm-ports">
          {ports.map((p) => (
            <li key={`${p.protocol}:${p.port}`} className="vm-port" data-testid="vm-port" data-port={p.port} data-state={p.state}>
              {p.state === 'forwarded' && p.protocol === 'tcp' ? (
                <a className="mono" href={`http://127.0.0.1:${p.port}/`} target="_blank" rel="noreferrer">
                  127.0.0.1:{p.port}
                </a>
              ) : (
                <span className="mono">
                  127.0.0.1:{p.port}/{p.protocol}
                </span>
              )}
              <span className="muted">{p.container}</span>
              {p.state === 'forwarded' ? <span className="badge badge--success">Forwarded</span> : <span className="badge badge--danger">Not forwarded</span>}
              {p.problem && <p className="vm-port__problem">{p.problem}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
