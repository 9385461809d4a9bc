/** Compose projects: those opened in Berth and those running on the engine, and which Compose runs them. */
import { useState } from 'react';
import { href } from '../../app/router';
import { plural } from '../../components/format';
import { PlusIcon, TrashIcon } from '../../components/icons';
import { useEngineStatus } from '../engines/api';
import { pageGate } from '../engines/PageGate';
import { useComposeProjects, useForgetProject } from './api';
import { ComposeToolPanel } from './ComposeToolPanel';
import { OpenProjectDialog } from './OpenProjectDialog';
import '../../styles/list-pages.css';
import './compose.css';

export function ComposePage() {
  const engine = useEngineStatus();
  const projects = useComposeProjects();
  const forget = useForgetProject();
  const [opening, setOpening] = useState(false);
  const gate = pageGate(engine.data, projects, { loading: 'Loading projects…', failed: 'Could not list the Compose projects' });
  const all = projects.data ?? [];
  return (
    <section className="page" aria-labelledby="compose-title">
      <header className="page-header">
        <div className="page-header__title">
          <h1 id="compose-title">Compose</h1>
          {all.length > 0 && <span className="page-header__meta">{plural(all.length, 'project')}</span>}
        </div>
        <div className="page-header__tools">
          <button type="button" className="button button--primary" onClick={() => setOpening(true)}>
            <PlusIcon />
            Open a project
          </button>
        </div>
      </header>
      <div className="page-body compose-page">
        {gate ??
          (all.length ? (
            <table className="list-table data-table" aria-label="Compose projects">
              <thead>
                <tr>
                  <th>Project</th>
                  <th>Containers</th>
                  <th>Files</th>
                  <th aria-label="Actions" />
                </tr>
              </thead>
              <tbody>
                {all.map((p) => (
                  <tr key={p.name} data-testid="compose-project-row" data-project={p.name}>
                    <td>
                      <a href={href('composeProject', { name: p.name })}>{p.name}</a>
                      {!p.remembered && <span className="muted compose-muted-note"> · found on the engine</span>}
                    </td>
                    <td>{p.containers ? `${p.running} of ${p.containers} running` : <span className="muted">none</span>}</td>
                    <td className="mono compose-files">{p.files.join(', ') || <span className="muted">not known</span>}</td>
                    <td>
                      {p.remembered && (
                        <button type="button" className="icon-button" aria-label={`Forget ${p.name}`} title="Forget this project (its containers stay)" onClick={() => forget.mutate(p.name)}>
                          <TrashIcon />
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <div className="placeholder">
              <div className="placeholder__title">No Compose projects yet</div>
              <p>Open a compose file or its folder; projects started from a terminal show up here by themselves.</p>
            </div>
          ))}
        <ComposeToolPanel />
      </div>
      {opening && <OpenProjectDialog onClose={() => setOpening(false)} />}
    </section>
  );
}
