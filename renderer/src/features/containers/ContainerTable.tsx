import type { ContainerAction, ContainerSummary } from '../../../../engine/contract/types';
import type { ContainerWork } from './api';
import { ContainerRow } from './ContainerRow';
import type { ContainerListEntry } from './list';
import { ProjectGroup } from './ProjectGroup';
import { type Column, DataTable } from '../../components/DataTable';
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

  const columns: Column[] = [
    { header: <SelectBox label="Select all containers" ids={ids} selectedCount={selectedCount} onChange={(on) => setSelected(ids, on)} />, className: 'col-select', col: 'col-select' },
    { header: 'Name', col: 'col-name' },
    { header: 'Image', col: 'col-image' },
    { header: 'State', col: 'col-state' },
    { header: 'Status', className: 'col-status', col: 'col-status' },
    { header: 'Usage', className: 'col-usage', col: 'col-usage', title: 'CPU and memory in use' },
    { header: 'Ports', col: 'col-ports' },
    { header: 'Created', className: 'col-created', col: 'col-created' },
    { header: 'Actions', hidden: true, className: 'col-actions', col: 'col-actions' },
  ];

  return (
    <DataTable label="Containers" className="list-table container-table" columns={columns} frame="table-scroll">
      {entries.map((entry) =>
        entry.kind === 'project' ? (
          <ProjectGroup key={`p:${entry.project}`} project={entry.project} containers={entry.containers} pending={pending} onAct={onAct} />
        ) : (
          <tbody key={entry.container.id}>
            <ContainerRow container={entry.container} pending={pending.get(entry.container.id)} onAct={onAct} />
          </tbody>
        ),
      )}
    </DataTable>
  );
}
