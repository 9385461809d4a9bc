import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { AccessNeeded } from './app/AccessNeeded';
import { useAccess } from './app/access-token';
import { client } from './app/contract-client';
import { queryClient } from './app/query-client';
import { followAppUpdates } from './app/updates';
import { followWindowEngine } from './app/window-engine';
import './styles/base.css';
import './styles/controls.css';
import './styles/tables.css';
import './components/facts.css';

followWindowEngine();
followAppUpdates(client, queryClient);

/** Browser mode without a token the server takes shows how to get one; the desktop app is always granted. */
function Root() {
  return useAccess() === 'granted' ? <App /> : <AccessNeeded />;
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Root />
    </QueryClientProvider>
  </StrictMode>,
);
