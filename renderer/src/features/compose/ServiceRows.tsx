/** A service of the project with its containers: state, health, published ports, and acting on it. */
import { useState } from 'react';
import type { ComposeServiceDefinition } from '../../../../engine/contract/compose-types';
import type { ContainerSummary } from '../../../../engine/contract/types';
import { href } from '../../app/router';
import { PlayIcon, RestartIcon, StopIcon } from '../../components/icons';
import { PortLinks } from '../../components/PortLinks';
import { StateBadge } from '../containers/StateBadge';
import { runCompose } from './tasks';

/** Health as the engine's status text carries it: "Up 2 minutes (healthy)". */
export function healthOf(status: string): string | undefined {
  const m = /\((healthy|unhealthy|health: starting)\)/.exec(status);
  return m ? m[1]!.replace('health: ', '') : undefined;
}

function Health({ container }: { container: ContainerSummary }) {
  const health = healthOf(container.status);
  if (!health) return <span className="muted">—</span>;
  const tone = health === 'healthy' ? 'success' : health === 'unhealthy' ? 'danger' : 'info';
  return <span className={`badge badge--${tone}`}>{health}</span>;
}

function Scale({ project, service, current }: { project: string; service: string; current: number }) {
  const [value, setValue] = useState(String(current));
  const n = Number(value);
  const valid = Number.isInteger(n) && n >= 0 && n <= 100;
  return (
    <form
      className="compose-scale"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid && n !== current) runCompose(project, { action: 'scale', service, replicas: n }, { reveal: false });
      }}
    >
      <input
        type="number"
        min={0}
        max={100}
        className="text-input compose-scale__input"
        aria-label={`Containers of ${service}`}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" className="button button--quiet" disabled={!valid || n === current} aria-label={`Scale ${service}`}>
        Scale
      </button>
    </form>
  );
}

export function ServiceRows({ project, service, containers }: { project: string; service: ComposeServiceDefinition | { name: string; image?: string }; containers: ContainerSummary[] }) {
  const name = service.name;
  const act = (action: 'start' | 'stop' | 'restart' | 'recreate') => runCompose(project, { action, services: [name] }, { reveal: false });
  const running = containers.filter((c) => c.state === 'running').length;
  return (
    <tbody data-testid="compose-service" data-service={name}>
      <tr className="compose-service__head">
        <th scope="rowgroup" colSpan={2}>
          {name}
          <span className="muted compose-service__image"> {service.image}</span>
          {'profiles' in service && service.profiles.length > 0 && <span className="muted compose-service__image"> · profile {service.profiles.join(', ')}</span>}
        </th>
        <td>{containers.length ? `${running} of ${containers.length} running` : <span className="muted">not created</span>}</td>
        <td colSpan={2}>
          <div className="compose-service__actions">
            <button type="button" className="icon-button" aria-label={`Start ${name}`} title="Start" onClick={() => act('start')}>
              <PlayIcon />
            </button>
            <button type="button" className="icon-button" aria-label={`Stop ${name}`} title="Stop" onClick={() => act('stop')}>
              <StopIcon />
            </button>
            <button type="button" className="icon-button" aria-label={`Restart ${name}`} title="Restart" onClick={() => act('restart')}>
              <RestartIcon />
            </button>
            <button type="button" className="button button--quiet" aria-label={`Recreate ${name}`} title="Create its containers again from the file" onClick={() => act('recreate')}>
              Recreate
            </button>
            <Scale key={containers.length} project={project} service={name} current={containers.length} />
          </div>
        </td>
      </tr>
      {containers.map((c) => (
        <tr key={c.id} data-testid="compose-container" data-container={c.name}>
          <td className="compose-container__name">
            <a href={href('container', { id: c.id })}>{c.name}</a>
          </td>
          <td>
            <StateBadge state={c.state} />
          </td>
          <td>
            <Health container={c} />
          </td>
          <td>
            <PortLinks container={c} />
          </td>
          <td className="muted">{c.status}</td>
        </tr>
      ))}
    </tbody>
  );
}
