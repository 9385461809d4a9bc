/**
 * A page per container (`#/containers/<id>/<tab>`): its header and actions, and one tab at a time.
 * Kept live by the engine's events like every list: its inspect data is refetched when containers change.
 */
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import type { ContainerState } from '../../../../engine/contract/types';
import { href, navigate } from '../../app/router';
import { ContainerLogs } from '../container-logs/ContainerLogs';
import { ContainerTerminal } from '../container-terminal/ContainerTerminal';
import { useEngineStatus } from '../engines/api';
import { EngineRequired } from '../engines/EngineRequired';
import { Placeholder, ReadFailed, Waiting } from '../../components/Placeholder';
import { useContainerAction, useContainers, usePendingWork } from '../containers/api';
import { RemoveDialog } from '../containers/RemoveDialog';
import { useContainersUi } from '../containers/store';
import { useContainerInspect } from './api';
import { DetailsHeader } from './DetailsHeader';
import { DetailTabs } from './DetailTabs';
import type { TabDef } from './DetailTabs';
import { FilesTab } from './FilesTab';
import { InspectTab } from './InspectTab';
import { OverviewTab } from './OverviewTab';
import { ProcessesTab } from './ProcessesTab';
import { StatsTab } from './StatsTab';
import './details.css';
import '../../styles/list-pages.css';

interface Tab extends TabDef {
  render(ctx: { id: string; name: string; running: boolean; inspect: NonNullable<ReturnType<typeof useContainerInspect>['data']> }): ReactNode;
}

const TABS: Tab[] = [
  { id: 'overview', label: 'Overview', render: ({ inspect }) => <OverviewTab inspect={inspect} /> },
  { id: 'logs', label: 'Logs', render: ({ id }) => <ContainerLogs containerId={id} /> },
  { id: 'terminal', label: 'Terminal', render: ({ id }) => <ContainerTerminal containerId={id} /> },
  { id: 'inspect', label: 'Inspect', render: ({ inspect }) => <InspectTab inspect={inspect} /> },
  { id: 'stats', label: 'Stats', render: ({ id, name, running }) => <StatsTab id={id} name={name} running={running} /> },
  { id: 'processes', label: 'Processes', render: ({ id, name, running }) => <ProcessesTab id={id} name={name} running={running} /> },
  { id: 'files', label: 'Files', render: ({ id, name }) => <FilesTab id={id} name={name} /> },
];

export function ContainerDetailsPage({ id, tab }: { id: string; tab?: string }) {
  const engine = useEngineStatus();
  const inspect = useContainerInspect(id);
  const containers = useContainers();
  const pending = usePendingWork().get(inspect.data?.Id ?? id);
  const act = useContainerAction();
  const removing = useContainersUi((s) => s.removing);
  const askToRemove = useContainersUi((s) => s.askToRemove);
  const removedHere = useRef(false);
  const current = TABS.find((t) => t.id === tab) ?? TABS[0]!;

  if (pending === 'remove') removedHere.current = true;
  const gone = inspect.isError && (inspect.error as { code?: string }).code === 'not-found';
  useEffect(() => {
    // Removed from this page: back to the list it came from, rather than a page about nothing.
    if (gone && removedHere.current) navigate('containers');
  }, [gone]);

  let body: ReactNode;
  if (!engine.data) body = <Waiting text="Connecting to Berth…" />;
  else if (engine.data.state !== 'running') body = <EngineRequired status={engine.data} />;
  else if (inspect.isPending) body = <Waiting text="Reading the container…" />;
  else if (gone) {
    body = (
      <Placeholder
        testId="container-gone"
        title={<>There is no container “{id}”</>}
        actions={
          <a className="button" href={href('containers')}>
            Back to containers
          </a>
        }
      >
        It may have been removed, or the link belongs to another engine.
      </Placeholder>
    );
  } else if (inspect.isError) {
    body = <ReadFailed title="Could not read the container" error={inspect.error} onRetry={inspect.refetch} />;
  }
  if (body || !inspect.data) {
    return (
      <section className="page details-page" aria-label="Container">
        <div className="page-body">{body}</div>
      </section>
    );
  }

  const data = inspect.data;
  const name = data.Name.replace(/^\//, '');
  const state = (data.State?.Status ?? 'created') as ContainerState;
  const running = state === 'running';
  const summary = containers.data?.find((c) => c.id === data.Id);
  return (
    <section className="page details-page" aria-labelledby="details-title" data-testid="container-details" data-container-id={data.Id} data-state={state}>
      <DetailsHeader
        inspect={data}
        name={name}
        state={state}
        pending={pending}
        onAct={(action) => act.mutate({ work: action, containers: [{ id: data.Id, name }] })}
        onRemove={() => askToRemove([data.Id])}
      />
      <DetailTabs containerId={id} tabs={TABS} current={current.id} />
      <div className="detail-panel" id="detail-panel" role="tabpanel" aria-labelledby={`tab-${current.id}`} data-tab={current.id}>
        {current.render({ id: data.Id, name, running, inspect: data })}
      </div>
      {removing && summary && <RemoveDialog key={removing.join()} containers={[summary]} />}
    </section>
  );
}
