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
    <section className="page" aria-labelledby="services-title">
      <header className="page-header">
        <div className="page-header__title">
          <h1 id="services-title">Services</h1>
          {!gate && <span className="page-header__meta">{plural(all?.length ?? 0, 'service')}</span>}
        </div>
        {!gate && (
          <div className="page-header__tools">
            <SearchBox label="Search services" placeholder="Search name, image, stack" value={search} onChange={setSearch} />
            <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
              <PlusIcon />
              Create
            </button>
          </div>
        )}
      </header>
      <div className="page-body">
        {gate ??
          (all?.length ? (
            <div className="table-scroll table-scroll--inline">
              <table className="list-table data-table" aria-label="Services">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Mode</th>
                    <th scope="col">Replicas</th>
                    <th scope="col">Image</th>
                    <th scope="col">Ports</th>
                    <th scope="col">Last update</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((s) => (
                    <ServiceRow key={s.id} s={s} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <div className="placeholder">
              <div className="placeholder__title">No services yet</div>
              <p>A service runs tasks from an image on the swarm’s nodes, and keeps as many running as you ask for.</p>
            </div>
          ))}
      </div>
      {creating && <ServiceDialog initial={EMPTY_FORM} onClose={() => setCreating(false)} />}
    </section>
  );
}
