/**
 * Every engine Berth knows, each asked on its own: whether it answers, what it is (version, system,
 * containers, images, CPUs and memory), and what can be done with it: use it in this window, open it in
 * another window, remove it when Berth added it.
 */
import { useId, useState } from 'react';
import type { EngineOverview } from '../../../../engine/contract/remote-engines';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatBytes } from '../../components/format';
import { Spinner } from '../../components/Spinner';
import { messageOf } from '../../components/toasts/store';
import { useEngineStatus } from './api';
import { useEngineOverview, useRemoveRemoteEngine } from './remote-api';
import { addressOnEngine, switchEngine } from './switch-engine';

export function EngineList() {
  const overview = useEngineOverview();
  const activeId = useEngineStatus().data?.endpoint?.id;
  const [switching, setSwitching] = useState<string | undefined>();
  const [removing, setRemoving] = useState<EngineOverview | undefined>();
  const remove = useRemoveRemoteEngine();

  if (overview.isPending) {
    return (
      <div className="engine-list__waiting" role="status">
        <Spinner /> Looking for engines…
      </div>
    );
  }
  if (overview.isError) return <p role="alert">{messageOf(overview.error)}</p>;
  if (!overview.data.length) return <p className="muted">Berth found no engine. Add one on another machine, or start Docker or Podman here.</p>;

  return (
    <>
      <ul className="engine-list" aria-label="Engines Berth found">
        {overview.data.map((engine) => (
          <EngineItem
            key={engine.endpoint.id}
            engine={engine}
            active={engine.endpoint.id === activeId}
            switching={switching === engine.endpoint.id}
            onUse={() => {
              setSwitching(engine.endpoint.id);
              void switchEngine(engine.endpoint).finally(() => setSwitching(undefined));
            }}
            onRemove={() => setRemoving(engine)}
          />
        ))}
      </ul>
      {removing && (
        <ConfirmDialog
          title={`Remove ${contextName(removing)}?`}
          confirmLabel="Remove"
          danger
          onCancel={() => setRemoving(undefined)}
          onConfirm={() => {
            remove.mutate(contextName(removing));
            setRemoving(undefined);
          }}
        >
          <p>
            The docker context “{contextName(removing)}” goes: neither Berth nor the docker CLI will know this engine any more
            {removing.endpoint.host.startsWith('tcp://') ? ', and its TLS files that Berth saved are deleted' : ''}.
          </p>
          <p className="muted">The engine itself and everything on it ({removing.endpoint.host}) are not touched. You can add it again at any time.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function contextName(engine: EngineOverview): string {
  return engine.endpoint.id.replace(/^context:/, '');
}

interface EngineItemProps {
  engine: EngineOverview;
  active: boolean;
  switching: boolean;
  onUse(): void;
  onRemove(): void;
}

function EngineItem({ engine, active, switching, onUse, onRemove }: EngineItemProps) {
  const labelId = useId();
  const { endpoint, facts, link } = engine;
  const linkDown = link && link.state !== 'connected' && link.reason;
  return (
    <li className={active ? 'engine-item is-active' : 'engine-item'} data-testid="engine-endpoint" data-engine-id={endpoint.id} aria-current={active ? 'true' : undefined}>
      <div className="engine-item__main">
        <div className="engine-item__title">
          <span id={labelId} className="engine-item__label">
            {endpoint.label}
          </span>
          {active && <span className="badge badge--info">In use</span>}
          {facts && facts.swarm !== 'inactive' && <span className="badge badge--neutral">Swarm {facts.swarm}</span>}
        </div>
        <div className="engine-item__host mono" title={endpoint.host}>
          {endpoint.host}
        </div>
        {facts && (
          <div className="engine-item__facts" data-testid="engine-facts">
            {facts.os} · {facts.arch} · {facts.containersRunning} of {facts.containersTotal} containers running · {facts.images} images · {facts.cpus} CPUs ·{' '}
            {formatBytes(facts.memoryBytes)} memory
          </div>
        )}
        {!endpoint.reachable && (linkDown || endpoint.problem) && <div className="engine-item__problem">{linkDown || endpoint.problem}</div>}
      </div>
      <div className="engine-item__reach">
        {endpoint.reachable ? (
          <span className="badge badge--success">{endpoint.version ? `Engine ${endpoint.version}` : 'Answers'}</span>
        ) : link?.state === 'reconnecting' ? (
          <span className="badge badge--warning">Reconnecting</span>
        ) : (
          <span className="badge badge--neutral">Not answering</span>
        )}
      </div>
      <div className="engine-item__action">
        {!active && (
          <button type="button" className="button" aria-describedby={labelId} disabled={switching} onClick={onUse}>
            {switching && <Spinner />}
            Use this engine
          </button>
        )}
        {endpoint.reachable && (
          <a className="button button--quiet" href={addressOnEngine(endpoint.id)} target="_blank" rel="noopener" aria-describedby={labelId}>
            Open in a new window
          </a>
        )}
        {engine.removable && (
          <button type="button" className="button button--quiet" aria-describedby={labelId} onClick={onRemove}>
            Remove…
          </button>
        )}
      </div>
    </li>
  );
}
