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
import { Page } from '../../components/Page';
import { Placeholder } from '../../components/Placeholder';
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
    <Page
      titleId="compose-title"
      title="Compose"
      meta={all.length > 0 && plural(all.length, 'project')}
      bodyClassName="compose-page"
      tools={
        <>
          <button type="button" className="button button--primary" onClick={() => setOpening(true)}>
            <PlusIcon />
            Open a project
          </button>
        </>
      }
      dialogs={opening && <OpenProjectDialog onClose={() => setOpening(false)} />}
    >
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
          <Placeholder title="No Compose projects yet">
            Open a compose file or its folder; projects started from a terminal show up here by themselves.
          </Placeholder>
        ))}
      <ComposeToolPanel />
    </Page>
  );
}
