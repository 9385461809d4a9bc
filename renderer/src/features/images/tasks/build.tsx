/** A build as a task: its steps and output as they stream, and the failing step when it fails. */
import type { StreamInputOf } from '../../../../../engine/contract/contract';
import type { BuildEvent, BuildStep } from '../../../../../engine/contract/images-types';
import { href } from '../../../app/router';
import { startTask } from '../../tasks/store';
import type { Task, TaskProgress } from '../../tasks/store';
import { formatBytes, percent } from '../../../components/format';
import '../build.css';

/** Output kept per build: the end of a very long build log is what matters. */
const MAX_OUTPUT_CHARS = 400_000;

export interface BuildDetail {
  uploaded?: number;
  uploadSize?: number;
  step?: BuildStep;
  output: string;
  failed?: { step?: BuildStep; message: string };
  imageId?: string;
  tags: string[];
}

function reduce(detail: BuildDetail, event: BuildEvent): BuildDetail {
  switch (event.type) {
    case 'uploaded':
      return { ...detail, uploaded: event.bytes };
    case 'step':
      return { ...detail, step: { number: event.number, total: event.total, instruction: event.instruction } };
    case 'output': {
      const output = detail.output + event.text;
      return { ...detail, output: output.length > MAX_OUTPUT_CHARS ? output.slice(-MAX_OUTPUT_CHARS) : output };
    }
    case 'failed':
      return { ...detail, failed: { step: event.step, message: event.message } };
    case 'done':
      return { ...detail, imageId: event.imageId };
  }
}

function progress(detail: BuildDetail): TaskProgress {
  if (detail.uploadSize !== undefined && (detail.uploaded ?? 0) < detail.uploadSize && !detail.step) {
    const fraction = (detail.uploaded ?? 0) / Math.max(1, detail.uploadSize);
    return { fraction, text: `Uploading the context: ${formatBytes(detail.uploaded ?? 0)} of ${formatBytes(detail.uploadSize)} · ${percent(fraction)}` };
  }
  if (!detail.step) return { text: 'Sending the build context…' };
  const { number, total, instruction } = detail.step;
  return { fraction: (number - 1) / total, text: `Step ${number} of ${total}: ${instruction}` };
}

/** The end of the output and, on failure, the step that failed: shown in the task panel. */
export function BuildSummary({ task }: { task: Task<BuildDetail> }) {
  const { failed, output } = task.detail;
  const tail = output.split('\n').slice(-40).join('\n');
  return (
    <div className="build-summary">
      {failed && <BuildFailure failed={failed} />}
      <pre className="build-output build-output--short">{tail || 'No output yet.'}</pre>
    </div>
  );
}

export function BuildFailure({ failed }: { failed: NonNullable<BuildDetail['failed']> }) {
  return (
    <div className="build-failure" role="alert" data-testid="build-failure">
      <div className="build-failure__title">{failed.step ? `Step ${failed.step.number} of ${failed.step.total} failed` : 'The build failed'}</div>
      {failed.step && <code className="build-failure__instruction">{failed.step.instruction}</code>}
      <div className="build-failure__message">{failed.message}</div>
    </div>
  );
}

export type BuildInput = StreamInputOf<'images.build'>;

export function startBuild(input: BuildInput, upload: File | undefined): string {
  const folder = input.context.kind === 'path' ? input.context.path.split(/[\\/]/).filter(Boolean).at(-1) : input.context.name;
  return startTask({
    kind: 'build',
    title: input.tags?.[0] ? `Build ${input.tags[0]}` : `Build from ${folder ?? 'the context'}`,
    stream: 'images.build',
    input,
    upload,
    initial: { output: '', tags: input.tags ?? [], uploadSize: upload?.size } as BuildDetail,
    reduce,
    progress,
    Detail: BuildSummary,
    reveal: false,
    done: (d) => `Built ${d.tags[0] ?? d.imageId?.replace(/^sha256:/, '').slice(0, 12) ?? 'the image'}.`,
    href: (d) => (d.imageId ? href('image', { id: d.imageId }) : undefined),
  });
}
