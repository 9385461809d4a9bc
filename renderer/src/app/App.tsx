import { Suspense, useEffect } from 'react';
import { Toaster } from '../components/toasts/Toaster';
import { SettingsWarning } from '../features/app-info/SettingsWarning';
import { Waiting } from '../features/engines/PageGate';
import { ImageDialogs } from '../features/images/dialogs/ImageDialogs';
import { RunDialogHost } from '../features/run-container/RunDialog';
import { KeyboardLayer } from '../features/command-palette/KeyboardLayer';
import { useAppliedTheme } from '../features/preferences/theme';
import { ConnectionBanner } from './ConnectionBanner';
import { defaultPage, pages } from './pages';
import { hrefOf, useLocation } from './router';
import { Sidebar } from './Sidebar';
import { useWindowEngine } from './window-engine';
import './shell.css';

export function App() {
  const location = useLocation();
  useAppliedTheme();
  const page = pages.find((p) => p.id === location.page);
  useEffect(() => {
    // An unknown or empty address shows the default page, and says so in the address bar.
    if (!page) history.replaceState(null, '', hrefOf(defaultPage.id));
    document.title = `${(page ?? defaultPage).title} · Berth`;
  }, [page]);
  const shown = page ?? defaultPage;
  // A page belongs to one engine: when the window changes engine it is made again, and the old engine's
  // streams (logs, stats, a terminal) close with it.
  const windowEngine = useWindowEngine();
  return (
    <div className="shell">
      <Sidebar current={shown.id} />
      {/* Focusable so keyboard commands that change page can move focus to the new page. */}
      <main className="shell__main" tabIndex={-1}>
        <ConnectionBanner />
        <SettingsWarning />
        {windowEngine.ready ? (
          <Suspense key={windowEngine.engine ?? 'default'} fallback={<Waiting text="Loading…" />}>
            {shown.render(page ? location.params : [])}
          </Suspense>
        ) : (
          <Waiting text="Switching engine…" />
        )}
      </main>
      <ImageDialogs />
      <Toaster />
      <RunDialogHost />
      <KeyboardLayer />
    </div>
  );
}
