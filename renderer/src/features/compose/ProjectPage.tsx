/**
 * One Compose project: its services with their containers, acting on all or one, its configuration beside
 * its files, and its combined logs. The same page whether the project was opened in Berth or started from
 * a terminal (then its files come from the containers' labels).
 */
import { useMemo, useState } from 'react';
import type { ComposeProject } from '../../../../engine/contract/compose-types';
import type { ContainerSummary } from '../../../../engine/contract/types';
import { href } from '../../app/router';
import { PlayIcon, RefreshIcon, RestartIcon, StopIcon, TrashIcon } from '../../components/icons';
import { messageOf } from '../../components/toasts/store';
import { ProjectLogs } from '../container-logs/ProjectLogs';
import { useContainers } from '../containers/api';
import { useEngineStatus } from '../engines/api';
import { pageGate } from '../engines/PageGate';
import { useComposeProject, useSetProfiles } from './api';
import { ConfigView } from './ConfigView';
import { DownDialog } from './DownDialog';
import { ProblemView } from './ProblemView';
import { ServiceRows } from './ServiceRows';
import { runCompose } from './tasks';
import { UpDialog } from './UpDialog';
import '../../components/page.css';
import '../../styles/list-pages.css';
import '../images/build.css';
import './compose.css';

type Tab = 'services' | 'configuration' | 'logs';
const NONE: ContainerSummary[] = [];

function Profiles({ project }: { project: ComposeProject }) {
  const set = useSetProfiles(project.name);
  if (!project.availableProfiles.length) return null;
  const toggle = (p: string) => set.mutate(project.profiles.includes(p) ? project.profiles.filter((x) => x !== p) : [...project.profiles, p]);
  return (
    <div className="compose-profiles" aria-label="Profiles">
      <span className="muted">Profiles:</span>
      {project.availableProfiles.map((p) => (
        <label key={p} className="checkbox-row">
          <input type="checkbox" checked={project.profiles.includes(p)} disabled={set.isPending} onChange={() => toggle(p)} />
          {p}
        </label>
      ))}
    </div>
  );
}

export function ProjectPage({ name }: { name: string }) {
  const engine = useEngineStatus();
  const project = useComposeProject(name);
  const containers = useContainers().data ?? NONE;
  const [tab, setTab] = useState<Tab>('services');
  const [dialog, setDialog] = useState<'up' | 'down' | null>(null);
  const mine = useMemo(() => containers.filter((c) => c.composeProject === name && c.labels['com.docker.compose.oneoff'] !== 'True'), [containers, name]);

  // The containers are known before Compose has read the files (`config` takes a moment): draw the
  // services from them at once, and the definition when it comes.
  const reading = project.isPending && containers.length > 0;
  const gate = pageGate(engine.data, reading ? { ...project, isPending: false } : project, { loading: `Reading ${name}…`, failed: `Could not open ${name}` });
  const def = project.data;
  const usable = def && !def.problem;
  const all = (action: 'start' | 'stop' | 'restart' | 'pull' | 'recreate') => runCompose(name, { action, services: [] });

  const services = useMemo(() => {
    const defined = def?.services ?? [];
    const extra = [...new Set(mine.map((c) => c.composeService ?? '').filter((s) => s && !defined.some((d) => d.name === s)))];
    return [...defined, ...extra.map((s) => ({ name: s, image: mine.find((c) => c.composeService === s)?.image }))];
  }, [def, mine]);

  return (
    <section className="page" aria-labelledby="project-title" data-testid="compose-project-page" data-definition={def ? 'read' : 'reading'}>
      <header className="page-header">
        <div className="page-header__title">
          <a href={href('compose')} className="page-header__back">
            Compose
          </a>
          <h1 id="project-title">{name}</h1>
          {def && <span className="page-header__meta mono">{def.files.join(', ')}</span>}
        </div>
        <div className="page-header__tools">
          <button type="button" className="button button--primary" disabled={!usable} onClick={() => setDialog('up')}>
            <PlayIcon /> Up…
          </button>
          <button type="button" className="button" disabled={!usable} aria-label="Start all" onClick={() => all('start')}>
            <PlayIcon /> Start
          </button>
          <button type="button" className="button" disabled={!usable} aria-label="Stop all" onClick={() => all('stop')}>
            <StopIcon /> Stop
          </button>
          <button type="button" className="button" disabled={!usable} aria-label="Restart all" onClick={() => all('restart')}>
            <RestartIcon /> Restart
          </button>
          <button type="button" className="button" disabled={!usable} aria-label="Pull all" title="Pull the services’ images" onClick={() => all('pull')}>
            <RefreshIcon /> Pull
          </button>
          <button type="button" className="button" disabled={!usable} aria-label="Recreate all" title="Create every container again from the file" onClick={() => all('recreate')}>
            Recreate
          </button>
          <button type="button" className="button button--danger" disabled={!usable} onClick={() => setDialog('down')}>
            <TrashIcon /> Down…
          </button>
        </div>
      </header>
      <div className="page-body compose-project">
        {gate ?? (
          <>
            {reading && (
              <p className="muted" role="status">
                Reading the compose files…
              </p>
            )}
            {def?.problem && <ProblemView problem={def.problem} />}
            {def && <Profiles project={def} />}
            <div className="compose-tabs" role="tablist" aria-label={`${name} views`}>
              {(['services', 'configuration', 'logs'] as const).map((t) => (
                <button key={t} type="button" role="tab" aria-selected={tab === t} className="compose-tab" onClick={() => setTab(t)}>
                  {t === 'services' ? 'Services' : t === 'configuration' ? 'Configuration' : 'Logs'}
                </button>
              ))}
              <button type="button" className="button button--quiet compose-reload" onClick={() => void project.refetch()} title="Read the files again">
                Read the files again
              </button>
            </div>
            {tab === 'services' && (
              <table className="list-table data-table compose-services" aria-label={`Services of ${name}`}>
                <thead>
                  <tr>
                    <th>Container</th>
                    <th>State</th>
                    <th>Health</th>
                    <th>Ports</th>
                    <th>Status</th>
                  </tr>
                </thead>
                {services.map((s) => (
                  <ServiceRows key={s.name} project={name} service={s} containers={mine.filter((c) => c.composeService === s.name)} />
                ))}
              </table>
            )}
            {tab === 'configuration' && def && <ConfigView project={def} />}
            {tab === 'logs' && (mine.length ? <ProjectLogs project={name} /> : <p className="muted">{name} has no containers yet: Up starts them.</p>)}
            {project.isRefetchError && <p role="alert">{messageOf(project.error)}</p>}
          </>
        )}
      </div>
      {dialog === 'up' && def && <UpDialog project={name} services={def.services} onClose={() => setDialog(null)} />}
      {dialog === 'down' && <DownDialog project={name} onClose={() => setDialog(null)} />}
    </section>
  );
}
