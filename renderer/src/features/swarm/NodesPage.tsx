/** The swarm's nodes: hostname, role, availability, status, manager reachability, engine, labels, CPUs and memory, and what can be done to each. */
import { useState } from 'react';
import type { SwarmNode } from '../../../../engine/contract/swarm-types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormDialog } from '../../components/FormDialog';
import { formatBytes, plural } from '../../components/format';
import { formatKeyValues, KeyValueField, parseKeyValues } from '../../components/KeyValueField';
import { useNodes, useSwarmAction } from './api';
import { useManagerGate } from './ManagerGate';
import { type Column, DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import '../images/images.css';
import '../../styles/resource-pages.css';
import './swarm.css';

function LabelsDialog({ node, onClose }: { node: SwarmNode; onClose(): void }) {
  const [text, setText] = useState(formatKeyValues(node.labels));
  const update = useSwarmAction('nodes.update');
  const parsed = parseKeyValues(text);
  return (
    <FormDialog
      title={`Labels of ${node.hostname}`}
      submitLabel="Save"
      busy={update.isPending}
      blocked={Boolean(parsed.problem)}
      error={update.error}
      onCancel={onClose}
      onSubmit={() => update.mutate({ id: node.id, labels: parsed.values ?? {} }, { onSuccess: onClose })}
    >
      <KeyValueField label="Labels" value={text} onChange={setText} placeholder="zone=eu-1" hint="One key=value per line. Services place tasks with them: node.labels.zone==eu-1." problem={parsed.problem} />
    </FormDialog>
  );
}

type Asking = { kind: 'remove' | 'drain' | 'demote' | 'labels'; node: SwarmNode };

function NodeRow({ node, ask }: { node: SwarmNode; ask(a: Asking): void }) {
  const update = useSwarmAction('nodes.update', (i) => `Could not change ${node.hostname}${i.availability ? ` to ${i.availability}` : ''}`);
  return (
    <tr data-testid={`node-${node.hostname}`}>
      <td>
        <strong>{node.hostname}</strong>
        {node.self && <span className="badge badge--info">this engine</span>}
        <div className="muted mono">{node.address}</div>
      </td>
      <td>
        {node.role}
        {node.role === 'manager' && <div className="muted">{node.leader ? 'leader' : node.managerReachability}</div>}
      </td>
      <td>{node.availability}</td>
      <td>
        <span className={`badge ${node.status === 'ready' ? 'badge--success' : 'badge--danger'}`}>{node.status}</span>
      </td>
      <td className="mono">{node.engineVersion ?? '—'}</td>
      <td>
        {node.cpus !== undefined ? `${node.cpus} CPU` : '—'}
        {node.memoryBytes ? ` · ${formatBytes(node.memoryBytes)}` : ''}
      </td>
      <td className="mono">{formatKeyValues(node.labels, ', ') || '—'}</td>
      <td>
        <div className="swarm-actions">
          {node.availability !== 'active' && (
            <button type="button" className="button" onClick={() => update.mutate({ id: node.id, availability: 'active' })}>
              Activate
            </button>
          )}
          {node.availability === 'active' && (
            <button type="button" className="button" title="No new tasks; running ones stay" onClick={() => update.mutate({ id: node.id, availability: 'pause' })}>
              Pause
            </button>
          )}
          {node.availability !== 'drain' && (
            <button type="button" className="button" onClick={() => ask({ kind: 'drain', node })}>
              Drain
            </button>
          )}
          {node.role === 'worker' ? (
            <button type="button" className="button" onClick={() => update.mutate({ id: node.id, role: 'manager' })}>
              Promote
            </button>
          ) : (
            <button type="button" className="button" onClick={() => ask({ kind: 'demote', node })}>
              Demote
            </button>
          )}
          <button type="button" className="button" onClick={() => ask({ kind: 'labels', node })}>
            Labels
          </button>
          <button type="button" className="button button--danger" onClick={() => ask({ kind: 'remove', node })}>
            Remove
          </button>
        </div>
      </td>
    </tr>
  );
}

function Questions({ asking, close }: { asking: Asking; close(): void }) {
  const { node } = asking;
  const update = useSwarmAction('nodes.update', () => `Could not change ${node.hostname}`);
  const remove = useSwarmAction('nodes.remove', () => `Could not remove ${node.hostname}`);
  if (asking.kind === 'labels') return <LabelsDialog node={node} onClose={close} />;
  if (asking.kind === 'drain') {
    return (
      <ConfirmDialog title={`Drain ${node.hostname}?`} confirmLabel="Drain" onCancel={close} onConfirm={() => (close(), update.mutate({ id: node.id, availability: 'drain' }))}>
        <p>Its tasks are stopped and started again on other nodes, and it gets no new ones until it is activated. Services with a port published in host mode need a free port on another node.</p>
      </ConfirmDialog>
    );
  }
  if (asking.kind === 'demote') {
    return (
      <ConfirmDialog title={`Demote ${node.hostname} to a worker?`} confirmLabel="Demote" onCancel={close} onConfirm={() => (close(), update.mutate({ id: node.id, role: 'worker' }))}>
        <p>It stops taking part in managing the swarm. With fewer managers the swarm tolerates fewer failures: keep an odd number (1, 3, 5).</p>
      </ConfirmDialog>
    );
  }
  return (
    <ConfirmDialog title={`Remove ${node.hostname} from the swarm?`} confirmLabel="Remove" danger onCancel={close} onConfirm={() => (close(), remove.mutate({ id: node.id, force: false }))}>
      <p>The swarm forgets the node. A node that is up is refused: drain it and have it leave the swarm (or stop its engine) first.</p>
    </ConfirmDialog>
  );
}

const nodeColumns: (Column | string)[] = ['Hostname', 'Role', 'Availability', 'Status', 'Engine', 'Resources', 'Labels', { header: 'Actions', hidden: true }];

export function NodesPage() {
  const nodes = useNodes();
  const [asking, setAsking] = useState<Asking>();
  const gate = useManagerGate(nodes, { loading: 'Loading nodes…', failed: 'Could not list the nodes' });
  const list = nodes.data ?? [];
  return (
    <Page
      titleId="nodes-title"
      title="Nodes"
      meta={!gate && plural(list.length, 'node')}
      dialogs={asking && <Questions asking={asking} close={() => setAsking(undefined)} />}
    >
      {gate ?? (
        <DataTable label="Nodes" columns={nodeColumns}>
          <tbody>
            {list.map((n) => (
              <NodeRow key={n.id} node={n} ask={setAsking} />
            ))}
          </tbody>
        </DataTable>
      )}
    </Page>
  );
}
