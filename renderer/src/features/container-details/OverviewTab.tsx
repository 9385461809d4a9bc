/** Everything about the container that fits at a glance: how it runs, its ports, mounts, environment, labels, networks. */
import type { ReactNode } from 'react';
import type { ContainerInspect } from '../../../../engine/contract/container-details-types';
import { formatMemoryBytes } from '../../components/format';
import { EnvironmentList, LabelList, MountList, NetworkList, PortList } from './OverviewLists';

function commandLine(inspect: ContainerInspect): string {
  return [inspect.Path, ...(inspect.Args ?? [])].filter((w): w is string => Boolean(w)).map((w) => (/[\s"'$]/.test(w) ? JSON.stringify(w) : w)).join(' ');
}

function restartText(policy: { Name?: string; MaximumRetryCount?: number } | null | undefined): string {
  switch (policy?.Name) {
    case 'always':
      return 'Always';
    case 'unless-stopped':
      return 'Unless stopped';
    case 'on-failure':
      return policy.MaximumRetryCount ? `On failure, up to ${policy.MaximumRetryCount} times` : 'On failure';
    default:
      return 'No';
  }
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const when = (iso: string | undefined) => (iso && !iso.startsWith('0001-') ? dateTime.format(new Date(iso)) : undefined);

function Fact({ label, children }: { label: string; children: ReactNode }) {
  if (children === undefined || children === null || children === '') return null;
  return (
    <div className="ov-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function OverviewTab({ inspect }: { inspect: ContainerInspect }) {
  const state = inspect.State ?? {};
  const host = inspect.HostConfig ?? {};
  const config = inspect.Config ?? {};
  const limits = [host.NanoCpus ? `${host.NanoCpus / 1e9} CPUs` : '', host.Memory ? `${formatMemoryBytes(host.Memory)} memory` : ''].filter(Boolean).join(' · ');
  const exited = state.Status === 'exited' || state.Status === 'dead';
  return (
    <div className="overview-grid" data-testid="overview-tab">
      <section className="detail-card" aria-labelledby="ov-run">
        <h2 id="ov-run" className="detail-card__title">
          How it runs
        </h2>
        <dl className="ov-facts">
          <Fact label="Image">
            <span className="mono">{config.Image}</span>
          </Fact>
          <Fact label="Command">
            <span className="mono">{commandLine(inspect)}</span>
          </Fact>
          <Fact label="Created">{when(inspect.Created)}</Fact>
          <Fact label={exited ? 'Last started' : 'Started'}>{when(state.StartedAt)}</Fact>
          {exited && <Fact label="Exited">{`${when(state.FinishedAt) ?? ''} with code ${state.ExitCode ?? '?'}${state.Error ? `: ${state.Error}` : ''}`}</Fact>}
          <Fact label="Restart policy">{`${restartText(host.RestartPolicy)}${inspect.RestartCount ? ` · restarted ${inspect.RestartCount} times` : ''}`}</Fact>
          <Fact label="Limits">{limits || 'None'}</Fact>
          <Fact label="Working directory">{config.WorkingDir ? <span className="mono">{config.WorkingDir}</span> : undefined}</Fact>
          <Fact label="User">{config.User ? <span className="mono">{config.User}</span> : undefined}</Fact>
          <Fact label="Host name">
            <span className="mono">{config.Hostname}</span>
          </Fact>
          <Fact label="Options">{[config.Tty && 'terminal', config.OpenStdin && 'input open', host.AutoRemove && 'removed when stopped', host.Privileged && 'privileged'].filter(Boolean).join(' · ') || undefined}</Fact>
        </dl>
      </section>
      <PortList inspect={inspect} />
      <NetworkList inspect={inspect} />
      <MountList inspect={inspect} />
      <EnvironmentList inspect={inspect} />
      <LabelList inspect={inspect} />
    </div>
  );
}
