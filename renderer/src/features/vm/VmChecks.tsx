/** The same checks as `berth vm doctor`: each piece in turn, what was found or repaired, what to do. */
import { CheckIcon, WarningIcon } from '../../components/icons';
import { Spinner } from '../../components/Spinner';
import { useVmDoctor } from './api';

export function VmChecks() {
  const doctor = useVmDoctor();
  return (
    <section className="panel" aria-labelledby="vm-checks-title" data-testid="vm-checks">
      <div className="panel__header">
        <h2 id="vm-checks-title" className="panel__title">
          Checks
        </h2>
        <button type="button" className="button button--quiet vm-push-right" disabled={doctor.isPending} onClick={() => doctor.mutate()} data-testid="vm-run-checks">
          {doctor.isPending && <Spinner />}
          Run checks
        </button>
      </div>
      {!doctor.data ? (
        <p className="panel__intro">Checks QEMU, the guest, the engine’s answer over TLS, the socket’s permissions, the docker context, the guest’s free disk and clock, and repairs what it safely can.</p>
      ) : (
        <ul className="vm-checks" aria-live="polite">
          {doctor.data.map((c) => (
            <li key={c.name} className={c.ok ? 'vm-check' : 'vm-check vm-check--problem'} data-testid="vm-check" data-ok={c.ok}>
              <span className="vm-check__icon" aria-hidden="true">
                {c.ok ? <CheckIcon /> : <WarningIcon />}
              </span>
              <span className="vm-check__name">{c.name}</span>
              <span className="vm-check__detail">
                {c.detail}
                {c.repaired && <span className="badge badge--info vm-check__badge">Repaired</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
