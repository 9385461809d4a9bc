/** Above a terminal: find in its scrollback, copy the selection, paste, and a hint for attached terminals. */
import { useState } from 'react';
import { ArrowDownIcon, ArrowUpIcon, CopyIcon, SearchIcon } from '../../components/icons';
import { messageOf, showToast } from '../../components/toasts/store';
import type { TerminalSession } from './terminal-session';

const DECORATIONS = {
  matchBackground: '#ffe27a',
  matchOverviewRuler: '#d4a72c',
  activeMatchBackground: '#ffb347',
  activeMatchColorOverviewRuler: '#d97706',
};

export function TerminalTools({ session, attached }: { session: TerminalSession; attached: boolean }) {
  const [text, setText] = useState('');
  const find = (previous: boolean) => {
    if (!text) return;
    const options = { decorations: DECORATIONS };
    if (previous) session.search.findPrevious(text, options);
    else session.search.findNext(text, options);
  };
  const run = (what: string, action: () => Promise<void>) =>
    void action().catch((e: unknown) => showToast({ tone: 'error', title: `Could not ${what}`, message: messageOf(e) }));

  return (
    <div className="terminal-tools">
      {attached && <span className="terminal-tools__hint">Attached to the main process · Ctrl+C goes to it · Ctrl+P Ctrl+Q detaches</span>}
      <label className="terminal-tools__find">
        <SearchIcon />
        <input
          type="search"
          placeholder="Find in terminal"
          aria-label="Find in the terminal’s output"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (!e.target.value) session.search.clearDecorations();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              find(e.shiftKey);
            } else if (e.key === 'Escape') {
              setText('');
              session.search.clearDecorations();
              session.focus();
            }
          }}
        />
      </label>
      <button type="button" className="icon-button" aria-label="Find previous" title="Find previous (Shift+Enter)" disabled={!text} onClick={() => find(true)}>
        <ArrowUpIcon />
      </button>
      <button type="button" className="icon-button" aria-label="Find next" title="Find next (Enter)" disabled={!text} onClick={() => find(false)}>
        <ArrowDownIcon />
      </button>
      <span className="terminal-tools__divider" />
      <button type="button" className="icon-button" aria-label="Copy the selection" title="Copy the selection (Ctrl+Shift+C)" onClick={() => run('copy', () => session.copySelection())}>
        <CopyIcon />
      </button>
      <button type="button" className="button button--quiet terminal-tools__paste" title="Paste (Ctrl+V)" onClick={() => run('paste', () => session.pasteFromClipboard())}>
        Paste
      </button>
    </div>
  );
}
