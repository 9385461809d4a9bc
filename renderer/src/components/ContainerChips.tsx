/** Containers as small links with a state dot: who uses a volume, who is on a network. */
import type { ContainerState } from '../../../engine/contract/types';
import { href } from '../app/router';
import './chips.css';

export interface ChipContainer {
  id: string;
  name: string;
  state: ContainerState;
  /** A second word shown after the name, e.g. an IP address. */
  note?: string;
}

const UP = new Set<ContainerState>(['running', 'paused', 'restarting']);

export function ContainerChips({ containers, empty = '—', max = 3 }: { containers: ChipContainer[]; empty?: string; max?: number }) {
  if (!containers.length) return <span className="muted">{empty}</span>;
  const shown = containers.slice(0, max);
  const more = containers.length - shown.length;
  return (
    <span className="chips">
      {shown.map((c) => (
        <a
          key={c.id}
          className="chip"
          href={href('container', { id: c.id })}
          title={`${c.name}: ${c.state}${c.note ? ` · ${c.note}` : ''}`}
          data-state={UP.has(c.state) ? 'up' : 'down'}
        >
          <span className="chip__dot" aria-hidden="true" />
          <span className="chip__name">{c.name}</span>
          {c.note && <span className="chip__note mono">{c.note}</span>}
          <span className="visually-hidden">{UP.has(c.state) ? ` (${c.state})` : ` (${c.state}, not running)`}</span>
        </a>
      ))}
      {more > 0 && (
        <span className="chip chip--more" title={containers.slice(max).map((c) => c.name).join('\n')}>
          +{more}
        </span>
      )}
    </span>
  );
}
