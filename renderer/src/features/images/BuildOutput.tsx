/** The build started on this page: its state, the failing step on top when it fails, and its output as it streams. */
import { useEffect, useRef } from 'react';
import { href } from '../../app/router';
import { Spinner } from '../../components/Spinner';
import { ProgressBar } from '../tasks/ProgressBar';
import { showingTask } from '../tasks/notify';
import { cancelTask, useTasks } from '../tasks/store';
import type { Task } from '../tasks/store';
import type { BuildDetail } from './tasks/build';
import { BuildFailure } from './tasks/build';

export function BuildOutput({ taskId }: { taskId: string }) {
  const task = useTasks((s) => s.tasks.find((t) => t.id === taskId)) as Task<BuildDetail> | undefined;
  const outputRef = useRef<HTMLPreElement>(null);
  const following = useRef(true);
  const output = task?.detail.output ?? '';

  // This page says how the build ended; no toast says it again.
  useEffect(() => showingTask(taskId), [taskId]);

  useEffect(() => {
    const pre = outputRef.current;
    if (pre && following.current) pre.scrollTop = pre.scrollHeight;
  }, [output]);

  if (!task) return <p className="muted build-empty">This build is no longer in the task list.</p>;
  const { detail } = task;
  return (
    <section className="build-run" aria-label={task.title} data-testid="build-run" data-state={task.state}>
      <div className="build-run__status">
        {task.state === 'running' ? <Spinner /> : null}
        <span className={`build-run__text${task.state === 'failed' ? ' is-failed' : ''}`} role="status">
          {task.state === 'running' ? (task.progress.text ?? 'Building…') : detail.failed ? 'The build failed.' : (task.message ?? '')}
        </span>
        {task.state === 'running' && (
          <button type="button" className="button" onClick={() => cancelTask(task.id)}>
            Cancel build
          </button>
        )}
        {task.state === 'done' && detail.imageId && (
          <a className="button" href={href('image', { id: detail.imageId })}>
            Open image
          </a>
        )}
      </div>
      {task.state === 'running' && <ProgressBar fraction={task.progress.fraction} label="Build progress" />}
      {detail.failed && <BuildFailure failed={detail.failed} />}
      {/* A build that ended before the engine said anything (no such folder) has no output to show. */}
      {(output || task.state === 'running') && (
        <pre
          ref={outputRef}
          className="build-output"
          tabIndex={0}
          aria-label="Build output"
          data-testid="build-output"
          onScroll={(e) => {
            const pre = e.currentTarget;
            following.current = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;
          }}
        >
          {output || 'Waiting for the engine…'}
        </pre>
      )}
    </section>
  );
}
