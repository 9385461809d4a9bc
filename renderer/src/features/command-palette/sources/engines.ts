/** Commands to switch this window to each engine Berth found. */
import { useMemo } from 'react';
import { commandId } from '../../../app/command-ids';
import type { Command } from '../../../app/commands';
import { useEngineList, useEngineStatus } from '../../engines/api';
import { switchEngine } from '../../engines/switch-engine';

export function useEngineCommands(): Command[] {
  const engines = useEngineList().data;
  const current = useEngineStatus().data?.endpoint?.id;
  return useMemo(
    () =>
      (engines ?? [])
        .filter((e) => e.id !== current)
        .map(
          (e): Command => ({
            id: commandId({ kind: 'engine', verb: 'switch', id: e.id }),
            title: `Switch to ${e.label}`,
            group: 'Engines',
            detail: e.host,
            keywords: ['engine', 'context', 'switch', 'docker', e.host],
            run: () => void switchEngine(e),
          }),
        ),
    [engines, current],
  );
}
