/**
 * What the VM is and how to reach it: the accelerator in use and why, the socket and docker context,
 * how long the engine took to come up, and the guest image. Problems come first, each with what to do.
 */
import type { VmStatus } from '../../../../engine/contract/vm-types';
import { WarningIcon } from '../../components/icons';
import { Spinner } from '../../components/Spinner';
import { useVmCommand } from './api';
import { formatMemoryBytes } from '../../components/format';

export function VmProblems({ status }: { status: VmStatus }) {
  const command = useVmCommand();
  if (!status.supported) {
    return (
      <div className="callout callout--warning" role="note" data-testid="vm-not-supported">
        <WarningIcon />
        <div>
          <p className="callout__title">Berth’s VM needs QEMU</p>
          <p className="callout__hint">{status.installHint}</p>
        </div>
      </div>
    );
  }
  if (!status.guest.built) {
    return (
      <div className="callout callout--warning" role="note">
        <WarningIcon />
        <div>
          <p className="callout__title">The VM’s guest image is not built</p>
          <p>Berth looked in {status.guest.dir}. Build it from Debian’s packages with:</p>
          <p className="callout__hint">npm run vm:build</p>
        </div>
      </div>
    );
  }
  if (status.crashed) {
    return (
      <div className="callout callout--danger" role="alert" data-testid="vm-crashed">
        <WarningIcon />
        <div className="vm-callout__body">
          <p className="callout__title">The VM stopped unexpectedly</p>
          <p>{status.error}</p>
          <button type="button" className="button button--primary" disabled={command.isPending} onClick={() => command.mutate('start')}>
            {command.isPending && <Spinner />}
            Start it again
          </button>
        </div>
      </div>
    );
  }
  if (status.error) {
    return (
      <div className="callout callout--danger" role="alert">
        <WarningIcon />
        <p>{status.error}</p>
      </div>
    );
  }
  return null;
}

export function VmOverview({ status }: { status: VmStatus }) {
  const running = status.state === 'running';
  return (
    <section className="panel" aria-labelledby="vm-overview-title" data-testid="vm-overview">
      <h2 id="vm-overview-title" className="panel__title">
        Overview
      </h2>
      <dl className="facts">
        <dt>Accelerator</dt>
        <dd data-testid="vm-accelerator">
          {status.accelerator ? (
            <>
              <span className="vm-accel">{status.accelerator.name.toUpperCase()}</span>
              <span className="muted"> · {status.accelerator.reason}</span>
            </>
          ) : (
            <span className="muted">Chosen when the VM starts: {status.settings.accelerator === 'auto' ? 'the host’s accelerator if it works, else emulation (TCG)' : status.settings.accelerator.toUpperCase()}</span>
          )}
        </dd>
        <dt>{status.dockerHost.startsWith('npipe:') ? 'Engine pipe' : 'Engine socket'}</dt>
        <dd className="mono" title={`DOCKER_HOST=${status.dockerHost}`}>
          {status.socket}
        </dd>
        <dt>Docker context</dt>
        <dd>
          <span className="mono">docker --context {status.context} ps</span>
          <span className="muted"> · your current context is left as it is</span>
        </dd>
        {running && status.bootSeconds !== undefined && (
          <>
            <dt>Last start</dt>
            <dd>Engine ready in {status.bootSeconds} s</dd>
          </>
        )}
        {running && status.owner && !status.owner.self && (
          <>
            <dt>Run by</dt>
            <dd data-testid="vm-owner">
              Another Berth (process <span className="mono">{status.owner.pid}</span>: another window, or <span className="mono">berth vm start</span> in a
              terminal). It decides whether the VM stops when it quits.
            </dd>
          </>
        )}
        {running && (
          <>
            <dt>Also used by</dt>
            <dd data-testid="vm-others">
              {status.others ? `${status.others === 1 ? 'One other Berth window' : `${status.others} other Berth windows`}: stopping the VM stops their containers too` : 'No other Berth window'}
            </dd>
          </>
        )}
        <dt>Guest</dt>
        <dd>
          {status.guest.built ? (
            <>
              Linux {status.guest.kernel} · Docker Engine {status.guest.engine}
              {status.guest.bytes !== undefined && <span className="muted"> · image {formatMemoryBytes(status.guest.bytes)}</span>}
            </>
          ) : (
            <span className="muted">Not built</span>
          )}
        </dd>
        <dt>Files</dt>
        <dd className="mono">{status.dir}</dd>
      </dl>
    </section>
  );
}
