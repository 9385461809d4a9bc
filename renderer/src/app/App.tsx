import { useEffect } from 'react';
import { Toaster } from '../components/toasts/Toaster';
import { SettingsWarning } from '../features/app-info/SettingsWarning';
import { ContainersPage } from '../features/containers/ContainersPage';
import { EnginesPage } from '../features/engines/EnginesPage';
import { ConnectionBanner } from './ConnectionBanner';
import { useRoute } from './router';
import type { Route } from './router';
import { Sidebar } from './Sidebar';
import './shell.css';

const titles: Record<Route, string> = { containers: 'Containers', engines: 'Engines' };

export function App() {
  const route = useRoute();
  useEffect(() => {
    document.title = `${titles[route]} · Berth`;
  }, [route]);
  return (
    <div className="shell">
      <Sidebar route={route} />
      <main className="shell__main">
        <ConnectionBanner />
        <SettingsWarning />
        {route === 'containers' ? <ContainersPage /> : <EnginesPage />}
      </main>
      <Toaster />
    </div>
  );
}
