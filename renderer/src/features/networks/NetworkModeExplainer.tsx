/**
 * The four network modes Docker's documentation describes, explained where people meet them. Reusable:
 * the Networks page shows all four; a container's page can show its own mode highlighted:
 *
 *   import { NetworkModeExplainer, networkModeOf } from '../networks/NetworkModeExplainer';
 *   <NetworkModeExplainer current={networkModeOf(inspect.HostConfig.NetworkMode)} />
 */
import type { NetworkMode } from '../../../../engine/contract/networks-types';
import './networks.css';

export interface ModeExplanation {
  mode: NetworkMode;
  title: string;
  /** How it is chosen, as the docker CLI spells it. */
  flag: string;
  what: string;
  useFor: string;
}

export const networkModes: ModeExplanation[] = [
  {
    mode: 'bridge',
    title: 'Bridge',
    flag: '--network bridge\n--network <your network>',
    what: 'The container gets its own network stack and an address on a private network inside the engine. It reaches the outside through the engine, and is reached from outside only through published ports (-p). On a network you create, containers also find each other by name.',
    useFor: 'Almost everything. Put the containers of one app on a network of their own.',
  },
  {
    mode: 'host',
    title: 'Host',
    flag: '--network host',
    what: 'The container uses the engine host’s network directly: no address of its own and no isolation. A server in it listens on the host’s own ports, so published ports do not apply.',
    useFor: 'Tools that must see the host’s network, or many ports at once. Where the engine runs in a VM, “host” is the VM.',
  },
  {
    mode: 'container',
    title: 'Container',
    flag: '--network container:<name>',
    what: 'The container joins another container’s network stack: the same address and ports, and the two talk over localhost. It cannot join any other network.',
    useFor: 'Sidecars and debugging tools next to a running service.',
  },
  {
    mode: 'none',
    title: 'None',
    flag: '--network none',
    what: 'No network at all besides its own loopback: the container can reach nothing and nothing can reach it.',
    useFor: 'Jobs that must work on their files in isolation.',
  },
];

/** The mode of a container from its HostConfig.NetworkMode ("default", "bridge", "host", "none", "container:<id>" or a network name). */
export function networkModeOf(hostConfigNetworkMode: string | undefined): NetworkMode {
  if (hostConfigNetworkMode === 'host') return 'host';
  if (hostConfigNetworkMode === 'none') return 'none';
  if (hostConfigNetworkMode?.startsWith('container:')) return 'container';
  return 'bridge';
}

interface ExplainerProps {
  /** Highlight this mode (a container's own). */
  current?: NetworkMode;
  /** One line per mode instead of cards. */
  compact?: boolean;
}

export function NetworkModeExplainer({ current, compact }: ExplainerProps) {
  return (
    <div className={compact ? 'mode-list mode-list--compact' : 'mode-list'} data-testid="network-modes">
      {networkModes.map((m) => (
        <section key={m.mode} className={`mode-card${current === m.mode ? ' is-current' : ''}`} aria-label={`${m.title} network mode${current === m.mode ? ' (this container’s)' : ''}`}>
          <h3 className="mode-card__title">
            {m.title}
            {current === m.mode && <span className="badge badge--info">this container</span>}
          </h3>
          <p className="mode-card__what">{m.what}</p>
          {!compact && (
            <>
              <p className="mode-card__use">
                <span className="muted">Good for:</span> {m.useFor}
              </p>
              <code className="mode-card__flag">{m.flag}</code>
            </>
          )}
        </section>
      ))}
      <p className="mode-list__note muted">
        The mode is chosen when a container is created and cannot change afterwards; a bridge-mode container can be connected to more networks at any time.
      </p>
    </div>
  );
}
