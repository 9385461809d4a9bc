/** One task in the panel: what it is, how far it got, and what can be done with it now. */
import { CheckIcon, ChevronIcon, CloseIcon, WarningIcon } from '../../components/icons';
import { Spinner } from '../../components/Spinner';
import { ProgressBar } from './ProgressBar';
import { cancelTask, useTasks } from './store';
import type { Task } from './store';

function StateIcon({ task }: { task: Task }) {
  switch (task.state) {
    case 'running':
      return <Spinner />;
    case 'done':
      return <CheckIcon />;
    case 'failed':
      return <WarningIcon />;
    case 'cancelled':
      return <CloseIcon />;
  }
}

export function TaskItem({ task }: { task: Task }) {
  const opened = useTasks((s) => s.opened === task.id);
  const toggleOpened = useTasks((s) => s.toggleOpened);
  const dismiss = useTasks((s) => s.dismiss);
  const setPanelOpen = useTasks((s) => s.setPanelOpen);
  const { Detail } = task;
  const running = task.state === 'running';
  const detailId = `${task.id}-detail`;

  return (
    <li className={`task task--${task.state}`} data-testid="task" data-task-kind={task.kind} data-task-state={task.state}>
      <span className="task__icon">
        <StateIcon task={task} />
      </span>
      <div className="task__body">
        <div className="task__head">
          <span className="task__title" title={task.title}>
            {task.title}
          </span>
          {running ? (
            <button type="button" className="button button--quiet task__action" aria-label={`Cancel ${task.title}`} onClick={() => cancelTask(task.id)}>
              Cancel
            </button>
          ) : (
            <button type="button" className="icon-button task__action" aria-label={`Dismiss ${task.title}`} title="Dismiss" onClick={() => dismiss(task.id)}>
              <CloseIcon />
            </button>
          )}
        </div>
        {running && <ProgressBar fraction={task.progress.fraction} label={`${task.title} progress`} />}
        {running && task.progress.text && <div className="task__text">{task.progress.text}</div>}
        {!running && task.message && (
          <div className={`task__message${task.state === 'failed' ? ' task__message--failed' : ''}`} role={task.state === 'failed' ? 'alert' : undefined} data-testid="task-message">
            {task.message}
          </div>
        )}
        {(Detail || (task.href && task.state === 'done')) && (
          <div className="task__links">
            {Detail && (
              <button type="button" className="task__toggle" aria-expanded={opened} aria-controls={detailId} onClick={() => toggleOpened(task.id)}>
                <ChevronIcon />
                {opened ? 'Hide details' : 'Details'}
              </button>
            )}
            {task.href && task.state === 'done' && (
              <a className="task__link" href={task.href} onClick={() => setPanelOpen(false)}>
                Open
              </a>
            )}
          </div>
        )}
        {Detail && opened && (
          <div id={detailId} className="task__detail">
            <Detail task={task} />
          </div>
        )}
      </div>
    </li>
  );
}
