/**
 * The usage cell of a row in the Containers list: CPU over memory, live while the row is on screen and
 * the container runs. One column for both keeps the name readable on narrow windows.
 */
import { useRef } from 'react';
import type { ContainerState } from '../../../../engine/contract/types';
import { formatMemoryBytes } from '../../components/format';
import { useInView } from './in-view';
import { useLatestStats } from './useLiveStats';
import './usage-cell.css';

export function UsageCell({ id, name, state }: { id: string; name: string; state: ContainerState }) {
  const ref = useRef<HTMLTableCellElement>(null);
  const visible = useInView(ref);
  const sample = useLatestStats(id, visible && state === 'running');
  if (!sample) {
    return (
      <td ref={ref} className="col-usage">
        <span className="muted">—</span>
      </td>
    );
  }
  const cpu = `${sample.cpuPercent < 10 ? sample.cpuPercent.toFixed(1) : Math.round(sample.cpuPercent)}%`;
  const memory = formatMemoryBytes(sample.memoryUsed);
  return (
    <td ref={ref} className="col-usage" title={`CPU ${cpu} · memory ${memory} of ${formatMemoryBytes(sample.memoryLimit)}`} aria-label={`${name}: CPU ${cpu}, memory ${memory}`}>
      <div className="row-usage__cpu" data-testid="row-cpu">
        {cpu}
      </div>
      <div className="row-usage__memory" data-testid="row-memory">
        {memory}
      </div>
    </td>
  );
}
