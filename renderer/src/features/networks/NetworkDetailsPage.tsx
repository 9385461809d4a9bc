/** One network: the containers on it with their addresses and aliases, its addressing, and its settings. */
import type { NetworkDetails } from '../../../../engine/contract/networks-types';
import { href, navigate } from '../../app/router';
import { LinkIcon, TrashIcon } from '../../components/icons';
import { RelativeTime } from '../../components/RelativeTime';
import { messageOf } from '../../components/toasts/store';
import { useEngineStatus } from '../engines/api';
import { EngineRequired } from '../engines/EngineRequired';
import { ContainerChips } from '../../components/ContainerChips';
import { useNetworkDetails } from './api';
import { NetworkDialogs } from './NetworkDialogs';
import { useNetworksUi } from './store';
import { type Column, DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { Placeholder, Waiting } from '../../components/Placeholder';
import { KeyValueFact, RawJson } from '../../components/Facts';
import '../../styles/list-pages.css';
import '../images/images.css';
import '../../styles/resource-pages.css';
import './networks.css';

export function NetworkDetailsPage({ id }: { id: string }) {
  const engine = useEngineStatus();
  const details = useNetworkDetails(id);
  const open = useNetworksUi((s) => s.open);
  const n = details.data?.network;
  const status = engine.data;

  let body;
  if (!status) body = null;
  else if (status.state !== 'running') body = <EngineRequired status={status} />;
  else if (details.isPending)
    body = <Waiting text="Loading the network…" />;
  else if (details.isError)
    body = (
      <Placeholder
        role="alert"
        title="Could not show this network"
        actions={
          <a className="button" href={href('networks')}>
            Back to networks
          </a>
        }
      >
        {messageOf(details.error)}
      </Placeholder>
    );
  else body = <Details details={details.data} />;

  return (
    <Page
      titleId="network-title"
      back={{ href: href('networks'), label: 'Networks' }}
      titleClassName="image-title"
      title={n?.name ?? id.slice(0, 12)}
      tools={
        n && (
          <>
            <button type="button" className="button" disabled={n.builtIn} aria-label={`Remove ${n.name}`} onClick={() => open({ kind: 'remove', network: n })}>
              <TrashIcon />
              <span className="button__label">Remove</span>
            </button>
            {n.driver !== 'host' && n.driver !== 'null' && (
              <button type="button" className="button button--primary" onClick={() => open({ kind: 'connect', network: n })}>
                <LinkIcon />
                Connect a container
              </button>
            )}
          </>
        )
      }
      dialogs={<NetworkDialogs onRemoved={() => navigate('networks')} />}
    >
      {body}
    </Page>
  );
}

const attachmentColumns: (Column | string)[] = [
  'Container',
  { header: 'IPv4 address', col: 'col-ip' },
  'Aliases',
  { header: 'Actions', hidden: true, col: 'col-actions-2' },
];

function Details({ details }: { details: NetworkDetails }) {
  const open = useNetworksUi((s) => s.open);
  const n = details.network;
  return (
    <div className="volume-detail">
      <section aria-labelledby="network-containers-title">
        <div className="section-head">
          <h2 id="network-containers-title">Containers on it</h2>
        </div>
        {details.containers.length ? (
          <DataTable label={`Containers on ${n.name}`} columns={attachmentColumns} frame={null}>
            <tbody>
              {details.containers.map((c) => (
                <tr key={c.containerId} className="data-row" data-testid="network-container" data-container={c.containerName}>
                  <td>
                    <ContainerChips containers={[{ id: c.containerId, name: c.containerName, state: c.state }]} />
                  </td>
                  <td className="mono">{c.ipv4 ?? <span className="muted">none while stopped</span>}</td>
                  <td className="mono muted">{c.aliases?.join(', ') || '—'}</td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button button--quiet"
                        onClick={() => open({ kind: 'disconnect', network: n, container: { id: c.containerId, name: c.containerName } })}
                        aria-label={`Disconnect ${c.containerName} from ${n.name}`}
                      >
                        Disconnect
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        ) : (
          <p className="muted empty-note">No container is on this network.</p>
        )}
      </section>
      <section className="volume-about" aria-labelledby="network-about-title">
        <h2 id="network-about-title" className="section-head">
          About
        </h2>
        <dl className="facts facts--boxed">
          <dt>Driver</dt>
          <dd>
            {n.driver === 'null' ? 'none' : n.driver} <span className="muted">· {n.scope} scope</span>
          </dd>
          <dt>Subnets</dt>
          <dd className="mono facts__wrap">{n.subnets.length ? n.subnets.map((s) => `${s.subnet}${s.gateway ? ` via ${s.gateway}` : ''}${s.ipRange ? `, range ${s.ipRange}` : ''}`).join('\n') : '—'}</dd>
          <dt>Internal</dt>
          <dd>{n.internal ? 'Yes: no route outside' : 'No'}</dd>
          <dt>Attachable</dt>
          <dd>{n.attachable ? 'Yes' : 'No'}</dd>
          <dt>IPv6</dt>
          <dd>{n.ipv6 ? 'On' : 'Off'}</dd>
          <dt>Created</dt>
          <dd>{n.created ? <RelativeTime epochSeconds={n.created} /> : '—'}</dd>
          <dt>Id</dt>
          <dd className="mono facts__wrap">{n.id}</dd>
          <KeyValueFact term="Options" values={details.options} />
          <KeyValueFact term="Labels" values={n.labels} />
        </dl>
        <RawJson raw={details.raw} />
      </section>
    </div>
  );
}
