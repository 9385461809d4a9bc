/** Every volume of the engine in use: searchable, with sizes, users, backup, restore, copy and clean-up. */
import { useMemo } from 'react';
import type { VolumeSummary } from '../../../../engine/contract/volumes-types';
import { PlusIcon, RefreshIcon, TrashIcon, UploadIcon, VolumesIcon } from '../../components/icons';
import { SearchBox } from '../../components/SearchBox';
import { describeAge } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { useEngineStatus } from '../engines/api';
import { pageGate } from '../engines/PageGate';
import { formatBytes, plural } from '../../components/format';
import { useVolumes, useVolumeSizes, useVolumeUsers } from './api';
import { matchesSearch, sortVolumes } from './list';
import { useVolumesUi } from './store';
import { VolumeDialogs } from './VolumeDialogs';
import { VolumeTable } from './VolumeTable';
import { Page } from '../../components/Page';
import { NoMatches, Placeholder } from '../../components/Placeholder';
import '../../styles/list-pages.css';
import '../images/images.css';
import '../../styles/resource-pages.css';

const EMPTY: VolumeSummary[] = [];

export function VolumesPage() {
  const engine = useEngineStatus();
  const volumes = useVolumes();
  const users = useVolumeUsers().data ?? {};
  const sizes = useVolumeSizes();
  const search = useVolumesUi((s) => s.search);
  const setSearch = useVolumesUi((s) => s.setSearch);
  const open = useVolumesUi((s) => s.open);
  const all = volumes.data ?? EMPTY;
  const shown = useMemo(() => sortVolumes(all.filter((v) => matchesSearch(v, users[v.name] ?? [], search))), [all, users, search]);
  const inUse = all.filter((v) => users[v.name]?.length).length;
  const total = Object.values(sizes.data?.sizes ?? {}).reduce<number>((n, s) => n + (s ?? 0), 0);

  const status = engine.data;
  const running = status?.state === 'running';
  let body;
  const gate = pageGate(status, volumes, { loading: 'Loading volumes…', failed: 'Could not list the volumes' });
  if (gate) body = gate;
  else if (!all.length)
    body = (
      <Placeholder
        testId="no-volumes"
        icon={<VolumesIcon />}
        title="No volumes yet"
        actions={
          <>
            <button type="button" className="button button--primary" onClick={() => open({ kind: 'create' })}>
              Create a volume
            </button>
            <button type="button" className="button" onClick={() => open({ kind: 'restore' })}>
              Restore from a backup
            </button>
          </>
        }
      >
        Volumes keep a container’s data when the container is removed. Create one, or restore one from a backup.
      </Placeholder>
    );
  else if (!shown.length)
    body = <NoMatches what="volumes" search={search} hint="The search looks at names, drivers, labels, Compose projects and the containers that use them." onClear={() => setSearch('')} />;
  else body = <VolumeTable volumes={shown} users={users} sizes={sizes.data} sizesLoading={sizes.isFetching} />;

  return (
    <Page
      titleId="volumes-title"
      title="Volumes"
      meta={running && all.length > 0 && <>{plural(all.length, 'volume')} · {inUse} in use{sizes.data ? ` · ${formatBytes(total)}` : ''}</>}
      metaTestId="volumes-meta"
      tools={
        running && (
          <>
            {all.length > 0 && (
              <SearchBox label="Search volumes" placeholder="Search volumes" value={search} onChange={setSearch} narrow />
            )}
            <button
              type="button"
              className="icon-button"
              aria-label="Measure sizes again"
              title={sizes.data ? `Sizes measured ${describeAge(Math.max(0, Date.now() / 1000 - sizes.data.measuredAt))}: measure again` : 'Measure sizes'}
              disabled={sizes.isFetching}
              onClick={() => void sizes.refetch()}
            >
              {sizes.isFetching ? <Spinner /> : <RefreshIcon />}
            </button>
            <button type="button" className="button" aria-label="Remove unused volumes" title="Remove unused volumes" onClick={() => open({ kind: 'prune' })}>
              <TrashIcon />
              <span className="button__label">Remove unused</span>
            </button>
            <button type="button" className="button" aria-label="Restore a volume from a backup" title="Restore a volume from a backup" onClick={() => open({ kind: 'restore' })}>
              <UploadIcon />
              <span className="button__label">Restore</span>
            </button>
            <button type="button" className="button button--primary" onClick={() => open({ kind: 'create' })}>
              <PlusIcon />
              Create
            </button>
          </>
        )
      }
      dialogs={<VolumeDialogs />}
    >
      {body}
    </Page>
  );
}
