/** Every image of the engine in use: searchable and sortable, untagged ones grouped, with pull, build, load and prune. */
import { useMemo } from 'react';
import type { ImageSummary } from '../../../../engine/contract/images-types';
import { href } from '../../app/router';
import { BulkBar } from '../../components/BulkBar';
import { BuildIcon, DownloadIcon, ImagesIcon, TrashIcon } from '../../components/icons';
import { SearchBox } from '../../components/SearchBox';
import { useEngineStatus } from '../engines/api';
import { pageGate } from '../engines/PageGate';
import { useImages } from './api';
import { LoadButton } from './archive-actions';
import { plural } from '../../components/format';
import { ImageTable } from './ImageTable';
import { imageRows, matchesSearch, sortRows } from './list';
import { openPullDialog, useImagesUi } from './store';
import { Page } from '../../components/Page';
import { NoMatches, Placeholder } from '../../components/Placeholder';
import '../../styles/list-pages.css';
import './images.css';

const EMPTY: ImageSummary[] = [];

export function ImagesPage() {
  const engine = useEngineStatus();
  const images = useImages();
  const all = images.data ?? EMPTY;
  const search = useImagesUi((s) => s.search);
  const setSearch = useImagesUi((s) => s.setSearch);
  const sort = useImagesUi((s) => s.sort);
  const selectedKeys = useImagesUi((s) => s.selected);
  const clearSelection = useImagesUi((s) => s.clearSelection);
  const open = useImagesUi((s) => s.open);

  const rows = useMemo(() => imageRows(all), [all]);
  const tagged = useMemo(() => sortRows(rows.tagged.filter((r) => matchesSearch(r, search)), sort), [rows, search, sort]);
  const untagged = useMemo(() => sortRows(rows.untagged.filter((r) => matchesSearch(r, search)), sort), [rows, search, sort]);
  const selected = useMemo(() => [...rows.tagged, ...rows.untagged].filter((r) => selectedKeys[r.key]), [rows, selectedKeys]);

  const status = engine.data;
  const running = status?.state === 'running';
  let body;
  const gate = pageGate(status, images, { loading: 'Loading images…', failed: 'Could not list the images' });
  if (gate) body = gate;
  else if (!all.length)
    body = (
      <Placeholder
        testId="no-images"
        icon={<ImagesIcon />}
        title="No images yet"
        actions={
          <>
            <button type="button" className="button button--primary" onClick={() => openPullDialog()}>
              Pull an image
            </button>
            <a className="button" href={href('imageBuild')}>
              Build an image
            </a>
          </>
        }
      >
        Pull one from a registry, build one from a Dockerfile, or load one from a file.
      </Placeholder>
    );
  else if (!tagged.length && !untagged.length)
    body = <NoMatches what="images" search={search} hint="The search looks at names, tags, digests and the start of ids." onClear={() => setSearch('')} />;
  else body = <ImageTable tagged={tagged} untagged={untagged} />;

  return (
    <Page
      titleId="images-title"
      title="Images"
      meta={running && all.length > 0 && plural(all.length, 'image')}
      tools={
        running && (
          <>
            {all.length > 0 && (
              <SearchBox label="Search images" placeholder="Search name, tag, id" value={search} onChange={setSearch} />
            )}
            <button type="button" className="button" aria-label="Prune unused images" title="Prune unused images" onClick={() => open({ kind: 'prune' })}>
              <TrashIcon />
              <span className="button__label">Prune</span>
            </button>
            <LoadButton />
            <a className="button" href={href('imageBuild')}>
              <BuildIcon />
              Build
            </a>
            <button type="button" className="button button--primary" onClick={() => openPullDialog()}>
              <DownloadIcon />
              Pull
            </button>
          </>
        )
      }
      bar={
        running && selected.length > 0 && (
          <BulkBar label="Selected images" testId="image-bulk-actions" count={plural(selected.length, 'image')} onClear={clearSelection}>
            <button type="button" className="button bulk-bar__remove" aria-label={`Remove ${plural(selected.length, 'selected image')}`} onClick={() => open({ kind: 'remove', rows: selected })}>
              <TrashIcon /> Remove
            </button>
          </BulkBar>
        )
      }
    >
      {body}
    </Page>
  );
}
