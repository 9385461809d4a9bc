/** Each container's network mode, in words: which networks it is on, or whose network it shares. */
import type { ContainerNetworking } from '../../../../engine/contract/networks-types';
import { ContainerChips } from '../../components/ContainerChips';

const modeLabel: Record<ContainerNetworking['mode'], string> = { bridge: 'Bridge', host: 'Host', container: 'Container', none: 'None' };

function where(c: ContainerNetworking): string {
  switch (c.mode) {
    case 'bridge':
      return c.networks.length ? `on ${c.networks.join(', ')}` : 'on no network yet';
    case 'host':
      return 'uses the host’s network';
    case 'container':
      return `shares the network of ${c.sharesWith ?? 'another container'}`;
    case 'none':
      return 'cut off from every network';
  }
}

export function ContainerModes({ containers }: { containers: ContainerNetworking[] }) {
  if (!containers.length) return <p className="muted mode-empty">No containers yet: each one’s mode shows here once it exists.</p>;
  return (
    <table className="list-table data-table mode-table" aria-label="Network mode of each container">
      <colgroup>
        <col className="col-name" />
        <col className="col-mode" />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Container</th>
          <th scope="col">Mode</th>
          <th scope="col">Networking</th>
        </tr>
      </thead>
      <tbody>
        {containers.map((c) => (
          <tr key={c.containerId} className="data-row" data-testid="container-mode" data-container={c.containerName} data-mode={c.mode}>
            <td>
              <ContainerChips containers={[{ id: c.containerId, name: c.containerName, state: c.state }]} />
            </td>
            <td>
              <span className={`badge mode-badge mode-badge--${c.mode}`}>{modeLabel[c.mode]}</span>
            </td>
            <td className="muted">{where(c)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
