/**
 * Every command of the app, in one registry read by the command palette (Ctrl/Cmd+K), the keyboard
 * shortcuts and the help overlay (?). A feature contributes a source: a hook returning its commands for
 * what exists right now (each container, each image). Adding a source is one line in `commandSources`.
 *
 * Commands that act on one thing have ids naming its kind, the verb and its id (app/command-ids.ts), which
 * is how the item shortcuts (app/shortcuts.ts) find them for the row that has focus.
 */
import { useMemo } from 'react';
import type { Command } from './command-types';
import { useAppCommands, useNavigationCommands } from '../features/command-palette/sources/navigation';
import { useContainerCommands } from '../features/command-palette/sources/containers';
import { useImageCommands } from '../features/command-palette/sources/images';
import { useNetworkCommands } from '../features/command-palette/sources/networks';
import { useVolumeCommands } from '../features/command-palette/sources/volumes';
import { useEngineCommands } from '../features/command-palette/sources/engines';

export type { Command } from './command-types';

/** A hook returning commands; `query` is what the user typed, for commands made from it ("Pull nginx"). */
export type CommandSource = (query: string) => Command[];

/** Every source, in the order their commands are listed when they match equally well. */
export const commandSources: CommandSource[] = [
  useNavigationCommands,
  useContainerCommands,
  useImageCommands,
  useVolumeCommands,
  useNetworkCommands,
  useEngineCommands,
  useAppCommands,
];

/** Every command for what exists now. A hook: the sources are hooks, called in the same order each time. */
export function useCommands(query: string): Command[] {
  const lists = commandSources.map((source) => source(query));
  // One dependency per source (always as many): the result changes only when some source's list does.
  return useMemo(() => lists.flat(), lists);
}
