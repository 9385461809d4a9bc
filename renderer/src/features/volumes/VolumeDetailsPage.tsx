/** One volume: its files, what it is, who uses it, and what can be done with it. */
import type { VolumeDetails, VolumeUser } from '../../../../engine/contract/volumes-types';
import { href, navigate } from '../../app/router';
import { CopyIcon, DownloadIcon, TrashIcon, UploadIcon } from '../../components/icons';
import { RelativeTime } from '../../components/RelativeTime';
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
import { Page } from '../../components/Page';
import { Placeholder, Waiting } from '../../components/Placeholder';
import { KeyValueFact, RawJson } from '../../components/Facts';
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
    body = <Waiting text={`Loading ${short}…`} />;
  else if (details.isError)
    body = (
      <Placeholder
        role="alert"
        title={<>Could not show {short}</>}
        actions={
          <a className="button" href={href('volumes')}>
            Back to volumes
          </a>
        }
      >
        {messageOf(details.error)}
      </Placeholder>
    );
  else
    body = (
      <div className="volume-detail">
        <VolumeFiles volume={name} />
        <About details={details.data} users={users} size={size} />
      </div>
    );

  return (
    <Page
      titleId="volume-title"
      back={{ href: href('volumes'), label: 'Volumes' }}
      titleClassName="image-title"
      titleHint={name}
      title={short}
      tools={
        details.data && (
          <>
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
          </>
        )
      }
      dialogs={<VolumeDialogs onRemoved={() => navigate('volumes')} />}
    >
      {body}
    </Page>
  );
}

function About({ details, users, size }: { details: VolumeDetails; users: VolumeUser[]; size: number | null | undefined }) {
  const v = details.volume;
  return (
    <section className="volume-about" aria-labelledby="volume-about-title">
      <h2 id="volume-about-title" className="section-head">
        About
      </h2>
      <dl className="facts facts--boxed">
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
        <KeyValueFact term="Driver options" values={v.options} />
        <KeyValueFact term="Labels" values={v.labels} />
      </dl>
      <RawJson raw={details.raw} />
    </section>
  );
}
