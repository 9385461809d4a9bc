/**
 * The command palette (Ctrl/Cmd+K): type part of a name or an action, move with the arrow keys, Enter
 * runs, Escape closes. Focus stays in the field; the list follows it (aria-activedescendant).
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useCommands } from '../../app/commands';
import type { Command } from '../../app/commands';
import { SearchIcon } from '../../components/icons';
import { focusMainAfterNavigation } from './focus';
import { Keys } from './Keys';
import { findCommands } from './match';
import { useKeyboardUi } from './store';
import { onEscape, useModal } from '../../components/modal';
import './palette.css';

export function CommandPalette() {
  const close = useKeyboardUi((s) => s.close);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const commands = useCommands(query);
  const results = useMemo(() => findCommands(commands, query), [commands, query]);
  const listId = useId();
  const optionId = (i: number) => `${listId}-${i}`;
  const current = results[Math.min(active, results.length - 1)];

  useModal(dialogRef, () => inputRef.current);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active, results]);

  const run = (command: Command | undefined) => {
    if (!command) return;
    const before = location.hash;
    close();
    command.run();
    focusMainAfterNavigation(before);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return; // Enter ends an IME composition; it does not run anything.
    const move = (to: number) => {
      e.preventDefault();
      if (results.length) setActive((to + results.length) % results.length);
    };
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp') move(active - 1);
    else if (e.key === 'PageDown') move(Math.min(active + 8, results.length - 1));
    else if (e.key === 'PageUp') move(Math.max(active - 8, 0));
    else if (e.key === 'Enter') {
      e.preventDefault();
      run(current);
    } else if (e.key === 'Tab') e.preventDefault(); // One field: Tab would only leave the palette.
  };

  return (
    <dialog
      ref={dialogRef}
      className="palette"
      aria-label="Command palette"
      data-testid="command-palette"
      onCancel={onEscape(close)}
      onMouseDown={(e) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (e.target === dialogRef.current) close();
      }}
    >
      <div className="palette__field">
        <SearchIcon />
        <input
          ref={inputRef}
          className="palette__input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={current ? optionId(results.indexOf(current)) : undefined}
          aria-label="Find a page, a container or an action"
          placeholder="Find a page, a container or an action…"
          spellCheck={false}
          autoComplete="off"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          data-testid="command-palette-input"
        />
      </div>
      <div ref={listRef} id={listId} role="listbox" aria-label="Commands" className="palette__list">
        {results.map((command, i) => {
          const heading = !query.trim() && command.group !== results[i - 1]?.group;
          return (
            <div key={command.id} role="presentation">
              {heading && (
                <div className="palette__group" role="presentation">
                  {command.group}
                </div>
              )}
              <div
                id={optionId(i)}
                role="option"
                aria-selected={command === current}
                className="palette__option"
                data-testid="command-option"
                data-command-id={command.id}
                onMouseMove={() => setActive(i)}
                onClick={() => run(command)}
              >
                <span className="palette__title">{command.title}</span>
                {command.detail && <span className="palette__detail">{command.detail}</span>}
                {query.trim() && <span className="palette__tag">{command.group}</span>}
                {command.shortcut && <Keys keys={command.shortcut} />}
              </div>
            </div>
          );
        })}
        {!results.length && (
          <div className="palette__empty" role="status">
            Nothing matches “{query.trim()}”. Try part of a name, or a verb such as “stop” or “logs”.
          </div>
        )}
      </div>
      <div className="palette__footer" aria-hidden="true">
        <span>
          <Keys keys={['↑', '↓']} /> move
        </span>
        <span>
          <Keys keys={['Enter']} /> run
        </span>
        <span>
          <Keys keys={['Esc']} /> close
        </span>
      </div>
    </dialog>
  );
}
