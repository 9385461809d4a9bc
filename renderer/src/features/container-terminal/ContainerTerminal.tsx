/**
 * The Terminal tab of a container: its terminal sessions, as tabs. The sessions live in the backend, so
 * leaving this tab (or the page, or reloading the window) and coming back shows them as they were left,
 * the same one in front. A shell opens by itself when the container runs and has none; more can be
 * opened (a shell, a command of the user's, or the main process's own TTY when it has one). Closing a
 * terminal whose process still runs asks first, since that ends it.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TerminalKind, TerminalSessionInfo } from '../../../../engine/contract/terminal-types';
import { href } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CloseIcon, PlusIcon } from '../../components/icons';
import { Menu } from '../../components/Menu';
import type { MenuItem } from '../../components/Menu';
import { messageOf, showToast } from '../../components/toasts/store';
import { useContainer } from '../containers/api';
import { closeTerminal, openTerminal, sessionTitle, terminalKeys, useTerminalOptions, useTerminalSessions } from './api';
import { CommandForm } from './CommandForm';
import { useTerminalTabs } from './store';
import type { TerminalSnapshot } from './terminal-session';
import { Placeholder, Waiting } from '../../components/Placeholder';
import './terminal.css';

// xterm is loaded with the first terminal, not with the app.
const TerminalPane = lazy(() => import('./TerminalPane').then((m) => ({ default: m.TerminalPane })));

/** Until the pane measures itself; the session takes the pane's size as soon as it shows. */
const FIRST_SIZE = { cols: 80, rows: 24 };

