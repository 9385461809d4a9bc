/** The keyboard shortcuts, listed from the same tables the keys are handled with (press ? to open). */
import { useId, useRef } from 'react';
import { pages } from '../../app/pages';
import { itemShortcuts, pageLetters } from '../../app/shortcuts';
import { Keys } from './Keys';
import { MOD } from './keys';
import { useKeyboardUi } from './store';
import { onEscape, useModal } from '../../components/modal';

interface Row {
  keys: string[];
  chord?: boolean;
  what: string;
}

function sections(): { title: string; rows: Row[] }[] {
  const letters = pageLetters(pages);
  return [
    {
      title: 'Anywhere',
      rows: [
        { keys: [MOD, 'K'], chord: true, what: 'Find a page, a container or an action' },
        { keys: ['?'], what: 'Show these shortcuts' },
        { keys: [MOD, ','], chord: true, what: 'Open Preferences' },
        { keys: ['/'], what: 'Search the list on this page' },
        ...pages.filter((p) => letters.has(p.id)).map((p) => ({ keys: ['G', letters.get(p.id)!.toUpperCase()], what: `Go to ${p.title}` })),
      ],
    },
    {
      title: 'In a list',
      rows: [
        { keys: ['↑', '↓'], what: 'Move to the previous or next item (J and K too)' },
        { keys: ['Space'], what: 'Select or unselect it' },
        ...itemShortcuts.map((s) => ({ keys: s.keys, what: s.label })),
      ],
    },
    {
      title: 'In a dialog',
      rows: [
        { keys: ['Enter'], what: 'Confirm' },
        { keys: ['Esc'], what: 'Cancel and close' },
        { keys: ['Tab'], what: 'Next control (focus stays in the dialog)' },
      ],
    },
  ];
}

export function ShortcutHelp() {
  const close = useKeyboardUi((s) => s.close);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();

  useModal(dialogRef, () => closeRef.current);

  return (
    <dialog
      ref={dialogRef}
      className="shortcut-help"
      aria-labelledby={titleId}
      data-testid="shortcut-help"
      onCancel={onEscape(close)}
      onKeyDown={(e) => {
        // Enter closes from anywhere in it, as the confirming answer of this dialog.
        if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
          e.preventDefault();
          close();
        }
      }}
    >
      <h2 id={titleId} className="shortcut-help__title">
        Keyboard shortcuts
      </h2>
      <div className="shortcut-help__columns">
        {sections().map((section) => (
          <section key={section.title} className="shortcut-help__section" aria-label={section.title}>
            <h3 className="shortcut-help__heading">{section.title}</h3>
            <dl className="shortcut-help__list">
              {section.rows.map((row) => (
                <div key={row.what} className="shortcut-help__row">
                  <dt>
                    <Keys keys={row.keys} chord={row.chord} />
                  </dt>
                  <dd>{row.what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="shortcut-help__actions">
        <button ref={closeRef} type="button" className="button button--primary" onClick={close}>
          Close
        </button>
      </div>
    </dialog>
  );
}
