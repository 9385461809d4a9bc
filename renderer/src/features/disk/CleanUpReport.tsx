/**
 * What a clean-up actually did, from the engine's answers: the space it returned, what went, and anything
 * that differs from the preview (made or freed after it, or in use again by then).
 */
import type { CleanUpItem, CleanUpKind, CleanUpResult } from '../../../../engine/contract/disk-types';
import { formatBytes } from '../../components/format';
import { count } from './words';

const ORDER: CleanUpKind[] = ['containers', 'networks', 'volumes', 'images', 'build-cache'];

/** The keys the prunes answer with: ids, except a name taken off an image that stays. */
export function previewKeys(items: CleanUpItem[]): string[] {
  return items.flatMap((i) => (i.kind === 'images' && i.detail?.startsWith('name') ? i.name.split(', ').map((n) => `images:${n}`) : [`${i.kind}:${i.id}`]));
}

export function CleanUpReport({ result, expected }: { result: CleanUpResult; expected: string[] }) {
  const removedKeys = result.removed.map((r) => `${r.kind}:${r.id}`);
  const extra = result.removed.filter((r) => !expected.includes(`${r.kind}:${r.id}`));
  const kept = expected.filter((k) => !removedKeys.includes(k));
  const counts = ORDER.map((kind) => [kind, result.removed.filter((r) => r.kind === kind && !(kind === 'images' && !r.id.startsWith('sha256:'))).length] as const).filter(([, n]) => n > 0);
  const untagged = result.removed.filter((r) => r.kind === 'images' && !r.id.startsWith('sha256:'));

  return (
    <div className="cleanup-report" data-testid="cleanup-report">
      <p className="cleanup-report__headline">
        <strong data-testid="cleanup-reclaimed">{formatBytes(result.reclaimedBytes)}</strong> returned to the disk, as the engine reports it.
      </p>
      {counts.length || untagged.length ? (
        <p>
          Removed {counts.map(([kind, n]) => count(n, kind)).join(', ')}
          {untagged.length ? `${counts.length ? '; ' : ''}took ${untagged.length === 1 ? 'the name' : 'the names'} ${untagged.map((u) => u.name).join(', ')} off images that stay` : ''}.
        </p>
      ) : (
        <p>Nothing was removed.</p>
      )}
      {result.removed.length > 0 && (
        <details className="cleanup-report__details">
          <summary>Everything removed</summary>
          <ul className="cleanup-list">
            {result.removed.map((r) => (
              <li key={`${r.kind}:${r.id}`}>
                <span className="cleanup-list__name">{r.name}</span>
                <span className="cleanup-list__detail muted">{r.kind === 'build-cache' ? 'build cache' : r.kind.replace(/s$/, '')}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {extra.length > 0 && <p className="notice">Also removed, made or freed after the preview: {extra.map((r) => r.name).join(', ')}.</p>}
      {kept.length > 0 && <p className="notice">Kept after all (in use again, or already gone): {kept.length} of the items previewed.</p>}
      {result.failed.map((f) => (
        <p key={f.kind} className="field__problem" role="alert">
          {count(2, f.kind).replace(/^2 /, '').replace(/^./, (c) => c.toUpperCase())} could not be cleaned up: {f.message}
        </p>
      ))}
    </div>
  );
}
