/**
 * Compose at work as a task: its steps ("Building web", "Creating proj_db_1") as progress, its output in
 * the task panel, and when it fails, Compose's own error made readable on top (the failing build step first).
 */
import type { StreamInputOf } from '../../../../engine/contract/contract';
import type { ComposeEvent } from '../../../../engine/contract/compose-types';
import { href } from '../../app/router';
import { startTask } from '../tasks/store';
import type { Task, TaskProgress } from '../tasks/store';

/** The end of the output is what matters; Compose can print a lot while it builds. */
const KEPT_LINES = 3000;

export interface ComposeTaskDetail {
  step?: string;
  lines: string[];
  /** Berth's sentence when Compose finished. */
  message?: string;
}

function reduce(detail: ComposeTaskDetail, event: ComposeEvent): ComposeTaskDetail {
  switch (event.type) {
    case 'output': {
      const lines = [...detail.lines, ...event.lines];
      return { ...detail, lines: lines.length > KEPT_LINES ? lines.slice(-KEPT_LINES) : lines };
    }
    case 'step':
      return { ...detail, step: event.text };
    case 'done':
      return { ...detail, message: event.message };
  }
}

/** A build step (`Step 2/5 : RUN …`) says how far its build is; other steps only say what is under way. */
function progress(detail: ComposeTaskDetail): TaskProgress {
  if (!detail.step) return { text: 'Compose is starting…' };
  const build = /^Step (\d+)\/(\d+) : /.exec(detail.step);
  if (build) return { fraction: (Number(build[1]) - 1) / Number(build[2]), text: detail.step };
  return { text: detail.step };
}

export function ComposeOutput({ task }: { task: Task<ComposeTaskDetail> }) {
  const tail = task.detail.lines.slice(-40).join('\n');
  return (
    <div className="build-summary">
      {task.state === 'failed' && task.message && (
        <div className="build-failure" role="alert" data-testid="compose-failure">
          <div className="build-failure__title">{task.message.split('\n')[0]}</div>
          {task.message.includes('\n') && <div className="build-failure__message">{task.message.split('\n').slice(1).join('\n')}</div>}
        </div>
      )}
      <pre className="build-output build-output--short" data-testid="compose-output">
        {tail || 'No output yet.'}
      </pre>
    </div>
  );
}

export type ComposeCommand = StreamInputOf<'compose.run'>['command'];

const titles: Record<ComposeCommand['action'], string> = {
  up: 'Up',
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  pull: 'Pull',
  build: 'Build',
  recreate: 'Recreate',
  scale: 'Scale',
  down: 'Down',
};

function titleOf(project: string, command: ComposeCommand): string {
  if (command.action === 'scale') return `Scale ${project} ${command.service} to ${command.replicas}`;
  const services = 'services' in command && command.services?.length ? ` (${command.services.join(', ')})` : '';
  return `${titles[command.action]} ${project}${services}`;
}

/** Runs Compose on a project as a task; returns the task's id. */
export function runCompose(project: string, command: ComposeCommand, options: { reveal?: boolean } = {}): string {
  return startTask({
    kind: `compose-${command.action}`,
    title: titleOf(project, command),
    stream: 'compose.run',
    input: { name: project, command },
    initial: { lines: [] } as ComposeTaskDetail,
    reduce,
    progress,
    done: (d) => d.message ?? `${titles[command.action]} of ${project}: done.`,
    Detail: ComposeOutput,
    href: href('composeProject', { name: project }),
    reveal: options.reveal ?? true,
  });
}
