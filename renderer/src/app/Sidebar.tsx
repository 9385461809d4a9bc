import { PaletteButton } from '../features/command-palette/PaletteButton';
import { EngineStatusCard } from '../features/engines/EngineStatusCard';
import { EngineSwitcher } from '../features/engines/EngineSwitcher';
import { TasksButton } from '../features/tasks/TasksButton';
import { pages } from './pages';
import type { PageDef } from './pages';
import { href } from './router';
import type { PageId } from './router';

const alwaysShown = () => true;

function NavLink({ page, current }: { page: PageDef; current: PageId }) {
  // The page's own hook (fixed per page, so hooks run in the same order every render).
  const shown = (page.useShown ?? alwaysShown)();
  if (!shown && current !== page.id) return null;
  return (
    <a className="nav__link" href={href(page.id)} aria-current={current === page.id ? 'page' : undefined}>
      {page.icon}
      {page.title}
    </a>
  );
}

export function Sidebar({ current }: { current: PageId }) {
  return (
    <aside className="sidebar">
      <div className="wordmark">
        <svg className="wordmark__mark" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <rect x="2" y="2" width="20" height="20" rx="5" fill="var(--accent)" />
          <path d="M6 14.5h12l-1.6 3.5H7.6zM8 11h3v2.5H8zM12 11h3v2.5h-3zM10 7.5h3V10h-3z" fill="#fff" />
        </svg>
        <span className="wordmark__name">Berth</span>
      </div>
      <PaletteButton />
      <nav className="nav" aria-label="Main">
        {pages
          .filter((p) => !p.group)
          .map((p) => (
            <NavLink key={p.id} page={p} current={current} />
          ))}
      </nav>
      <nav className="nav" aria-label="Swarm">
        {pages
          .filter((p) => p.group === 'Swarm')
          .map((p) => (
            <NavLink key={p.id} page={p} current={current} />
          ))}
      </nav>
      <div className="sidebar__footer">
        <TasksButton />
        <EngineStatusCard />
        <EngineSwitcher />
      </div>
    </aside>
  );
}
