/** The configuration as Compose resolved it, beside the files it came from. */
import { useState } from 'react';
import type { ComposeProject } from '../../../../engine/contract/compose-types';

export function ConfigView({ project }: { project: ComposeProject }) {
  const [file, setFile] = useState(0);
  const source = project.sources[file];
  return (
    <div className="compose-config" data-testid="compose-config">
      <section className="compose-config__pane" aria-label="Resolved configuration">
        <h3 className="compose-config__title">As Compose resolves it</h3>
        <pre className="compose-config__text" data-testid="compose-resolved">
          {project.resolved ?? 'Compose could not resolve the configuration.'}
        </pre>
      </section>
      <section className="compose-config__pane" aria-label="Compose file">
        <h3 className="compose-config__title">
          {project.sources.length > 1 ? (
            <select value={file} onChange={(e) => setFile(Number(e.target.value))} aria-label="File">
              {project.sources.map((s, i) => (
                <option key={s.path} value={i}>
                  {s.path}
                </option>
              ))}
            </select>
          ) : (
            <span className="mono">{source?.path}</span>
          )}
        </h3>
        <pre className="compose-config__text" data-testid="compose-source">
          {source?.text}
        </pre>
      </section>
    </div>
  );
}
