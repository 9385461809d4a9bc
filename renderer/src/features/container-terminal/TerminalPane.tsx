/**
 * One terminal tab's content: the xterm terminal showing its session, filling its box (refitted whenever
 * the box changes size), and, once the session's process has ended, a bar that says why with Reconnect
 * and Close. Hidden panes keep watching, so switching tabs loses nothing; leaving the page stops watching
 * and the session goes on in the backend.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import '@xterm/xterm/css/xterm.css';
import '../../styles/log-colours.css';
import { TerminalSession } from './terminal-session';
import type { TerminalSnapshot } from './terminal-session';
import { TerminalTools } from './TerminalTools';

interface TerminalPaneProps {
  sessionId: string;
  attached: boolean;
  active: boolean;
  /** Whether the container runs now: reconnecting needs it to. */
  running: boolean;
  /** Where the active pane puts its tools (in the tab strip's row). */
  toolsSlot: HTMLElement | null;
  onState(sessionId: string, snapshot: TerminalSnapshot): void;
  onClose(sessionId: string): void;
}

const CONNECTING: TerminalSnapshot = { state: 'connecting', command: undefined, message: undefined, reason: undefined };
const noSession = { subscribe: () => () => {}, getSnapshot: () => CONNECTING };

export function TerminalPane({ sessionId, attached, active, running, toolsSlot, onState, onClose }: TerminalPaneProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const [session, setSession] = useState<TerminalSession>();
  const store = session ?? noSession;
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);

  // Made in an effect, so a development double-run never leaves a second view behind.
  useEffect(() => {
    const s = new TerminalSession(sessionId);
    setSession(s);
    return () => s.dispose();
  }, [sessionId]);

  useEffect(() => {
    const box = boxRef.current;
    if (!session || !box) return;
    session.attach(box);
    const observer = new ResizeObserver(() => session.fitToElement());
    observer.observe(box);
    return () => observer.disconnect();
  }, [session]);

  useEffect(() => {
    if (active && session) {
      session.fitToElement();
      session.focus();
    }
  }, [active, session]);

  useEffect(() => onState(sessionId, snapshot), [sessionId, snapshot, onState]);

  const ended = snapshot.state === 'ended';
  const waitingForContainer = ended && !running && snapshot.reason !== 'failed';
  return (
    <div className="terminal-pane" role="tabpanel" id={`terminal-panel-${sessionId}`} aria-labelledby={`terminal-tab-${sessionId}`} hidden={!active} data-testid="terminal-pane" data-state={snapshot.state} data-session={sessionId}>
      {session && active && toolsSlot && createPortal(<TerminalTools session={session} attached={attached} />, toolsSlot)}
      <div className="terminal-pane__box" ref={boxRef} data-testid="terminal" />
      {(ended || snapshot.message) && (
        <div className="terminal-pane__ended" role="status">
          <span className="terminal-pane__message">
            {snapshot.message}
            {waitingForContainer && ' Start the container to reconnect.'}
          </span>
          {ended && (
            <>
              <button type="button" className="button button--primary" disabled={!running || snapshot.reason === 'failed'} onClick={() => void session?.reconnect()}>
                Reconnect
              </button>
              <button type="button" className="button" onClick={() => onClose(sessionId)}>
                Close
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}