export function ContainerTerminal({ containerId }: { containerId: string }) {
  const queryClient = useQueryClient();
  const { container, loaded } = useContainer(containerId);
  const running = container?.state === 'running';
  const options = useTerminalOptions(containerId, running);
  const sessions = useTerminalSessions();
  const fullId = container?.id;
  const tabs = useMemo(() => sessions.sessions.filter((s) => s.containerId === containerId || s.containerId === fullId), [sessions.sessions, containerId, fullId]);
  const chosen = useTerminalTabs((s) => s.active[containerId]);
  const show = useTerminalTabs((s) => s.show);
  const active = tabs.some((t) => t.id === chosen) ? chosen : tabs.at(-1)?.id;
  const [states, setStates] = useState<Record<string, TerminalSnapshot>>({});
  const [askingCommand, setAskingCommand] = useState(false);
  const [opening, setOpening] = useState(false);
  const [openError, setOpenError] = useState<string>();
  const [closing, setClosing] = useState<TerminalSessionInfo>();
  const openedOne = useRef(false);
  const [toolsSlot, setToolsSlot] = useState<HTMLDivElement | null>(null);

  const open = useCallback(
    async (kind: TerminalKind) => {
      setOpening(true);
      setOpenError(undefined);
      try {
        const session = await openTerminal(containerId, kind, FIRST_SIZE);
        queryClient.setQueryData<TerminalSessionInfo[]>(terminalKeys.sessions, (list) => (list?.some((s) => s.id === session.id) ? list : [...(list ?? []), session]));
        show(containerId, session.id);
      } catch (e) {
        setOpenError(messageOf(e));
      } finally {
        setOpening(false);
      }
    },
    [containerId, queryClient, show],
  );

  // One shell to start with, when the container runs and has no terminal yet (once per visit, so
  // closing the last one does not open another).
  useEffect(() => {
    if (running && sessions.isSuccess && !openedOne.current) {
      openedOne.current = true;
      if (!tabs.length) void open({ kind: 'shell' });
    }
  }, [running, sessions.isSuccess, tabs.length, open]);

  const onState = useCallback((id: string, snapshot: TerminalSnapshot) => setStates((s) => (s[id] === snapshot ? s : { ...s, [id]: snapshot })), []);

  const close = useCallback(
    (session: TerminalSessionInfo) => {
      setClosing(undefined);
      // The neighbour takes its place, as in any tab bar.
      const index = tabs.findIndex((t) => t.id === session.id);
      const rest = tabs.filter((t) => t.id !== session.id);
      if (active === session.id) show(containerId, rest[Math.min(index, rest.length - 1)]?.id);
      closeTerminal(queryClient, session.id).catch((e: unknown) => showToast({ tone: 'error', title: 'Could not close the terminal', message: messageOf(e) }));
    },
    [tabs, active, containerId, queryClient, show],
  );

  const stateOf = (session: TerminalSessionInfo) => states[session.id]?.state ?? (session.state === 'ended' ? 'ended' : 'connecting');
  const askToClose = (session: TerminalSessionInfo) => {
    if (stateOf(session) === 'ended') close(session);
    else setClosing(session);
  };

  if (loaded && !container) {
    return (
      <Placeholder role="alert" title="This container no longer exists" />
    );
  }

  const shell = options.data?.shell;
  const items: MenuItem[] = [
    { label: shell ? `Shell (${shell})` : 'Shell', onSelect: () => void open({ kind: 'shell' }) },
    { label: 'Run a command…', onSelect: () => setAskingCommand(true) },
  ];
  if (options.data?.canAttach) items.push({ label: 'Attach to the main process', onSelect: () => void open({ kind: 'attach' }) });

  return (
    <section className="container-terminal" aria-label={`Terminals in ${container?.name ?? containerId}`} data-testid="container-terminal">
      <div className="terminal-tabs">
        <div className="terminal-tabs__list" role="tablist" aria-label="Terminals">
          {tabs.map((tab) => {
            const state = stateOf(tab);
            const selected = tab.id === active;
            const title = sessionTitle(tab);
            return (
              <div key={tab.id} className={`terminal-tab${selected ? ' is-active' : ''}`} data-state={state}>
                <button
                  type="button"
                  role="tab"
                  id={`terminal-tab-${tab.id}`}
                  aria-selected={selected}
                  aria-controls={`terminal-panel-${tab.id}`}
                  tabIndex={selected ? 0 : -1}
                  className="terminal-tab__button"
                  onClick={() => show(containerId, tab.id)}
                  onKeyDown={(e) => {
                    const i = tabs.indexOf(tab);
                    const to = e.key === 'ArrowRight' ? tabs[i + 1] : e.key === 'ArrowLeft' ? tabs[i - 1] : undefined;
                    if (to) {
                      show(containerId, to.id);
                      document.getElementById(`terminal-tab-${to.id}`)?.focus();
                    }
                  }}
                >
                  <span className={`terminal-tab__dot terminal-tab__dot--${state}`} aria-hidden="true" />
                  <span className="terminal-tab__title">{title}</span>
                  {state === 'ended' && <span className="visually-hidden"> (ended)</span>}
                </button>
                <button type="button" className="terminal-tab__close" aria-label={`Close ${title}`} title="Close" onClick={() => askToClose(tab)}>
                  <CloseIcon />
                </button>
              </div>
            );
          })}
        </div>
        {askingCommand ? (
          <CommandForm
            onRun={(command) => {
              setAskingCommand(false);
              void open({ kind: 'command', command });
            }}
            onCancel={() => setAskingCommand(false)}
          />
        ) : (
          <Menu label="New terminal" icon={<PlusIcon />} items={items} disabled={!running || opening} />
        )}
        <div className="terminal-tabs__tools" ref={setToolsSlot} />
        <a className="terminal-tabs__all" href={href('terminals')} title="Every terminal Berth keeps open, in every container">
          All terminals
        </a>
      </div>
      <div className="terminal-panes">
        <Suspense fallback={<Opening />}>
          {tabs.map((tab) => (
            <TerminalPane
              key={tab.id}
              sessionId={tab.id}
              attached={tab.kind.kind === 'attach'}
              active={tab.id === active}
              running={running}
              toolsSlot={toolsSlot}
              onState={onState}
              onClose={() => close(tab)}
            />
          ))}
        </Suspense>
        {!tabs.length && (opening ? <Opening /> : <NoTerminal running={running} name={container?.name} error={openError} onOpen={() => void open({ kind: 'shell' })} />)}
        {tabs.length > 0 && openError && (
          <div className="terminal-pane__ended" role="alert">
            <span className="terminal-pane__message">{openError}</span>
            <button type="button" className="button" onClick={() => setOpenError(undefined)}>
              Dismiss
            </button>
          </div>
        )}
      </div>
      {closing && (
        <ConfirmDialog title="Close this terminal?" confirmLabel="Close terminal" danger onConfirm={() => close(closing)} onCancel={() => setClosing(undefined)}>
          <p>
            {sessionTitle(closing)} is still running in {container?.name ?? 'the container'}. Closing the terminal ends it and what runs in its foreground, and its
            output is gone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function Opening() {
  return <Waiting text="Opening the terminal…" />;
}

function NoTerminal({ running, name, error, onOpen }: { running: boolean; name: string | undefined; error: string | undefined; onOpen(): void }) {
  if (!running) {
    return (
      <div className="placeholder">
        <div className="placeholder__title">{name ? `${name} is not running` : 'Loading…'}</div>
        {name && <p>Start the container to open a terminal in it.</p>}
      </div>
    );
  }
  return (
    <div className="placeholder">
      <div className="placeholder__title">{error ? 'Could not open a terminal' : 'No terminal open'}</div>
      {error && <p role="alert">{error}</p>}
      <div className="placeholder__actions">
        <button type="button" className="button button--primary" onClick={onOpen}>
          Open a shell
        </button>
      </div>
    </div>
  );
}
