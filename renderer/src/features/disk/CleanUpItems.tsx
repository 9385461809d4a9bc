/** The things a clean-up removes, grouped by kind, with the space each returns. */
import type { CleanUpItem, CleanUpKind } from '../../../../engine/contract/disk-types';
import { formatBytes } from '../../components/format';
import { count } from './words';

const ORDER: CleanUpKind[] = ['containers', 'networks', 'volumes', 'images', 'build-cache'];
/** Past this, a group says "and N more" rather than grow the dialog without end. */
const SHOWN = 40;

export function CleanUpItems({ items }: { items: CleanUpItem[] }) {
  return (
    <div className="cleanup-groups" data-testid="cleanup-items">
      {ORDER.map((kind) => {
        const group = items.filter((i) => i.kind === kind);
        if (!group.length) return null;
        const bytes = group.reduce((n, i) => n + (i.bytes ?? 0), 0);
        return (
          <section key={kind} className="cleanup-group" aria-label={count(group.length, kind)}>
            <h3 className="cleanup-group__title">
              {count(group.length, kind)}
              {bytes > 0 && <span className="muted"> · {formatBytes(bytes)}</span>}
            </h3>
            <ul className="cleanup-list">
              {group.slice(0, SHOWN).map((i) => (
                <li key={`${i.id}:${i.name}`} data-testid="cleanup-item" data-kind={i.kind} data-id={i.id}>
                  <span className="cleanup-list__name" title={i.name}>
                    {i.name}
                  </span>
                  <span className="cleanup-list__detail muted" title={i.detail}>
                    {i.detail}
                  </span>
                  <span className="cleanup-list__size">{i.bytes !== undefined ? formatBytes(i.bytes) : ''}</span>
                </li>
              ))}
              {group.length > SHOWN && <li className="muted">and {group.length - SHOWN} more</li>}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
