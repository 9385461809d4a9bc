/**
 * A command's id, built and read in one place. A command on one item is `<kind>:<verb>:<id>`
 * (`container:stop:3f2a…`), which is how the item shortcuts (app/shortcuts.ts) find the command for the
 * row that has focus; the app's own commands have fixed ids (`page:containers`, `theme:dark`). The id is a
 * branded string: only `commandId` makes one, from a typed reference whose verbs are those its kind has.
 */
import type { ContainerAction } from '../../../engine/contract/types';
import type { Theme } from '../../../engine/contract/preferences-types';
import type { PageId } from './routes';

/** The verbs of the commands on each kind of item. */
export interface ItemVerbs {
  container: 'open' | 'logs' | ContainerAction | 'remove';
  /** `pull-new`: a reference typed in the palette that is not here yet ("pull nginx:1.27"). */
  image: 'open' | 'pull' | 'push' | 'remove' | 'pull-new';
  volume: 'open' | 'copy' | 'remove';
  network: 'open' | 'connect' | 'remove';
  engine: 'switch';
}
export type ItemKind = keyof ItemVerbs;
export type ItemVerb = ItemVerbs[ItemKind];

/** A command on one item: its kind, a verb of that kind, and the item's id (or name, for volumes). */
export type ItemCommandRef = { [K in ItemKind]: { kind: K; verb: ItemVerbs[K]; id: string } }[ItemKind];

/** What a command is, as a value: an item's command or one of the app's own. */
export type CommandRef =
  | ItemCommandRef
  | { kind: 'page'; page: PageId }
  | { kind: 'theme'; theme: Theme }
  | { kind: 'help'; topic: 'shortcuts' }
  | { kind: 'pull-dialog' };

declare const commandBrand: unique symbol;
/** The string form of a `CommandRef`; made only by `commandId`. */
export type CommandId = string & { readonly [commandBrand]: true };

const itemKinds: Record<ItemKind, true> = { container: true, image: true, volume: true, network: true, engine: true };

export function isItemKind(kind: string | undefined): kind is ItemKind {
  return kind !== undefined && Object.hasOwn(itemKinds, kind);
}

export function commandId(ref: CommandRef): CommandId {
  switch (ref.kind) {
    case 'page':
      return `page:${ref.page}` as CommandId;
    case 'theme':
      return `theme:${ref.theme}` as CommandId;
    case 'help':
      return `help:${ref.topic}` as CommandId;
    case 'pull-dialog':
      return 'image:pull-dialog' as CommandId;
    default:
      return `${ref.kind}:${ref.verb}:${ref.id}` as CommandId;
  }
}

/**
 * The command on one item an id names, or undefined for the app's own commands. The item's id is
 * everything after the verb, colons included (an image `nginx:1.27`, an engine `context:build-box`).
 */
export function parseItemCommand(id: CommandId): { kind: ItemKind; verb: string; id: string } | undefined {
  const match = /^([^:]+):([^:]+):(.*)$/s.exec(id);
  if (!match || !isItemKind(match[1])) return undefined;
  return { kind: match[1], verb: match[2]!, id: match[3]! };
}

/** Whether `command` is `verb` on the item of this kind and id (for the item shortcuts). */
export function isItemCommand(command: CommandId, kind: ItemKind, verb: ItemVerb, id: string): boolean {
  const ref = parseItemCommand(command);
  return ref !== undefined && ref.kind === kind && ref.verb === verb && ref.id === id;
}
