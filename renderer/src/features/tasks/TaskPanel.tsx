/**
 * The panel of tasks, opened from the sidebar: every task of this window, running ones first. It is not
 * modal (work elsewhere goes on); Escape or a click outside closes it and focus returns to the button.
 */
import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';
import { CloseIcon } from '../../components/icons';
import { TaskItem } from './TaskItem';
import { useTasks } from './store';
import './tasks.css';

export function TaskPanel({ returnFocusTo }: { returnFocusTo: RefObject<HTMLButtonElement | null> }) {
  const tasks = useTasks((s) => s.tasks);
  const setPanelOpen = useTasks((s) => s.setPanelOpen);
  const clearFinished = useTasks((s) => s.clearFinished);
  const panelRef = useRef<HTMLElement>(null);
  const finished = tasks.some((t) => t.state !== 'running');
  const ordered = [...tasks.filter((t) => t.state === 'running'), ...tasks.filter((t) => t.state !== 'running')];

  useEffect(() => {
    const close = () => {
      setPanelOpen(false);
      returnFocusTo.current?.focus();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && panelRef.current?.contains(document.activeElement)) close();
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (panelRef.current?.contains(target) || returnFocusTo.current?.contains(target)) return;
      // A dialog that started a task sits above the page; clicks there do not dismiss the panel.
      if ((target as Element).closest?.('dialog')) return;
      setPanelOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [setPanelOpen, returnFocusTo]);

  return (
    <section ref={panelRef} className="task-panel" role="dialog" aria-label="Tasks" data-testid="task-panel">
      <header className="task-panel__header">
        <h2>Tasks</h2>
        {finished && (
          <button type="button" className="button button--quiet" onClick={clearFinished}>
            Clear finished
          </button>
        )}
        <button
          type="button"
          className="icon-button"
          aria-label="Close tasks"
          title="Close"
          onClick={() => {
            setPanelOpen(false);
            returnFocusTo.current?.focus();
          }}
        >
          <CloseIcon />
        </button>
      </header>
      {ordered.length ? (
        <ul className="task-panel__list">
          {ordered.map((t) => (
            <TaskItem key={t.id} task={t} />
          ))}
        </ul>
      ) : (
        <p className="task-panel__empty">Nothing running. Pulls, pushes, builds, saves, loads and prunes show their progress here, and you can cancel them.</p>
      )}
    </section>
  );
}
