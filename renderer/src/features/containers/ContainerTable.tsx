import type { ContainerAction, ContainerSummary } from '../../../../engine/contract/types';
import type { ContainerWork } from './api';
import { ContainerRow } from './ContainerRow';
import type { ContainerListEntry } from './list';
import { ProjectGroup } from './ProjectGroup';
import { SelectBox } from '../../components/SelectBox';
import { useContainersUi } from './store';

interface ContainerTableProps {
  entries: ContainerListEntry[];
  /** The containers shown (after the search), for "select all". */
  shown: ContainerSummary[];
  pending: ReadonlyMap<string, ContainerWork>;
  onAct(containers: ContainerSummary[], action: ContainerAction): void;
}

export function ContainerTable({ entries, shown, pending, onAct }: ContainerTableProps) {
  const ids = shown.map((c) => c.id);
  const selectedCount = useContainersUi((s) => ids.filter((id) => s.selected[id]).length);
  const setSelected = useContainersUi((s) => s.setSelected);

  return (
    <div className="table-scroll">
      <table className="list-table container-table" aria-label="Containers">
        <colgroup>
          <col className="col-select" />
          <col className="col-name" />
          <col className="col-image" />
          <col className="col-state" />
          <col className="col-status" />
          <col className="col-usage" />
          <col className="col-ports" />
          <col className="col-created" />
          <col className="col-actions" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" className="col-select">
              <SelectBox label="Select all containers" ids={ids} selectedCount={selectedCount} onChange={(on) => setSelected(ids, on)} />
            </th>
            <th scope="col">Name</th>
            <th scope="col">Image</th>
            <th scope="col">State</th>
            <th scope="col" className="col-status">
              Status
            </th>
            <th scope="col" className="col-usage" title="CPU and memory in use">
              Usage
            </th>
            <th scope="col">Ports</th>
            <th scope="col" className="col-created">
              Created
            </th>
            <th scope="col" className="col-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        {entries.map((entry) =>
          entry.kind === 'project' ? (
            <ProjectGroup key={`p:${entry.project}`} project={entry.project} containers={entry.containers} pending={pending} onAct={onAct} />
          ) : (
            <tbody key={entry.container.id}>
              <ContainerRow container={entry.container} pending={pending.get(entry.container.id)} onAct={onAct} />
            </tbody>
          ),
        )}
      </table>
    </div>
  );
}
