/** Every image of the engine in use: searchable and sortable, untagged ones grouped, with pull, build, load and prune. */
import { useMemo } from 'react';
import type { ImageSummary } from '../../../../engine/contract/images-types';
import { href } from '../../app/router';
import { BuildIcon, CloseIcon, DownloadIcon, ImagesIcon, TrashIcon } from '../../components/icons';
import { SearchBox } from '../../components/SearchBox';
import { useEngineStatus } from '../engines/api';
import { pageGate } from '../engines/PageGate';
import { useImages } from './api';
import { LoadButton } from './archive-actions';
import { plural } from '../../components/format';
import { ImageTable } from './ImageTable';
import { imageRows, matchesSearch, sortRows } from './list';
import { openPullDialog, useImagesUi } from './store';
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
      <div className="placeholder" data-testid="no-images">
        <span className="placeholder__icon">
          <ImagesIcon />
        </span>
        <div className="placeholder__title">No images yet</div>
        <p>Pull one from a registry, build one from a Dockerfile, or load one from a file.</p>
        <div className="placeholder__actions">
          <button type="button" className="button button--primary" onClick={() => openPullDialog()}>
            Pull an image
          </button>
          <a className="button" href={href('imageBuild')}>
            Build an image
          </a>
        </div>
      </div>
    );
  else if (!tagged.length && !untagged.length)
    body = (
      <div className="placeholder">
        <div className="placeholder__title">No images match “{search.trim()}”</div>
        <p>The search looks at names, tags, digests and the start of ids.</p>
        <div className="placeholder__actions">
          <button type="button" className="button" onClick={() => setSearch('')}>
            Clear search
          </button>
        </div>
      </div>
    );
  else body = <ImageTable tagged={tagged} untagged={untagged} />;

  return (
    <section className="page" aria-labelledby="images-title">
      <header className="page-header">
        <div className="page-header__title">
          <h1 id="images-title">Images</h1>
          {running && all.length > 0 && (
            <span className="page-header__meta">
              {plural(all.length, 'image')}
            </span>
          )}
        </div>
        {running && (
          <div className="page-header__tools">
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
          </div>
        )}
      </header>
      {running && selected.length > 0 && (
        <div className="bulk-bar" role="toolbar" aria-label="Selected images" data-testid="image-bulk-actions">
          <span className="bulk-bar__count">{plural(selected.length, 'image')} selected</span>
          <button type="button" className="button bulk-bar__remove" aria-label={`Remove ${plural(selected.length, 'selected image')}`} onClick={() => open({ kind: 'remove', rows: selected })}>
            <TrashIcon /> Remove
          </button>
          <button type="button" className="icon-button bulk-bar__clear" aria-label="Clear selection" title="Clear selection" onClick={clearSelection}>
            <CloseIcon />
          </button>
        </div>
      )}
      <div className="page-body">{body}</div>
    </section>
  );
}
