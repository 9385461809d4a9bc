/** The lists of the Overview tab: ports, networks, mounts, environment and labels. */
import type { ReactNode } from 'react';
import type { ContainerInspect } from '../../../../engine/contract/container-details-types';
import { EyeIcon } from '../../components/icons';
import { NetworkModeExplainer, networkModeOf } from '../networks/NetworkModeExplainer';
import { hasSecrets, maskValue } from './model/secrets';
import { useDetailsUi } from './store';

function Card({ id, title, count, actions, children, empty }: { id: string; title: string; count?: number; actions?: ReactNode; children: ReactNode; empty?: string }) {
  return (
    <section className="detail-card" aria-labelledby={id} data-testid={id}>
      <div className="detail-card__head">
        <h2 id={id} className="detail-card__title">
          {title}
          {count !== undefined && count > 0 && <span className="detail-card__count">{count}</span>}
        </h2>
        {actions}
      </div>
      {count === 0 && empty ? <p className="detail-card__empty">{empty}</p> : children}
    </section>
  );
}

export function PortList({ inspect }: { inspect: ContainerInspect }) {
  const running = inspect.State?.Running;
  const bound = Object.entries((running ? inspect.NetworkSettings?.Ports : inspect.HostConfig?.PortBindings) ?? {});
  const rows = bound.flatMap(([key, bindings]) => {
    if (!bindings?.length) return [{ key, host: undefined as string | undefined, ip: '' }];
    // The engine lists a port once per address family (0.0.0.0 and ::); the user thinks of it once.
    const seen = new Set<string>();
    return bindings.flatMap((b) => {
      const id = `${b.HostPort}`;
      if (seen.has(id)) return [];
      seen.add(id);
      return [{ key, host: b.HostPort || undefined, ip: b.HostIp && b.HostIp !== '0.0.0.0' && b.HostIp !== '::' ? b.HostIp : '' }];
    });
  });
  return (
    <Card id="ov-ports" title="Ports" count={rows.length} empty={running ? 'No ports are exposed or published.' : 'No ports are published.'}>
      <table className="detail-table">
        <thead>
          <tr>
            <th scope="col">Container</th>
            <th scope="col">On this machine</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const tcp = r.key.endsWith('/tcp');
            const address = `${r.ip || 'localhost'}:${r.host}`;
            return (
              <tr key={`${r.key}-${r.host}-${r.ip}`}>
                <td className="mono">{r.key}</td>
                <td className="mono">
                  {!r.host ? (
                    <span className="muted">{running ? 'exposed only' : 'a free port, when started'}</span>
                  ) : tcp && running ? (
                    <a href={`http://${address}`} target="_blank" rel="noopener noreferrer">
                      {address}
                    </a>
                  ) : (
                    address
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}

export function NetworkList({ inspect }: { inspect: ContainerInspect }) {
  const mode = inspect.HostConfig?.NetworkMode ?? 'default';
  const networks = Object.entries(inspect.NetworkSettings?.Networks ?? {});
  return (
    <Card id="ov-networks" title="Networks" count={networks.length}>
      <p className="detail-card__lead">
        Network mode <span className="mono">{mode}</span>: {networkModeText(mode)}
      </p>
      <details className="mode-help">
        <summary>What the network modes mean</summary>
        <NetworkModeExplainer current={networkModeOf(mode)} compact />
      </details>
      {networks.length > 0 && (
        <table className="detail-table">
          <thead>
            <tr>
              <th scope="col">Network</th>
              <th scope="col">IP address</th>
              <th scope="col">Gateway</th>
              <th scope="col">Aliases</th>
            </tr>
          </thead>
          <tbody>
            {networks.map(([name, n]) => (
              <tr key={name}>
                <td>{name}</td>
                <td className="mono">{n.IPAddress || n.GlobalIPv6Address || <span className="muted">none while stopped</span>}</td>
                <td className="mono">{n.Gateway || '—'}</td>
                <td className="mono">{n.Aliases?.filter((a) => !inspect.Id.startsWith(a)).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function networkModeText(mode: string): string {
  if (mode === 'default' || mode === 'bridge') return 'its own address on the engine’s default bridge; other containers reach it by IP only, this machine through published ports.';
  if (mode === 'host') return 'it shares this machine’s network: its ports are this machine’s ports, and nothing is published.';
  if (mode === 'none') return 'it has no network besides its own loopback.';
  if (mode.startsWith('container:')) return 'it shares the network of another container: same address, same ports.';
  return 'a user network: containers on it reach each other by name.';
}

export function MountList({ inspect }: { inspect: ContainerInspect }) {
  const mounts = inspect.Mounts ?? [];
  return (
    <Card id="ov-mounts" title="Mounts" count={mounts.length} empty="Nothing is mounted: everything it writes lives in the container and goes with it.">
      <table className="detail-table">
        <thead>
          <tr>
            <th scope="col">In the container</th>
            <th scope="col">From</th>
            <th scope="col">Access</th>
          </tr>
        </thead>
        <tbody>
          {mounts.map((m) => {
            const anonymous = m.Type === 'volume' && /^[0-9a-f]{64}$/.test(m.Name ?? '');
            return (
              <tr key={m.Destination}>
                <td className="mono">{m.Destination}</td>
                <td>
                  <span className="mount-kind">{m.Type === 'bind' ? 'folder' : anonymous ? 'unnamed volume' : m.Type}</span>{' '}
                  <span className="mono" title={m.Source}>
                    {m.Type === 'volume' ? (anonymous ? (m.Name ?? '').slice(0, 12) : m.Name) : m.Source}
                  </span>
                </td>
                <td>{m.RW === false ? 'read-only' : 'read-write'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}

function SecretsToggle() {
  const showSecrets = useDetailsUi((s) => s.showSecrets);
  const setShowSecrets = useDetailsUi((s) => s.setShowSecrets);
  return (
    <button type="button" className="button button--quiet" aria-pressed={showSecrets} onClick={() => setShowSecrets(!showSecrets)}>
      <EyeIcon /> {showSecrets ? 'Hide secrets' : 'Show secrets'}
    </button>
  );
}

export function EnvironmentList({ inspect }: { inspect: ContainerInspect }) {
  const env = inspect.Config?.Env ?? [];
  const showSecrets = useDetailsUi((s) => s.showSecrets);
  return (
    <Card id="ov-env" title="Environment" count={env.length} empty="No environment variables." actions={hasSecrets(env) ? <SecretsToggle /> : undefined}>
      <table className="detail-table detail-table--kv">
        <tbody>
          {env.map((entry, i) => {
            const eq = entry.indexOf('=');
            const key = eq < 0 ? entry : entry.slice(0, eq);
            const value = eq < 0 ? '' : entry.slice(eq + 1);
            const shown = showSecrets ? value : maskValue(key, value);
            return (
              <tr key={`${key}-${i}`} data-testid="env-entry">
                <th scope="row" className="mono">
                  {key}
                </th>
                <td className={`mono${shown !== value ? ' is-masked' : ''}`}>{shown}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}

export function LabelList({ inspect }: { inspect: ContainerInspect }) {
  const labels = Object.entries(inspect.Config?.Labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Card id="ov-labels" title="Labels" count={labels.length} empty="No labels.">
      <table className="detail-table detail-table--kv">
        <tbody>
          {labels.map(([key, value]) => (
            <tr key={key}>
              <th scope="row" className="mono">
                {key}
              </th>
              <td className="mono">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
