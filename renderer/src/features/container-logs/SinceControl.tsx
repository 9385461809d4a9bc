/**
 * Where the log view starts: the latest lines (the default), or the lines from a time on (the engine's
 * `since`). A small panel under the button asks for the time; Enter shows it, Escape closes.
 */
import { useEffect, useRef, useState } from 'react';
import { ChevronIcon } from '../../components/icons';

interface SinceControlProps {
  /** The time the view was started at, or undefined for the latest lines. */
  since: string | undefined;
  onSince(time: string): void;
  onLatest(): void;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A Date as the value of a datetime-local input (local time, to the second). */
function localInputValue(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function SinceControl({ since, onSince, onLatest }: SinceControlProps) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(() => localInputValue(new Date(Date.now() - 3600_000)));
  const panelRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector('input')?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!panelRef.current?.contains(e.target as Node) && !buttonRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const show = () => {
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) return;
    onSince(d.toISOString());
    close();
  };
  const label = since ? `Since ${new Date(since).toLocaleString()}` : 'Latest lines';

  return (
    <div className="log-since">
      <button ref={buttonRef} type="button" className="button button--quiet log-since__button" aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen(!open)} title="Where the log starts">
        {label}
        <ChevronIcon />
      </button>
      {open && (
        <div
          ref={panelRef}
          className="log-since__panel"
          role="dialog"
          aria-label="Show the log from a time"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
          }}
        >
          <label className="log-since__field">
            <span>Show the log from</span>
            <input
              type="datetime-local"
              step={1}
              className="text-input"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  show();
                }
              }}
            />
          </label>
          <div className="log-since__actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                onLatest();
                close();
              }}
            >
              Latest lines
            </button>
            <button type="button" className="button button--primary" onClick={show} disabled={!value}>
              Show from this time
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
