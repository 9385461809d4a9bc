import { Suspense, lazy, useEffect } from 'react';
import { Toaster } from '../components/toasts/Toaster';
import { SettingsWarning } from '../features/app-info/SettingsWarning';
import { Waiting } from '../components/Placeholder';
import { KeyboardLayer } from '../features/command-palette/KeyboardLayer';
import { useImagesUi } from '../features/images/store';
import { useRunDialog } from '../features/run-container/store';
import { useAppliedTheme } from '../features/preferences/theme';
import { ConnectionBanner } from './ConnectionBanner';
import { defaultPage, pages, renderRoute } from './pages';
import { listRouteOf, pageOf, replaceRoute, useLocation } from './router';
import { Sidebar } from './Sidebar';
import { useWindowEngine } from './window-engine';
import './shell.css';

// Dialogs opened from anywhere load the first time one opens, like the pages, so their code (the Run
// dialog's command parser, the image dialogs' reference checks) is not parsed before the first page shows.
const ImageDialogs = lazy(() => import('../features/images/dialogs/ImageDialogs').then((m) => ({ default: m.ImageDialogs })));
const RunDialogHost = lazy(() => import('../features/run-container/RunDialog').then((m) => ({ default: m.RunDialogHost })));

function Overlays() {
  const imageDialog = useImagesUi((s) => s.dialog !== null && s.dialog !== undefined);
  const runDialog = useRunDialog((s) => s.session !== null);
  return (
    <Suspense fallback={null}>
      {imageDialog && <ImageDialogs />}
      {runDialog && <RunDialogHost />}
    </Suspense>
  );
}

export function App() {
  const location = useLocation();
  useAppliedTheme();
  const { route } = location;
  const page = route && pages.find((p) => p.id === pageOf(route));
  useEffect(() => {
    // An unknown or empty address shows the default page, and says so in the address bar.
    if (!page) replaceRoute(listRouteOf(defaultPage.id));
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
            {renderRoute(page && route ? route : listRouteOf(defaultPage.id))}
          </Suspense>
        ) : (
          <Waiting text="Switching engine…" />
        )}
      </main>
      <Toaster />
      <Overlays />
      <KeyboardLayer />
    </div>
  );
}
