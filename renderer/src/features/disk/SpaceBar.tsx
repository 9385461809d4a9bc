/**
 * The data root's filesystem as one bar: what each kind of engine data takes, what else is on the disk,
 * and what is free. Without a measured filesystem, the bar shows the engine's data alone.
 */
import type { DiskUsage, UsageCategory } from '../../../../engine/contract/disk-types';
import { formatBytes } from '../../components/format';
import { usageTitles } from './words';

export function SpaceBar({ categories, space }: { categories: UsageCategory[]; space: DiskUsage['space'] }) {
  const engine = categories.reduce((n, c) => n + c.totalBytes, 0);
  const whole = space ? space.totalBytes : engine;
  if (whole <= 0) return null;
  const other = space ? Math.max(0, space.totalBytes - space.availableBytes - engine) : 0;
  const segments = [
    ...categories.filter((c) => c.totalBytes > 0).map((c) => ({ key: c.kind, label: usageTitles[c.kind], bytes: c.totalBytes })),
    ...(space ? [{ key: 'other', label: 'Everything else on the disk', bytes: other }, { key: 'free', label: 'Free', bytes: space.availableBytes }] : []),
  ];
  const description = segments.map((s) => `${s.label} ${formatBytes(s.bytes)}`).join(', ');
  return (
    <div className="space">
      <div className="space-bar" role="img" aria-label={`Disk: ${description}`}>
        {segments.map((s) => (
          <span key={s.key} className={`space-bar__part usage-swatch--${s.key}`} style={{ width: `${Math.max(s.bytes > 0 ? 0.5 : 0, (s.bytes / whole) * 100)}%` }} title={`${s.label}: ${formatBytes(s.bytes)}`} />
        ))}
      </div>
      <ul className="space-legend" aria-hidden="true">
        {segments.map((s) => (
          <li key={s.key}>
            <span className={`usage-swatch usage-swatch--${s.key}`} />
            {s.label} <span className="muted">{formatBytes(s.bytes)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
