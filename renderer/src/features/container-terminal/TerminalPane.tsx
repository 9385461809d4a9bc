/**
 * One terminal tab's content: the xterm terminal filling its box (refitted whenever the box changes size),
 * and, once the process has ended, a bar that says why with a Reconnect button. Hidden panes keep their
 * session, so switching tabs loses nothing.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import '@xterm/xterm/css/xterm.css';
import '../../styles/log-colours.css';
import { TerminalSession } from './terminal-session';
import type { TerminalKind, TerminalSnapshot } from './terminal-session';
import { TerminalTools } from './TerminalTools';

interface TerminalPaneProps {
  containerId: string;
  tabId: string;
  kind: TerminalKind;
  active: boolean;
  /** Whether the container runs now: reconnecting needs it to. */
  running: boolean;
  /** Where the active pane puts its tools (in the tab strip's row). */
  toolsSlot: HTMLElement | null;
  onState(tabId: string, snapshot: TerminalSnapshot): void;
  onClose(tabId: string): void;
}

const CONNECTING: TerminalSnapshot = { state: 'connecting', command: undefined, message: undefined, reason: undefined };
const noSession = { subscribe: () => () => {}, getSnapshot: () => CONNECTING };

export function TerminalPane({ containerId, tabId, kind, active, running, toolsSlot, onState, onClose }: TerminalPaneProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const [session, setSession] = useState<TerminalSession>();
  const store = session ?? noSession;
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);

  // The session is made in an effect, so a development double-run never leaves a second shell behind.
  useEffect(() => {
    const s = new TerminalSession(containerId, kind);
    setSession(s);
    return () => s.dispose();
    // A tab's kind never changes, so the tab id stands for it.
  }, [containerId, tabId]);

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

  useEffect(() => onState(tabId, snapshot), [tabId, snapshot, onState]);

  const ended = snapshot.state === 'ended';
  const waitingForContainer = ended && !running;
  return (
    <div className="terminal-pane" role="tabpanel" id={`terminal-panel-${tabId}`} aria-labelledby={`terminal-tab-${tabId}`} hidden={!active} data-testid="terminal-pane" data-state={snapshot.state}>
      {session && active && toolsSlot && createPortal(<TerminalTools session={session} attached={kind.kind === 'attach'} />, toolsSlot)}
      <div className="terminal-pane__box" ref={boxRef} data-testid="terminal" />
      {ended && (
        <div className="terminal-pane__ended" role="status">
          <span className="terminal-pane__message">
            {snapshot.message}
            {waitingForContainer && ' Start the container to reconnect.'}
          </span>
          <button type="button" className="button button--primary" disabled={!running} onClick={() => session?.reconnect()}>
            Reconnect
          </button>
          <button type="button" className="button" onClick={() => onClose(tabId)}>
            Close
          </button>
        </div>
      )}
    </div>
  );
}
