import { describe, expect, it } from 'vitest';
import { commandId, isItemCommand, parseItemCommand } from '../../renderer/src/app/command-ids';
import type { CommandId } from '../../renderer/src/app/command-ids';
import type { Command } from '../../renderer/src/app/command-types';
import { pageLetters } from '../../renderer/src/app/shortcuts';
import { findCommands } from '../../renderer/src/features/command-palette/match';

const noop = () => undefined;
const command = (title: string, extra: Partial<Command> = {}): Command => ({ id: title as CommandId, title, group: 'Containers', run: noop, ...extra });

/** What a registry looks like: pages, then per container "Open" first and its actions after. */
const registry: Command[] = [
  command('Go to Containers', { group: 'Go to' }),
  command('Go to Preferences', { group: 'Go to', keywords: ['settings'] }),
  ...['web', 'db', 'web-admin'].flatMap((name) => [
    command(`Open ${name}`, { detail: 'nginx:1.27' }),
    command(`Open logs of ${name}`, { searchOnly: true }),
    command(`Stop ${name}`, { searchOnly: true }),
    command(`Restart ${name}`, { searchOnly: true }),
  ]),
];
const titles = (query: string) => findCommands(registry, query).map((c) => c.title);

describe('finding commands in the palette', () => {
  it('offers pages and the containers to open before anything is typed, not every action of every container', () => {
    expect(titles('')).toEqual(['Go to Containers', 'Go to Preferences', 'Open web', 'Open db', 'Open web-admin']);
  });

  it('puts opening a container first when only part of its name is typed', () => {
    expect(titles('eb-ad')[0]).toBe('Open web-admin');
    expect(titles('web')[0]).toBe('Open web');
  });

  it('reads a verb and a name as the action on that container', () => {
    expect(titles('stop web')).toEqual(['Stop web', 'Stop web-admin']);
    expect(titles('open logs of db')).toEqual(['Open logs of db']);
    expect(titles('restart db')).toEqual(['Restart db']);
  });

  it('finds by keywords and details too, after title matches', () => {
    expect(titles('settings')).toEqual(['Go to Preferences']);
    expect(titles('nginx')).toEqual(['Open web', 'Open db', 'Open web-admin']);
  });

  it('needs every word typed to match, in any letter case', () => {
    expect(titles('STOP DB')).toEqual(['Stop db']);
    expect(titles('stop nothing')).toEqual([]);
  });
});

describe('G then a letter to go to a page', () => {
  it('takes the first free letter of each page, so pages added later never move the earlier ones', () => {
    const before = pageLetters([
      { id: 'containers', title: 'Containers' },
      { id: 'engines', title: 'Engines' },
      { id: 'preferences', title: 'Preferences' },
    ]);
    const after = pageLetters([
      { id: 'containers', title: 'Containers' },
      { id: 'engines', title: 'Engines' },
      { id: 'preferences', title: 'Preferences' },
      { id: 'images', title: 'Images' },
      { id: 'volumes', title: 'Volumes' },
      { id: 'networks', title: 'Networks' },
      { id: 'compose', title: 'Compose' },
    ]);
    expect(Object.fromEntries(before)).toEqual({ containers: 'c', engines: 'e', preferences: 'p' });
    expect(Object.fromEntries(after)).toEqual({ containers: 'c', engines: 'e', preferences: 'p', images: 'i', volumes: 'v', networks: 'n', compose: 'o' });
  });
});

describe('command ids', () => {
  it('names an item’s command by kind, verb and id, and reads it back whatever the id holds', () => {
    expect(commandId({ kind: 'container', verb: 'stop', id: '3f2a' })).toBe('container:stop:3f2a');
    const image = commandId({ kind: 'image', verb: 'pull-new', id: 'registry:5000/app:1.2' });
    expect(parseItemCommand(image)).toEqual({ kind: 'image', verb: 'pull-new', id: 'registry:5000/app:1.2' });
    expect(parseItemCommand(commandId({ kind: 'engine', verb: 'switch', id: 'context:build-box' }))?.id).toBe('context:build-box');
  });

  it('lets the item shortcuts find the command of the focused row, and only that one', () => {
    const stopWeb = commandId({ kind: 'container', verb: 'stop', id: 'web-id' });
    expect(isItemCommand(stopWeb, 'container', 'stop', 'web-id')).toBe(true);
    expect(isItemCommand(stopWeb, 'container', 'stop', 'web')).toBe(false);
    expect(isItemCommand(stopWeb, 'container', 'start', 'web-id')).toBe(false);
    expect(isItemCommand(stopWeb, 'image', 'stop' as never, 'web-id')).toBe(false);
  });

  it('keeps the app’s own commands apart from items’', () => {
    expect(commandId({ kind: 'page', page: 'containers' })).toBe('page:containers');
    expect(parseItemCommand(commandId({ kind: 'page', page: 'containers' }))).toBeUndefined();
    expect(parseItemCommand(commandId({ kind: 'pull-dialog' }))).toBeUndefined();
    expect(parseItemCommand(commandId({ kind: 'theme', theme: 'dark' }))).toBeUndefined();
  });

  it('offers only the verbs a kind has, and ids only from commandId (type errors, checked by npm run typecheck)', () => {
    // Never called: the compiler checks these lines.
    const _typeChecks = (c: Command) => {
      // @ts-expect-error volumes are not stopped
      commandId({ kind: 'volume', verb: 'stop', id: 'data' });
      // @ts-expect-error no such page
      commandId({ kind: 'page', page: 'settings' });
      // @ts-expect-error an id is made by commandId, not written as a string
      c.id = 'container:stop:web';
    };
    expect(typeof _typeChecks).toBe('function');
  });
});
