/** Every container of the engine in use, grouped by Compose project, searchable, with actions. */
import { useCallback, useMemo } from 'react';
import type { ContainerAction, ContainerSummary, EngineEndpoint } from '../../../../engine/contract/types';
import { ContainersIcon, PlayIcon } from '../../components/icons';
import { SearchBox } from '../../components/SearchBox';
import { showToast } from '../../components/toasts/store';
import { useEngineStatus } from '../engines/api';
import { pageGate } from '../engines/PageGate';
import { openRunDialog } from '../run-container/store';
import { useContainerAction, useContainers, usePendingWork } from './api';
import { BulkActionBar } from './BulkActionBar';
import { ContainerTable } from './ContainerTable';
import { affectedBy, containerActions } from './actions';
import { arrangeContainers, matchesSearch } from './list';
import { RemoveDialog } from './RemoveDialog';
import { useContainersUi } from './store';
import { NoMatches } from '../../components/Placeholder';
import '../../styles/list-pages.css';

const EMPTY: ContainerSummary[] = [];

export function ContainersPage() {
  const engine = useEngineStatus();
  const containers = useContainers();
  const all = containers.data ?? EMPTY;
  const search = useContainersUi((s) => s.search);
  const setSearch = useContainersUi((s) => s.setSearch);
  const selectedIds = useContainersUi((s) => s.selected);
  const removing = useContainersUi((s) => s.removing);
  const pending = usePendingWork();
  const act = useContainerAction();
  const { mutate } = act;

  const shown = useMemo(() => all.filter((c) => matchesSearch(c, search)), [all, search]);
  const entries = useMemo(() => arrangeContainers(shown), [shown]);
  const selected = useMemo(() => all.filter((c) => selectedIds[c.id]), [all, selectedIds]);
  const running = all.filter((c) => c.state === 'running').length;

  const onAct = useCallback(
    (targets: ContainerSummary[], action: ContainerAction) => {
      const affected = affectedBy(action, targets);
      if (!affected.length) {
        showToast({ tone: 'info', title: `Nothing to ${containerActions[action].verb}`, message: containerActions[action].whenNoneApply });
        return;
      }
      mutate({ work: action, containers: affected.map(({ id, name }) => ({ id, name })) });
    },
    [mutate],
  );

  const engineStatus = engine.data;
  let body;
  const gate = pageGate(engineStatus, containers, { loading: 'Loading containers…', failed: 'Could not list the containers' });
  if (gate) body = gate;
  else if (!all.length) body = <NoContainers endpoint={engineStatus?.endpoint} />;
  else if (!shown.length)
    body = <NoMatches what="containers" search={search} hint="The search looks at names, images, Compose projects and the start of ids." onClear={() => setSearch('')} />;
  else body = <ContainerTable entries={entries} shown={shown} pending={pending} onAct={onAct} />;

  const hasList = engineStatus?.state === 'running' && all.length > 0;
  return (
    <section className="page" aria-labelledby="containers-title">
      <header className="page-header">
        <div className="page-header__title">
          <h1 id="containers-title">Containers</h1>
          {hasList && (
            <span className="page-header__meta">
              {running} running · {all.length} in all
            </span>
          )}
        </div>
        <div className="page-header__actions">
          {hasList && (
            <SearchBox label="Search containers" placeholder="Search name, image, id, project" value={search} onChange={setSearch} />
          )}
          {hasList && (
            <button type="button" className="button button--primary" onClick={() => openRunDialog()} data-testid="open-run-dialog">
              <PlayIcon /> Run a container
            </button>
          )}
        </div>
      </header>
      {hasList && <BulkActionBar selected={selected} onAct={onAct} />}
      <div className="page-body">{body}</div>
      {removing && <RemoveDialog key={removing.join()} containers={all} />}
    </section>
  );
}

/** The docker CLI finds the default socket, a context or DOCKER_HOST by itself; other engines need telling. */
function cliCommand(endpoint: EngineEndpoint | undefined): string {
  const command = 'docker run -d -p 8080:80 nginx';
  const cliFindsIt = !endpoint || endpoint.kind === 'default' || endpoint.kind === 'context' || endpoint.kind === 'docker-host';
  return cliFindsIt ? command : `DOCKER_HOST=${endpoint.host} ${command}`;
}

function NoContainers({ endpoint }: { endpoint: EngineEndpoint | undefined }) {
  return (
    <div className="placeholder" data-testid="no-containers">
      <span className="placeholder__icon">
        <ContainersIcon />
      </span>
      <div className="placeholder__title">No containers yet</div>
      <p>Containers you create show up here as soon as they exist. Run one here, or from a terminal:</p>
      <code className="command">{cliCommand(endpoint)}</code>
      <div className="placeholder__actions">
        <button type="button" className="button button--primary" onClick={() => openRunDialog()} data-testid="open-run-dialog">
          <PlayIcon /> Run a container
        </button>
      </div>
    </div>
  );
}
