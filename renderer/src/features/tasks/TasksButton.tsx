/** The way to the task panel, at the foot of the sidebar: how many tasks run, and how far along they are. */
import { useRef } from 'react';
import { TasksIcon } from '../../components/icons';
import { TaskPanel } from './TaskPanel';
import { useTasks } from './store';

export function TasksButton() {
  const buttonRef = useRef<HTMLButtonElement>(null);
  const open = useTasks((s) => s.panelOpen);
  const setPanelOpen = useTasks((s) => s.setPanelOpen);
  const runningCount = useTasks((s) => s.tasks.filter((t) => t.state === 'running').length);
  const failedCount = useTasks((s) => s.tasks.filter((t) => t.state === 'failed').length);
  const label = runningCount ? `Tasks: ${runningCount} running` : failedCount ? `Tasks: ${failedCount} failed` : 'Tasks';

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="tasks-button"
        aria-label={label}
        aria-expanded={open}
        aria-haspopup="dialog"
        data-testid="tasks-button"
        onClick={() => setPanelOpen(!open)}
      >
        <TasksIcon />
        <span className="tasks-button__label">Tasks</span>
        {runningCount > 0 && <span className="tasks-button__count">{runningCount}</span>}
        {!runningCount && failedCount > 0 && <span className="tasks-button__count tasks-button__count--failed">{failedCount}</span>}
      </button>
      {open && <TaskPanel returnFocusTo={buttonRef} />}
    </>
  );
}
