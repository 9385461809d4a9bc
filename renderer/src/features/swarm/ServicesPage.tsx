/** The swarm's services: mode, replicas running and wanted, image, published ports, last update; create one. */
import { useMemo, useState } from 'react';
import type { PublishedPort, ServiceSummary } from '../../../../engine/contract/swarm-types';
import { href } from '../../app/router';
import { plural } from '../../components/format';
import { PlusIcon } from '../../components/icons';
import { RelativeTime } from '../../components/RelativeTime';
import { SearchBox } from '../../components/SearchBox';
import { useServices } from './api';
import { useManagerGate } from './ManagerGate';
import { ServiceDialog } from './ServiceDialog';
import { EMPTY_FORM } from './service-form-text';
import { type Column, DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { Placeholder } from '../../components/Placeholder';
import '../images/images.css';
import '../networks/networks.css';
import '../../styles/resource-pages.css';
import './swarm.css';

export function portText(p: PublishedPort): string {
  return `${p.published ?? '*'}→${p.target}/${p.protocol}${p.mode === 'host' ? ' (host)' : ''}`;
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export function ServiceRow({ s }: { s: ServiceSummary }) {
  const short = s.running < s.desired;
  return (
    <tr data-testid={`service-${s.name}`}>
      <td>
        <a href={href('service', { id: s.id })}>
          <strong>{s.name}</strong>
        </a>
        {s.stack && <span className="badge">stack {s.stack}</span>}
      </td>
      <td>{s.mode}</td>
      <td>
        <span className={`badge ${short ? 'badge--warning' : 'badge--success'}`} data-testid="replicas">
          {s.running}/{s.desired}
        </span>
      </td>
      <td className="mono">{s.image}</td>
      <td className="mono">{s.ports.map(portText).join(', ') || '—'}</td>
      <td>
        <RelativeTime epochSeconds={seconds(s.updatedAt)} />
        {s.update && <div className="muted">{s.update.state.replace(/_/g, ' ')}</div>}
      </td>
    </tr>
  );
}

const serviceColumns: (Column | string)[] = ['Name', 'Mode', 'Replicas', 'Image', 'Ports', 'Last update'];

export function ServicesPage() {
  const services = useServices();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const gate = useManagerGate(services, { loading: 'Loading services…', failed: 'Could not list the services' });
  const all = services.data;
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (all ?? []).filter((s) => !q || s.name.toLowerCase().includes(q) || s.image.toLowerCase().includes(q) || s.stack?.toLowerCase().includes(q));
  }, [all, search]);
  return (
    <Page
      titleId="services-title"
      title="Services"
      meta={!gate && plural(all?.length ?? 0, 'service')}
      tools={
        !gate && (
          <>
            <SearchBox label="Search services" placeholder="Search name, image, stack" value={search} onChange={setSearch} />
            <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
              <PlusIcon />
              Create
            </button>
          </>
        )
      }
      dialogs={creating && <ServiceDialog initial={EMPTY_FORM} onClose={() => setCreating(false)} />}
    >
      {gate ??
        (all?.length ? (
          <DataTable label="Services" columns={serviceColumns}>
            <tbody>
              {shown.map((s) => (
                <ServiceRow key={s.id} s={s} />
              ))}
            </tbody>
          </DataTable>
        ) : (
          <Placeholder title="No services yet">
            A service runs tasks from an image on the swarm’s nodes, and keeps as many running as you ask for.
          </Placeholder>
        ))}
    </Page>
  );
}
