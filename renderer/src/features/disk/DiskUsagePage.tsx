/** Where the engine's disk went: images, containers, volumes and build cache, the filesystem they live on, and clean-up. */
import { useState } from 'react';
import type { CleanUpKind, DiskUsage, UsageCategory } from '../../../../engine/contract/disk-types';
import { DiskIcon, RefreshIcon, TrashIcon } from '../../components/icons';
import { RelativeTime } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { useEngineStatus } from '../engines/api';
import { pageGate } from '../engines/PageGate';
import { formatBytes } from '../../components/format';
import { useDiskUsage } from './api';
import { CleanUpDialog } from './CleanUpDialog';
import { SpaceBar } from './SpaceBar';
import { usageTitles } from './words';
import { Page } from '../../components/Page';
import '../images/images.css';
import './disk.css';

interface OpenCleanUp {
  title: string;
  kinds: CleanUpKind[];
  chooseKinds?: boolean;
}

const cleanUps: Record<UsageCategory['kind'], OpenCleanUp> = {
  images: { title: 'Clean up images', kinds: ['images'] },
  containers: { title: 'Remove stopped containers', kinds: ['containers'] },
  volumes: { title: 'Remove unused volumes', kinds: ['volumes'] },
  'build-cache': { title: 'Clear the build cache', kinds: ['build-cache'] },
};

const counted: Record<UsageCategory['kind'], (c: UsageCategory) => string> = {
  images: (c) => `${c.count} ${c.count === 1 ? 'image' : 'images'}, ${c.active} used by containers`,
  containers: (c) => `${c.count} ${c.count === 1 ? 'container' : 'containers'}, ${c.active} running`,
  volumes: (c) => `${c.count} ${c.count === 1 ? 'volume' : 'volumes'}, ${c.active} in use`,
  'build-cache': (c) => (c.count ? `${c.count} ${c.count === 1 ? 'entry' : 'entries'}, ${c.active} in use` : 'Empty (BuildKit builds fill it)'),
};

export function DiskUsagePage() {
  const engine = useEngineStatus();
  const usage = useDiskUsage();
  const [cleanUp, setCleanUp] = useState<OpenCleanUp | null>(null);
  const status = engine.data;
  const running = status?.state === 'running';

  let body;
  const gate = pageGate(status, usage, { loading: 'Measuring the engine’s disk… (it walks every layer and volume)', failed: 'Could not measure the disk usage' });
  if (gate) body = gate;
  else if (usage.data) body = <Usage usage={usage.data} onCleanUp={setCleanUp} />;

  return (
    <Page
      titleId="disk-title"
      title="Disk usage"
      meta={running && usage.data && <>measured <RelativeTime epochSeconds={usage.data.measuredAt} /></>}
      tools={
        running && (
          <>
            <button type="button" className="button" onClick={() => void usage.refetch()} disabled={usage.isFetching} aria-label="Measure again">
              {usage.isFetching ? <Spinner /> : <RefreshIcon />}
              <span className="button__label">Measure again</span>
            </button>
            <button type="button" className="button button--primary" onClick={() => setCleanUp({ title: 'Clean up', kinds: ['containers', 'networks', 'images', 'build-cache'], chooseKinds: true })}>
              <TrashIcon />
              Clean up…
            </button>
          </>
        )
      }
      dialogs={cleanUp && <CleanUpDialog title={cleanUp.title} kinds={cleanUp.kinds} chooseKinds={cleanUp.chooseKinds} onClose={() => setCleanUp(null)} />}
    >
      {body}
    </Page>
  );
}

function Usage({ usage, onCleanUp }: { usage: DiskUsage; onCleanUp(c: OpenCleanUp): void }) {
  const engineBytes = usage.categories.reduce((n, c) => n + c.totalBytes, 0);
  const reclaimable = usage.categories.reduce((n, c) => n + c.reclaimableBytes, 0);
  return (
    <div className="disk" data-testid="disk-usage">
      <section className="disk-root" aria-labelledby="disk-root-title">
        <div className="disk-root__head">
          <h2 id="disk-root-title" className="disk-root__title">
            <DiskIcon /> {formatBytes(engineBytes)} used by the engine
            <span className="muted"> · {formatBytes(reclaimable)} could be cleaned up</span>
          </h2>
          <div className="disk-root__path muted">
            Data root <span className="mono">{usage.dataRoot || 'unknown'}</span>
            {usage.storageDriver && <> · storage driver {usage.storageDriver}</>}
          </div>
        </div>
        <SpaceBar categories={usage.categories} space={usage.space} />
        {usage.space ? (
          <p className="disk-root__free" data-testid="disk-free">
            <strong>{formatBytes(usage.space.availableBytes)}</strong> free of {formatBytes(usage.space.totalBytes)} on the filesystem that holds the data root.
          </p>
        ) : (
          <p className="disk-root__free muted" data-testid="disk-free">
            {usage.spaceUnknown}
          </p>
        )}
      </section>
      <div className="usage-cards">
        {usage.categories.map((c) => (
          <section key={c.kind} className="usage-card" aria-labelledby={`usage-${c.kind}`} data-testid="usage-card" data-kind={c.kind}>
            <h2 id={`usage-${c.kind}`} className="usage-card__title">
              <span className={`usage-swatch usage-swatch--${c.kind}`} aria-hidden="true" />
              {usageTitles[c.kind]}
            </h2>
            <div className="usage-card__total">{formatBytes(c.totalBytes)}</div>
            <div className="usage-card__count muted">{counted[c.kind](c)}</div>
            <div className="usage-card__foot">
              <span>
                <strong>{formatBytes(c.reclaimableBytes)}</strong> <span className="muted">reclaimable</span>
              </span>
              <button type="button" className="button" onClick={() => onCleanUp(cleanUps[c.kind])} aria-label={`${cleanUps[c.kind].title}…`}>
                Clean up…
              </button>
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
