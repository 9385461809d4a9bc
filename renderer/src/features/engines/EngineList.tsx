/** Every engine Berth can find, whether it answers, and the choice of which one to use. */
import { useId } from 'react';
import type { EngineEndpoint } from '../../../../engine/contract/types';
import { Spinner } from '../../components/Spinner';
import { messageOf } from '../../components/toasts/store';
import { useEngineList, useEngineStatus, useSelectEngine } from './api';

export function EngineList() {
  const list = useEngineList();
  const activeId = useEngineStatus().data?.endpoint?.id;
  const select = useSelectEngine();

  if (list.isPending) {
    return (
      <div className="engine-list__waiting" role="status">
        <Spinner /> Looking for engines…
      </div>
    );
  }
  if (list.isError) return <p role="alert">{messageOf(list.error)}</p>;
  if (!list.data.length) return <p className="muted">Berth found no engine on this machine.</p>;

  return (
    <ul className="engine-list" aria-label="Engines Berth found">
      {list.data.map((endpoint) => (
        <EngineItem
          key={endpoint.id}
          endpoint={endpoint}
          active={endpoint.id === activeId}
          switching={select.isPending && select.variables?.id === endpoint.id}
          onUse={() => select.mutate({ id: endpoint.id, label: endpoint.label })}
        />
      ))}
    </ul>
  );
}

interface EngineItemProps {
  endpoint: EngineEndpoint;
  active: boolean;
  switching: boolean;
  onUse(): void;
}

function EngineItem({ endpoint, active, switching, onUse }: EngineItemProps) {
  const labelId = useId();
  return (
    <li className={active ? 'engine-item is-active' : 'engine-item'} data-testid="engine-endpoint" data-engine-id={endpoint.id} aria-current={active ? 'true' : undefined}>
      <div className="engine-item__main">
        <div className="engine-item__title">
          <span id={labelId} className="engine-item__label">
            {endpoint.label}
          </span>
          {active && <span className="badge badge--info">In use</span>}
        </div>
        <div className="engine-item__host mono" title={endpoint.host}>
          {endpoint.host}
        </div>
        {!endpoint.reachable && endpoint.problem && <div className="engine-item__problem">{endpoint.problem}</div>}
      </div>
      <div className="engine-item__reach">
        {endpoint.reachable ? (
          <span className="badge badge--success">{endpoint.version ? `Engine ${endpoint.version}` : 'Answers'}</span>
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
      </div>
    </li>
  );
}
