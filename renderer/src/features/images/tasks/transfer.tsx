/** Pull and push as tasks: per-layer progress folded from the backend's snapshots. */
import type { LayerTransfer, TransferEvent } from '../../../../../engine/contract/images-types';
import { href } from '../../../app/router';
import { ProgressBar } from '../../tasks/ProgressBar';
import { startTask } from '../../tasks/store';
import type { Task, TaskProgress } from '../../tasks/store';
import { formatBytes, percent, plural } from '../../../components/format';

type Kind = 'pull' | 'push';

export interface TransferDetail {
  kind: Kind;
  layers: LayerTransfer[];
  fraction: number;
  bytesDone: number;
  bytesTotal: number;
  status?: string;
  result?: Extract<TransferEvent, { type: 'done' }>;
}

function reduce(detail: TransferDetail, event: TransferEvent): TransferDetail {
  if (event.type === 'done') return { ...detail, fraction: 1, result: event };
  const { layers, fraction, bytesDone, bytesTotal, status } = event;
  return { ...detail, layers, fraction, bytesDone, bytesTotal, status };
}

function progress(detail: TransferDetail): TaskProgress {
  const { layers } = detail;
  if (!layers.length) return { text: detail.status ?? (detail.kind === 'pull' ? 'Asking the registry…' : 'Preparing…') };
  const finished = layers.filter((l) => l.phase === 'done' || l.phase === 'exists').length;
  const bytes = detail.bytesTotal ? `${formatBytes(detail.bytesDone)} of ${formatBytes(detail.bytesTotal)} · ` : '';
  return { fraction: detail.fraction, text: `${bytes}${finished} of ${plural(layers.length, 'layer')} · ${percent(detail.fraction)}` };
}

function phaseLabel(kind: Kind, layer: LayerTransfer): string {
  switch (layer.phase) {
    case 'waiting':
      return 'Waiting';
    case 'downloading':
      return 'Downloading';
    case 'verifying':
      return 'Verifying';
    case 'downloaded':
      return 'Downloaded';
    case 'extracting':
      return 'Extracting';
    case 'pushing':
      return 'Pushing';
    case 'done':
      return kind === 'pull' ? 'Pulled' : 'Pushed';
    case 'exists':
      return kind === 'pull' ? 'Already here' : layer.status.startsWith('Mounted') ? layer.status : 'Already in the registry';
  }
}

function LayerLine({ kind, layer }: { kind: Kind; layer: LayerTransfer }) {
  const moving = layer.phase === 'downloading' || layer.phase === 'extracting' || layer.phase === 'pushing';
  // The bar shows the current phase: a downloaded layer waiting to be extracted is full, not busy.
  const fraction = moving ? (layer.total ? layer.current / layer.total : undefined) : layer.phase === 'waiting' ? 0 : 1;
  const bytes = moving && layer.total ? `${formatBytes(Math.min(layer.current, layer.total))} / ${formatBytes(layer.total)} · ${percent(layer.current / layer.total)}` : layer.size ? formatBytes(layer.size) : '';
  return (
    <li className="layer-transfer" data-testid="layer-transfer" data-phase={layer.phase}>
      <span className="layer-transfer__id mono">{layer.id}</span>
      <span className="layer-transfer__phase">{phaseLabel(kind, layer)}</span>
      <span className="layer-transfer__bytes">{bytes}</span>
      <ProgressBar fraction={fraction} label={`Layer ${layer.id}: ${phaseLabel(kind, layer)}`} />
    </li>
  );
}

/** Each layer with its phase and bytes; shown in the task panel. */
export function TransferLayers({ task }: { task: Task<TransferDetail> }) {
  const { detail } = task;
  if (!detail.layers.length) return <p className="muted">{detail.status ?? 'No layers reported yet.'}</p>;
  return (
    <ul className="layer-transfers" aria-label="Layers">
      {detail.layers.map((l) => (
        <LayerLine key={l.id} kind={detail.kind} layer={l} />
      ))}
    </ul>
  );
}

function start(kind: Kind, reference: string): string {
  const initial: TransferDetail = { kind, layers: [], fraction: 0, bytesDone: 0, bytesTotal: 0 };
  const common = {
    kind,
    initial,
    reduce,
    progress,
    Detail: TransferLayers,
    done: (d: TransferDetail) => d.result?.message ?? 'Done.',
    href: (d: TransferDetail) => (d.result?.imageId ? href('image', { id: d.result.imageId }) : undefined),
  };
  return kind === 'pull'
    ? startTask({ ...common, title: `Pull ${reference}`, stream: 'images.pull', input: { reference } })
    : startTask({ ...common, title: `Push ${reference}`, stream: 'images.push', input: { reference } });
}

export const startPull = (reference: string) => start('pull', reference);
export const startPush = (reference: string) => start('push', reference);
