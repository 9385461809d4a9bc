/** Commands for networks: open one, connect a container to it, remove it (not the built-in ones). */
import { useMemo } from 'react';
import { commandId } from '../../../app/command-ids';
import type { Command } from '../../../app/commands';
import { navigate } from '../../../app/router';
import { useNetworks } from '../../networks/api';
import { useNetworksUi } from '../../networks/store';

export function useNetworkCommands(): Command[] {
  const networks = useNetworks().data;
  const open = useNetworksUi((s) => s.open);
  return useMemo(
    () =>
      (networks ?? []).flatMap((n): Command[] => {
        const about = { group: 'Networks', detail: n.driver, keywords: [n.driver, n.id.slice(0, 12)] };
        // The dialogs live on the Networks pages, so the command goes there first.
        const ask = (dialog: Parameters<typeof open>[0]) => () => {
          navigate('networks');
          open(dialog);
        };
        return [
          { ...about, id: commandId({ kind: 'network', verb: 'open', id: n.id }), title: `Open ${n.name}`, run: () => navigate('network', { id: n.id }) },
          { ...about, id: commandId({ kind: 'network', verb: 'connect', id: n.id }), title: `Connect a container to ${n.name}`, searchOnly: true, run: ask({ kind: 'connect', network: n }) },
          ...(n.builtIn ? [] : [{ ...about, id: commandId({ kind: 'network', verb: 'remove', id: n.id }), title: `Remove ${n.name}`, searchOnly: true, run: ask({ kind: 'remove', network: n }) }]),
        ];
      }),
    [networks, open],
  );
}
