/** The list of networks: name and flags, driver, addressing, the containers on it, and actions. */
import { memo } from 'react';
import type { NetworkAttachment, NetworkSummary } from '../../../../engine/contract/networks-types';
import { href } from '../../app/router';
import { LinkIcon, TrashIcon } from '../../components/icons';
import { type Column, DataTable } from '../../components/DataTable';
import { RelativeTime } from '../../components/RelativeTime';
import { ContainerChips } from '../../components/ContainerChips';
import { useNetworksUi } from './store';

const columns: Column[] = [
  { header: 'Name', col: 'col-name' },
  { header: 'Driver', className: 'col-driver', col: 'col-driver' },
  { header: 'Subnet and gateway', col: 'col-subnet' },
  { header: 'Containers', col: 'col-users' },
  { header: 'Created', className: 'col-created', col: 'col-created' },
  { header: 'Actions', hidden: true, col: 'col-actions-2' },
];

export function NetworkTable({ networks, attachments }: { networks: NetworkSummary[]; attachments: Record<string, NetworkAttachment[]> }) {
  return (
    <DataTable label="Networks" className="list-table data-table network-table" columns={columns}>
      <tbody>
        {networks.map((n) => (
          <NetworkRow key={n.id} network={n} containers={attachments[n.name] ?? []} />
        ))}
      </tbody>
    </DataTable>
  );
}

function Flags({ n }: { n: NetworkSummary }) {
  return (
    <>
      {n.builtIn && (
        <span className="badge" title="Comes with the engine; cannot be removed">
          built-in
        </span>
      )}
      {n.internal && (
        <span className="badge badge--warning" title="No route to the outside world: containers reach only each other">
          internal
        </span>
      )}
      {n.attachable && !n.builtIn && n.driver !== 'bridge' && (
        <span className="badge" title="Standalone containers may join">
          attachable
        </span>
      )}
    </>
  );
}

const NetworkRow = memo(function NetworkRow({ network: n, containers }: { network: NetworkSummary; containers: NetworkAttachment[] }) {
  const open = useNetworksUi((s) => s.open);
  const canConnect = n.driver !== 'host' && n.driver !== 'null';
  return (
    <tr className="data-row" data-testid="network-row" data-network={n.name} data-item-kind="network" data-item-id={n.id} tabIndex={-1}>
      <td className="col-name">
        <div className="resource-name">
          <a className="cell-link" href={href('network', { id: n.id })} title={n.name}>
            {n.name}
          </a>
          <Flags n={n} />
        </div>
        <div className="cell-sub">{n.composeProject ? `Compose project ${n.composeProject}` : `${n.scope} scope`}</div>
      </td>
      <td className="col-driver muted">{n.driver === 'null' ? 'none' : n.driver}</td>
      <td className="col-subnet">
        {n.subnets.length ? (
          n.subnets.map((s) => (
            <div key={s.subnet} className="mono subnet">
              {s.subnet}
              {s.gateway && <span className="muted"> via {s.gateway}</span>}
              {s.ipRange && <span className="muted"> · range {s.ipRange}</span>}
            </div>
          ))
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="col-users">
        <ContainerChips containers={containers.map((c) => ({ id: c.containerId, name: c.containerName, state: c.state, note: c.ipv4 }))} empty="No containers" />
      </td>
      <td className="col-created muted">{n.created ? <RelativeTime epochSeconds={n.created} /> : '—'}</td>
      <td className="col-actions-2">
        <div className="row-actions">
          {canConnect ? (
            <button type="button" className="icon-button" aria-label={`Connect a container to ${n.name}`} title="Connect a container" onClick={() => open({ kind: 'connect', network: n })}>
              <LinkIcon />
            </button>
          ) : (
            <span className="action-slot" />
          )}
          <button
            type="button"
            className="icon-button icon-button--danger"
            aria-label={`Remove ${n.name}`}
            title={n.builtIn ? 'Comes with the engine' : 'Remove'}
            disabled={n.builtIn}
            onClick={() => open({ kind: 'remove', network: n })}
          >
            <TrashIcon />
          </button>
        </div>
      </td>
    </tr>
  );
});
