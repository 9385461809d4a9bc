/**
 * The "Logs" action of a Compose project's row on the Containers page: opens the project's combined logs
 * over the page. Escape or Close puts it away (and stops following).
 */
import { Suspense, lazy, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { CloseIcon, LogsIcon } from '../../components/icons';
import { Waiting } from '../../components/Placeholder';
import { onEscape, useModal } from '../../components/modal';

// The log viewer loads the first time a project's logs open: the Containers page shows without it.
const ProjectLogs = lazy(() => import('./ProjectLogs').then((m) => ({ default: m.ProjectLogs })));

function ProjectLogsDialog({ project, onClose }: { project: string; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useModal(ref);
  return (
    <dialog
      ref={ref}
      className="project-logs-dialog"
      aria-labelledby={titleId}
      onCancel={onEscape(onClose)}
      data-testid="project-logs-dialog"
    >
      <div className="project-logs-dialog__frame">
        <header className="project-logs-dialog__header">
          <h2 id={titleId}>Logs of {project}</h2>
          <span className="project-toggle__kind">Compose</span>
          <button type="button" className="icon-button project-logs-dialog__close" aria-label="Close the logs" title="Close (Esc)" onClick={onClose}>
            <CloseIcon />
          </button>
        </header>
        <Suspense fallback={<Waiting text="Loading…" />}>
          <ProjectLogs project={project} />
        </Suspense>
      </div>
    </dialog>
  );
}

export function ProjectLogsButton({ project }: { project: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button--quiet project-row-button" aria-label={`Logs of ${project}`} title="The logs of all its containers" onClick={() => setOpen(true)}>
        <LogsIcon />
        Logs
      </button>
      {open && createPortal(<ProjectLogsDialog project={project} onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}
