/**
 * The union-filesystem picture of an image: its layers stacked with the newest on top, each as wide as
 * the bytes it adds, coloured by whether other local images share it. Steps that only set metadata (ENV,
 * CMD, …) made no layer and are listed faintly in between, so the Dockerfile reads in order.
 */
import type { ImageLayers, ImageStep } from '../../../../engine/contract/images-types';
import { href } from '../../app/router';
import { formatBytes, plural, shortId } from '../../components/format';

/** Bars grow with the square root of the size, so a 3 kB layer is visible beside a 200 MB one. */
function barWidth(size: number, largest: number): string {
  if (!size || !largest) return '0%';
  return `${Math.max(2, Math.round(Math.sqrt(size / largest) * 100))}%`;
}

function Sharing({ step }: { step: ImageStep }) {
  if (step.layer === undefined) return null;
  if (!step.sharedWith.length) return <span className="layer-share layer-share--own">only this image</span>;
  const [first, ...rest] = step.sharedWith;
  return (
    <span className="layer-share" title={step.sharedWith.map((s) => s.name).join('\n')}>
      shared with{' '}
      <a href={href('image', { id: first!.id })} className="layer-share__link">
        {first!.name}
      </a>
      {rest.length > 0 && ` and ${plural(rest.length, 'other')}`}
    </span>
  );
}

function StepRow({ step, largest }: { step: ImageStep; largest: number }) {
  const hasLayer = step.layer !== undefined;
  return (
    <li
      className={`layer${hasLayer ? '' : ' layer--none'}${step.sharedWith.length ? ' layer--shared' : ''}`}
      data-testid="layer"
      data-layer={step.layer}
      data-shared={step.sharedWith.length > 0}
    >
      <div className="layer__bar-track" aria-hidden="true">
        {hasLayer && <div className="layer__bar" style={{ width: barWidth(step.size, largest) }} />}
      </div>
      <div className="layer__text">
        <code className="layer__instruction" title={step.instruction}>
          {step.instruction}
        </code>
        <div className="layer__meta">
          {hasLayer ? <span className="layer__size">{formatBytes(step.size)}</span> : <span>no layer: metadata only</span>}
          <Sharing step={step} />
        </div>
      </div>
    </li>
  );
}

export function LayerStack({ layers }: { layers: ImageLayers }) {
  const largest = Math.max(0, ...layers.steps.map((s) => s.size));
  const newestFirst = [...layers.steps].reverse();
  const shared = layers.steps.filter((s) => s.layer !== undefined && s.sharedWith.length).length;
  return (
    <section className="layers" aria-labelledby="layers-title">
      <div className="layers__head">
        <h2 id="layers-title">Layers</h2>
        <span className="muted">Newest on top: each layer holds only what its step changed, and the image is all of them stacked.</span>
      </div>
      <dl className="layer-figures" data-testid="layer-figures">
        <div>
          <dt>Layers</dt>
          <dd>{layers.layerCount}</dd>
        </div>
        <div>
          <dt>Only in this image</dt>
          <dd data-testid="unique-bytes">{formatBytes(layers.uniqueBytes)}</dd>
        </div>
        <div>
          <dt>Shared with other images</dt>
          <dd data-testid="shared-bytes">
            {formatBytes(layers.sharedBytes)}
            <span className="muted"> in {plural(shared, 'layer')}</span>
          </dd>
        </div>
        <div>
          <dt>Disk saved by sharing</dt>
          <dd data-testid="saved-bytes">{formatBytes(layers.savedBytes)}</dd>
        </div>
      </dl>
      <div className="layer-legend" aria-hidden="true">
        <span className="layer-legend__own">only this image</span>
        <span className="layer-legend__shared">shared with other local images</span>
      </div>
      <ol className="layer-stack" aria-label={`Steps of ${layers.tags[0] ?? shortId(layers.id)}, newest first`}>
        {newestFirst.map((step, i) => (
          <StepWithBase key={i} step={step} largest={largest} top={i === 0} />
        ))}
      </ol>
      {!layers.matched && (
        <p className="muted">Some steps could not be matched to their layers exactly (an empty layer is ambiguous); the sizes and totals are right.</p>
      )}
    </section>
  );
}

/** A step that ends a tagged image (the FROM image, usually) is marked, so the base is visible. */
function StepWithBase({ step, largest, top }: { step: ImageStep; largest: number; top: boolean }) {
  return (
    <>
      {step.tags.length > 0 && !top && (
        <li className="layer-base" aria-label={`Up to here: ${step.tags.join(', ')}`}>
          <span>{step.tags.join(', ')}</span>
        </li>
      )}
      <StepRow step={step} largest={largest} />
    </>
  );
}
