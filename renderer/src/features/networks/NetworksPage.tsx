/** Every network of the engine in use, the containers on each, and how each container is networked. */
import { useMemo } from 'react';
import type { NetworkSummary } from '../../../../engine/contract/networks-types';
import { NetworksIcon, PlusIcon, TrashIcon } from '../../components/icons';
import { SearchBox } from '../../components/SearchBox';
import { useEngineStatus } from '../engines/api';
import { pageGate } from '../engines/PageGate';
import { plural } from '../../components/format';
import { useNetworkAttachments, useNetworks } from './api';
import { ContainerModes } from './ContainerModes';
import { NetworkDialogs } from './NetworkDialogs';
import { NetworkModeExplainer } from './NetworkModeExplainer';
import { NetworkTable } from './NetworkTable';
import { useNetworksUi } from './store';
import { Page } from '../../components/Page';
import { Placeholder } from '../../components/Placeholder';
import '../../styles/list-pages.css';
import '../images/images.css';
import '../../styles/resource-pages.css';
import './networks.css';

const EMPTY: NetworkSummary[] = [];

function matches(n: NetworkSummary, names: string[], search: string): boolean {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  return n.name.toLowerCase().includes(q) || n.driver.includes(q) || n.subnets.some((s) => s.subnet.includes(q)) || names.some((c) => c.toLowerCase().includes(q)) || n.id.startsWith(q);
}

export function NetworksPage() {
  const engine = useEngineStatus();
  const networks = useNetworks();
  const attachments = useNetworkAttachments().data;
  const search = useNetworksUi((s) => s.search);
  const setSearch = useNetworksUi((s) => s.setSearch);
  const open = useNetworksUi((s) => s.open);
  const all = networks.data ?? EMPTY;
  const byNetwork = attachments?.byNetwork ?? {};
  const shown = useMemo(() => all.filter((n) => matches(n, (byNetwork[n.name] ?? []).map((c) => c.containerName), search)), [all, byNetwork, search]);

  const status = engine.data;
  const running = status?.state === 'running';
  let body;
  const gate = pageGate(status, networks, { loading: 'Loading networks…', failed: 'Could not list the networks' });
  if (gate) body = gate;
  else
    body = (
      <>
        {shown.length ? (
          <NetworkTable networks={shown} attachments={byNetwork} />
        ) : (
          <Placeholder
            icon={<NetworksIcon />}
            title={<>No networks match “{search.trim()}”</>}
            actions={
              <button type="button" className="button" onClick={() => setSearch('')}>
                Clear search
              </button>
            }
          >
            The search looks at names, drivers, subnets and the containers on them.
          </Placeholder>
        )}
        <section className="modes" aria-labelledby="modes-title">
          <h2 id="modes-title" className="modes__title">
            Network modes
          </h2>
          <p className="modes__lead muted">Every container is networked in one of four ways, chosen when it is created.</p>
          <NetworkModeExplainer />
          <h3 className="modes__subtitle">Your containers</h3>
          <ContainerModes containers={attachments?.containers ?? []} />
        </section>
      </>
    );

  return (
    <Page
      titleId="networks-title"
      title="Networks"
      meta={running && all.length > 0 && plural(all.length, 'network')}
      tools={
        running && (
          <>
            <SearchBox label="Search networks" placeholder="Search name, subnet, container" value={search} onChange={setSearch} />
            <button type="button" className="button" aria-label="Remove unused networks" title="Remove unused networks" onClick={() => open({ kind: 'prune' })}>
              <TrashIcon />
              <span className="button__label">Remove unused</span>
            </button>
            <button type="button" className="button button--primary" onClick={() => open({ kind: 'create' })}>
              <PlusIcon />
              Create
            </button>
          </>
        )
      }
      dialogs={<NetworkDialogs />}
    >
      {body}
    </Page>
  );
}
