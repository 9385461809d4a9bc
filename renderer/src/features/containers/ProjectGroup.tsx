/** A Compose project: one foldable header with actions for all its containers, then its containers. */
import type { ContainerAction, ContainerSummary } from '../../../../engine/contract/types';
import { ChevronIcon, ComposeIcon } from '../../components/icons';
import type { ContainerWork } from './api';
import { href } from '../../app/router';
import { ProjectLogsButton } from '../container-logs/ProjectLogsButton';
import { ContainerRow } from './ContainerRow';
import { affectedBy, containerActions, isUp, removeWork } from './actions';
import { SelectBox } from '../../components/SelectBox';
import { useContainersUi } from './store';
import './project-row.css';

interface ProjectGroupProps {
  project: string;
  containers: ContainerSummary[];
  pending: ReadonlyMap<string, ContainerWork>;
  onAct(containers: ContainerSummary[], action: ContainerAction): void;
}

export function ProjectGroup({ project, containers, pending, onAct }: ProjectGroupProps) {
  const collapsed = useContainersUi((s) => s.collapsed[project] === true);
  const toggleGroup = useContainersUi((s) => s.toggleGroup);
  const askToRemove = useContainersUi((s) => s.askToRemove);
  const setSelected = useContainersUi((s) => s.setSelected);
  const ids = containers.map((c) => c.id);
  const selectedCount = useContainersUi((s) => ids.filter((id) => s.selected[id]).length);
  const running = containers.filter((c) => c.state === 'running').length;
  const anyUp = containers.some((c) => isUp(c.state));
  const anyDown = affectedBy('start', containers).length > 0;
  const busy = containers.some((c) => pending.has(c.id));
  const groupButton = (action: ContainerAction, shown: boolean) => {
    if (!shown) return <span className="action-slot" />;
    const { label, Icon } = containerActions[action];
    return (
      <button type="button" className="icon-button" aria-label={`${label} all in ${project}`} title={`${label} all`} disabled={busy} onClick={() => onAct(containers, action)}>
        <Icon />
      </button>
    );
  };

  return (
    <tbody className="project-group">
      <tr className="project-row" data-testid="container-group" data-project={project}>
        <td className="col-select">
          <SelectBox label={`Select all in ${project}`} ids={ids} selectedCount={selectedCount} onChange={(on) => setSelected(ids, on)} />
        </td>
        <td colSpan={2} className="project-row__title">
          <button type="button" className="project-toggle" aria-expanded={!collapsed} onClick={() => toggleGroup(project)}>
            <ChevronIcon />
            <span className="project-toggle__name">{project}</span>
            <span className="project-toggle__kind">Compose</span>
          </button>
          <ProjectLogsButton project={project} />
          <a className="button button--quiet project-row-button" href={href('composeProject', { name: project })} aria-label={`Open the Compose project ${project}`} title="The project’s page: up, down, scale, its configuration">
            <ComposeIcon />
            Project page
          </a>
        </td>
        <td className="col-state">
          <span className="project-summary">
            {running} of {containers.length} running
          </span>
        </td>
        <td className="col-status" />
        <td className="col-usage" />
        <td className="col-ports" />
        <td className="col-created" />
        <td className="col-actions">
          <div className="row-actions">
            {groupButton('start', anyDown)}
            {groupButton('stop', anyUp)}
            {/* Restart would also start stopped members; offered for a project that is (partly) up. */}
            {groupButton('restart', anyUp)}
            <button type="button" className="icon-button icon-button--danger" aria-label={`${removeWork.label} all in ${project}`} title={`${removeWork.label} all`} disabled={busy} onClick={() => askToRemove(ids)}>
              <removeWork.Icon />
            </button>
          </div>
        </td>
      </tr>
      {!collapsed &&
        containers.map((c) => (
          <ContainerRow key={c.id} container={c} pending={pending.get(c.id)} inGroup onAct={onAct} />
        ))}
    </tbody>
  );
}
