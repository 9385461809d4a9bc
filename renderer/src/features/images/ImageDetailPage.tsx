/** One image (#/images/<id>): what it is, who uses it, what can be done with it, and its layers. */
import type { ImageSummary } from '../../../../engine/contract/images-types';
import { href } from '../../app/router';
import { PlayIcon, TagIcon, TrashIcon, UploadIcon, DownloadIcon } from '../../components/icons';
import { RelativeTime } from '../../components/RelativeTime';
import { messageOf } from '../../components/toasts/store';
import { useEngineStatus } from '../engines/api';
import { EngineRequired } from '../engines/EngineRequired';
import { openRunDialog } from '../run-container/store';
import { useImageLayers, useImages } from './api';
import { saveImages } from './archive-actions';
import { formatBytes, shortId } from '../../components/format';
import { LayerStack } from './LayerStack';
import { imageRows } from './list';
import { useImagesUi } from './store';
import { Page } from '../../components/Page';
import { Placeholder, Waiting } from '../../components/Placeholder';
import './images.css';
import './image-layers.css';

function Actions({ image }: { image: ImageSummary }) {
  const open = useImagesUi((s) => s.open);
  const name = image.tags[0] ?? shortId(image.id);
  const rows = [...imageRows([image]).tagged, ...imageRows([image]).untagged];
  return (
    <>
      <button type="button" className="button" onClick={() => openRunDialog({ image: image.tags[0] ?? image.id })}>
        <PlayIcon /> Run
      </button>
      <button type="button" className="button" onClick={() => open({ kind: 'tag', image: image.id, name })}>
        <TagIcon /> Tag
      </button>
      {image.tags[0] && (
        <button type="button" className="button" onClick={() => open({ kind: 'push', tag: image.tags[0]! })}>
          <UploadIcon /> Push
        </button>
      )}
      <button type="button" className="button" onClick={() => void saveImages([image.tags[0] ?? image.id], name)}>
        <DownloadIcon /> Save
      </button>
      <button type="button" className="button bulk-bar__remove" onClick={() => open({ kind: 'remove', rows })}>
        <TrashIcon /> Remove
      </button>
    </>
  );
}

export function ImageDetailPage({ id }: { id: string }) {
  const engine = useEngineStatus();
  const images = useImages();
  const layers = useImageLayers(id);
  const image = images.data?.find((i) => i.id === id || i.id === `sha256:${id}` || i.tags.includes(id));
  const status = engine.data;
  const title = image?.tags[0] ?? layers.data?.tags[0] ?? shortId(id);

  let body;
  if (status && status.state !== 'running') body = <EngineRequired status={status} />;
  else if (layers.isPending || images.isPending)
    body = <Waiting text="Reading the image’s layers…" />;
  else if (layers.isError || !image)
    body = (
      <Placeholder
        role="alert"
        testId="image-missing"
        title={layers.error?.message.includes('No such image') || !image ? 'This image is not here any more' : 'Could not read this image'}
        actions={
          <a className="button" href={href('images')}>
            Back to images
          </a>
        }
      >
        {layers.isError ? messageOf(layers.error) : 'It was removed, or it is an intermediate build step that is not listed.'}
      </Placeholder>
    );
  else
    body = (
      <div className="image-detail">
        <dl className="image-facts">
          <div>
            <dt>Id</dt>
            <dd className="mono" title={image.id}>
              {shortId(image.id)}
            </dd>
          </div>
          <div>
            <dt>Size</dt>
            <dd>{formatBytes(image.size)}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <RelativeTime epochSeconds={image.created} />
            </dd>
          </div>
          {layers.data.os && (
            <div>
              <dt>Platform</dt>
              <dd>
                {layers.data.os}/{layers.data.architecture}
              </dd>
            </div>
          )}
          <div>
            <dt>Used by</dt>
            <dd data-testid="image-users">
              {image.containers.length ? image.containers.map((c) => `${c.name} (${c.state})`).join(', ') : 'no containers'}
            </dd>
          </div>
          {image.tags.length > 1 && (
            <div className="image-facts__wide">
              <dt>Also named</dt>
              <dd className="image-names" data-testid="image-other-names">
                {image.tags.slice(1).map((t) => (
                  <span key={t} className="image-names__name">
                    {t}
                  </span>
                ))}
              </dd>
            </div>
          )}
          {image.digests.length > 0 && (
            <div className="image-facts__wide">
              <dt>Digest</dt>
              <dd className="mono">{image.digests.join(', ')}</dd>
            </div>
          )}
        </dl>
        <LayerStack layers={layers.data} />
      </div>
    );

  return (
    <Page
      titleId="image-title"
      back={{ href: href('images'), label: 'Images' }}
      titleClassName="image-title"
      titleHint={title}
      title={title}
      tools={image && status?.state === 'running' && <Actions image={image} />}
    >
      {body}
    </Page>
  );
}
