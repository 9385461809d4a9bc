/**
 * Follows a pull or a push from the engine's progress lines: each layer's phase and bytes, the overall
 * fraction, and the digest at the end. Pure, so the figures can be checked against recorded engine output.
 */
import type { LayerPhase, LayerTransfer, TransferEvent } from '../contract/images-types';
import type { EngineLine } from './json-lines';

const PHASES: [RegExp, LayerPhase][] = [
  [/^(Pulling fs layer|Waiting|Preparing)$/, 'waiting'],
  [/^Downloading/, 'downloading'],
  [/^Verifying Checksum/, 'verifying'],
  [/^Download complete/, 'downloaded'],
  [/^Extracting/, 'extracting'],
  [/^Pushing/, 'pushing'],
  [/^(Pull complete|Pushed)$/, 'done'],
  [/^(Already exists|Layer already exists|Mounted from )/, 'exists'],
];

/** How far along one layer is, from 0 to 1. A pull counts downloading as the first half, extracting as the second. */
function layerFraction(layer: LayerTransfer): number {
  const part = layer.total ? Math.min(1, layer.current / layer.total) : 0;
  switch (layer.phase) {
    case 'waiting':
      return 0;
    case 'downloading':
      return 0.5 * part;
    case 'verifying':
    case 'downloaded':
      return 0.5;
    case 'extracting':
      return 0.5 + 0.5 * part;
    case 'pushing':
      return part;
    case 'done':
    case 'exists':
      return 1;
  }
}

export class TransferProgress {
  private readonly layers = new Map<string, LayerTransfer>();
  private status: string | undefined;
  digest: string | undefined;
  /** The engine's closing line ("Status: Downloaded newer image for nginx:latest"). */
  outcome: string | undefined;

  apply(line: EngineLine): void {
    const status = line.status?.trim();
    const aux = line.aux as { Digest?: string } | undefined;
    if (typeof aux?.Digest === 'string') this.digest = aux.Digest;
    if (!status) return;
    const phase = line.id ? PHASES.find(([pattern]) => pattern.test(status))?.[1] : undefined;
    if (!phase || !line.id) {
      const digest = /(?:^Digest: |digest: )(sha256:[0-9a-f]{64})/.exec(status);
      if (digest) this.digest = digest[1];
      if (status.startsWith('Status: ')) this.outcome = status.slice('Status: '.length);
      else if (!digest) this.status = status;
      return;
    }
    const layer = this.layers.get(line.id) ?? { id: line.id, phase, status, current: 0 };
    const detail = line.progressDetail ?? {};
    layer.phase = phase;
    layer.status = status;
    if (phase === 'downloading' || phase === 'extracting' || phase === 'pushing') {
      layer.current = detail.current ?? layer.current;
      layer.total = detail.total && detail.total > 0 ? detail.total : layer.total;
      if (phase !== 'extracting' && layer.total) layer.size = layer.total;
    } else {
      // A new phase starts from zero; a finished one is complete.
      layer.current = phase === 'done' || phase === 'exists' || phase === 'downloaded' ? (layer.size ?? 0) : 0;
      if (phase === 'downloaded' || phase === 'done') layer.total = layer.size;
    }
    this.layers.set(line.id, layer);
  }

  snapshot(): Extract<TransferEvent, { type: 'progress' }> {
    const layers = [...this.layers.values()].map((l) => ({ ...l }));
    const fraction = layers.length ? layers.reduce((sum, l) => sum + layerFraction(l), 0) / layers.length : 0;
    let bytesDone = 0;
    let bytesTotal = 0;
    for (const l of layers) {
      if (l.phase === 'exists' || l.size === undefined) continue;
      bytesTotal += l.size;
      const moving = l.phase === 'downloading' || l.phase === 'pushing';
      bytesDone += moving ? Math.min(l.current, l.size) : l.phase === 'waiting' ? 0 : l.size;
    }
    return { type: 'progress', layers, fraction, bytesDone, bytesTotal, status: this.status };
  }
}
