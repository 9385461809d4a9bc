/** Commands for volumes: open one (its files), copy it to a new volume, remove it. */
import { useMemo } from 'react';
import { commandId } from '../../../app/command-ids';
import type { Command } from '../../../app/commands';
import { navigate } from '../../../app/router';
import { useVolumes } from '../../volumes/api';
import { useVolumesUi } from '../../volumes/store';

export function useVolumeCommands(): Command[] {
  const volumes = useVolumes().data;
  const open = useVolumesUi((s) => s.open);
  return useMemo(
    () =>
      (volumes ?? []).flatMap((v): Command[] => {
        const about = { group: 'Volumes', detail: v.anonymous ? 'anonymous' : v.driver, keywords: [v.driver] };
        // The dialogs live on the Volumes pages, so the command goes there first.
        const ask = (dialog: Parameters<typeof open>[0]) => () => {
          navigate('volumes');
          open(dialog);
        };
        return [
          { ...about, id: commandId({ kind: 'volume', verb: 'open', id: v.name }), title: `Open ${v.name}`, run: () => navigate('volume', { name: v.name }) },
          { ...about, id: commandId({ kind: 'volume', verb: 'copy', id: v.name }), title: `Copy ${v.name} to a new volume`, searchOnly: true, run: ask({ kind: 'copy', source: v.name }) },
          { ...about, id: commandId({ kind: 'volume', verb: 'remove', id: v.name }), title: `Remove ${v.name}`, searchOnly: true, run: ask({ kind: 'remove', names: [v.name] }) },
        ];
      }),
    [volumes, open],
  );
}
