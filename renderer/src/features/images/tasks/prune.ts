/** Removing the images of a prune plan, as a task. */
import type { PruneEvent } from '../../../../../engine/contract/images-types';
import { startTask } from '../../tasks/store';
import { formatBytes, plural } from '../../../components/format';

interface PruneDetail {
  done: number;
  total: number;
  result?: Extract<PruneEvent, { type: 'done' }>;
}

export function startPrune(ids: string[]): string {
  return startTask({
    kind: 'prune',
    title: `Remove ${plural(ids.length, 'unused image')}`,
    stream: 'images.prune',
    input: { ids },
    initial: { done: 0, total: ids.length } as PruneDetail,
    reduce: (d, e: PruneEvent): PruneDetail => (e.type === 'progress' ? { ...d, done: e.done, total: e.total } : { ...d, result: e }),
    progress: (d) => ({ fraction: d.done / Math.max(1, d.total), text: `${d.done} of ${d.total}` }),
    done: (d) => {
      const r = d.result;
      if (!r) return 'Done.';
      const kept = r.kept.length ? ` Kept ${plural(r.kept.length, 'image')}: ${r.kept.map((k) => k.reason).join(' ')}` : '';
      return `Removed ${plural(r.removed.length, 'image')} and freed ${formatBytes(r.reclaimedBytes)}.${kept}`;
    },
  });
}
