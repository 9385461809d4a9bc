import type { ReactNode } from 'react';
import { ContainersIcon, EnginesIcon } from '../components/icons';
import { EngineStatusCard } from '../features/engines/EngineStatusCard';
import { hrefOf } from './router';
import type { Route } from './router';

const pages: { route: Route; label: string; icon: ReactNode }[] = [
  { route: 'containers', label: 'Containers', icon: <ContainersIcon /> },
  { route: 'engines', label: 'Engines', icon: <EnginesIcon /> },
];

export function Sidebar({ route }: { route: Route }) {
  return (
    <aside className="sidebar">
      <div className="wordmark">
        <svg className="wordmark__mark" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <rect x="2" y="2" width="20" height="20" rx="5" fill="var(--accent)" />
          <path d="M6 14.5h12l-1.6 3.5H7.6zM8 11h3v2.5H8zM12 11h3v2.5h-3zM10 7.5h3V10h-3z" fill="#fff" />
        </svg>
        <span className="wordmark__name">Berth</span>
      </div>
      <nav className="nav" aria-label="Main">
        {pages.map((p) => (
          <a key={p.route} className="nav__link" href={hrefOf(p.route)} aria-current={route === p.route ? 'page' : undefined}>
            {p.icon}
            {p.label}
          </a>
        ))}
      </nav>
      <div className="sidebar__footer">
        <EngineStatusCard />
      </div>
    </aside>
  );
}
