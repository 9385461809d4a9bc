/** Asks for a command to run in a new terminal: Enter runs it, Escape gives up. */
import { useState } from 'react';

export function CommandForm({ onRun, onCancel }: { onRun(command: string): void; onCancel(): void }) {
  const [command, setCommand] = useState('');
  return (
    <form
      className="terminal-command"
      onSubmit={(e) => {
        e.preventDefault();
        if (command.trim()) onRun(command.trim());
      }}
    >
      <input
        className="text-input terminal-command__input"
        aria-label="Command to run in a new terminal"
        placeholder="e.g. top, or tail -f /var/log/app.log"
        autoFocus
        value={command}
        onChange={(e) => setCommand(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          }
        }}
      />
      <button type="submit" className="button button--primary" disabled={!command.trim()}>
        Run
      </button>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
