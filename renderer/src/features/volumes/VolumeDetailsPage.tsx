/** One volume: its files, what it is, who uses it, and what can be done with it. */
import type { VolumeDetails, VolumeUser } from '../../../../engine/contract/volumes-types';
import { href, navigate } from '../../app/router';
import { CopyIcon, DownloadIcon, TrashIcon, UploadIcon } from '../../components/icons';
import { RelativeTime } from '../../components/RelativeTime';
import { Spinner } from '../../components/Spinner';
import { messageOf } from '../../components/toasts/store';
import { useEngineStatus } from '../engines/api';
import { EngineRequired } from '../engines/EngineRequired';
import { formatBytes } from '../../components/format';
import { useVolumeDetails, useVolumeSizes, useVolumeUsers } from './api';
import { ContainerChips } from '../../components/ContainerChips';
import { displayName } from './list';
import { useVolumesUi } from './store';
import { backUpVolume } from './transfers';
import { VolumeDialogs } from './VolumeDialogs';
import { VolumeFiles } from './VolumeFiles';
import '../../styles/list-pages.css';
import '../images/images.css';
import '../../styles/resource-pages.css';

export function VolumeDetailsPage({ name }: { name: string }) {
  const engine = useEngineStatus();
  const details = useVolumeDetails(name);
  const users = useVolumeUsers().data?.[name] ?? [];
  const size = useVolumeSizes().data?.sizes[name];
  const open = useVolumesUi((s) => s.open);
  const short = displayName({ name, anonymous: /^[0-9a-f]{64}$/.test(name) });
  const status = engine.data;

  let body;
  if (!status) body = null;
  else if (status.state !== 'running') body = <EngineRequired status={status} />;
  else if (details.isPending)
    body = (
      <div className="placeholder" role="status">
        <Spinner />
        <p>Loading {short}…</p>
      </div>
    );
  else if (details.isError)
    body = (
      <div className="placeholder" role="alert">
        <div className="placeholder__title">Could not show {short}</div>
        <p>{messageOf(details.error)}</p>
        <div className="placeholder__actions">
          <a className="button" href={href('volumes')}>
            Back to volumes
          </a>
        </div>
      </div>
    );
  else
    body = (
      <div className="volume-detail">
        <VolumeFiles volume={name} />
        <About details={details.data} users={users} size={size} />
      </div>
    );

  return (
    <section className="page" aria-labelledby="volume-title">
      <header className="page-header">
        <div className="page-header__title">
          <a className="page-header__back" href={href('volumes')}>
            Volumes
          </a>
          <span className="page-header__sep" aria-hidden="true">
            /
          </span>
          <h1 id="volume-title" className="image-title" title={name}>
            {short}
          </h1>
        </div>
        {details.data && (
          <div className="page-header__tools">
            <button type="button" className="button" aria-label={`Copy ${short} to a new volume`} title="Copy to a new volume" onClick={() => open({ kind: 'copy', source: name })}>
              <CopyIcon />
              <span className="button__label">Copy</span>
            </button>
            <button type="button" className="button" aria-label={`Restore a backup into ${short}`} title="Restore a backup into it" onClick={() => open({ kind: 'restore', into: name })}>
              <UploadIcon />
              <span className="button__label">Restore into</span>
            </button>
            <button type="button" className="button" aria-label={`Remove ${short}`} onClick={() => open({ kind: 'remove', names: [name] })}>
              <TrashIcon />
              <span className="button__label">Remove</span>
            </button>
            <button type="button" className="button button--primary" onClick={() => void backUpVolume(name)}>
              <DownloadIcon />
              Back up
            </button>
          </div>
        )}
      </header>
      <div className="page-body">{body}</div>
      <VolumeDialogs onRemoved={() => navigate('volumes')} />
    </section>
  );
}

function About({ details, users, size }: { details: VolumeDetails; users: VolumeUser[]; size: number | null | undefined }) {
  const v = details.volume;
  const labels = Object.entries(v.labels);
  const options = Object.entries(v.options);
  return (
    <section className="volume-about" aria-labelledby="volume-about-title">
      <h2 id="volume-about-title" className="section-head">
        About
      </h2>
      <dl className="facts">
        <dt>Name</dt>
        <dd className="mono">{v.name}</dd>
        <dt>Size</dt>
        <dd>{size === undefined ? '—' : size === null ? 'The driver cannot say' : formatBytes(size)}</dd>
        <dt>Driver</dt>
        <dd>
          {v.driver} <span className="muted">· {v.scope} scope</span>
        </dd>
        <dt>Mount point</dt>
        <dd className="mono facts__wrap">{v.mountpoint}</dd>
        <dt>Created</dt>
        <dd>{v.created ? <RelativeTime epochSeconds={v.created} /> : '—'}</dd>
        <dt>Used by</dt>
        <dd>
          {users.length ? (
            <ul className="plain-list">
              {users.map((u) => (
                <li key={u.id}>
                  <ContainerChips containers={[{ id: u.id, name: u.name, state: u.state }]} /> <span className="muted mono">at {u.mountPath}</span>
                  {u.readOnly && <span className="muted"> (read-only)</span>}
                </li>
              ))}
            </ul>
          ) : (
            <span className="muted">No container, running or stopped</span>
          )}
        </dd>
        {options.length > 0 && (
          <>
            <dt>Driver options</dt>
            <dd className="mono facts__wrap">{options.map(([k, val]) => `${k}=${val}`).join('\n')}</dd>
          </>
        )}
        {labels.length > 0 && (
          <>
            <dt>Labels</dt>
            <dd className="mono facts__wrap">{labels.map(([k, val]) => `${k}=${val}`).join('\n')}</dd>
          </>
        )}
      </dl>
      <details className="raw-json">
        <summary>As the engine reports it</summary>
        <pre className="mono">{details.raw}</pre>
      </details>
    </section>
  );
}
