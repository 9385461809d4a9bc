/**
 * The Terminal tab of a container: several terminals at once, as tabs. A shell opens by itself when the
 * container runs; more can be opened (a shell, a command of the user's, or the main process's own TTY when
 * it has one). Closing a terminal whose process still runs asks first.
 */
import { Suspense, lazy, useCallback, useEffect, useRef, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CloseIcon, PlusIcon } from '../../components/icons';
import { Menu } from '../../components/Menu';
import type { MenuItem } from '../../components/Menu';
import { useContainer } from '../containers/api';
import { useTerminalOptions } from './api';
import { CommandForm } from './CommandForm';
import type { TerminalKind, TerminalSnapshot } from './terminal-session';
import { Spinner } from '../../components/Spinner';
import './terminal.css';

interface Tab {
  id: string;
  kind: TerminalKind;
}

// xterm is loaded with the first terminal, not with the app.
const TerminalPane = lazy(() => import('./TerminalPane').then((m) => ({ default: m.TerminalPane })));

let nextTab = 1;
const newTab = (kind: TerminalKind): Tab => ({ id: String(nextTab++), kind });

function tabTitle(tab: Tab, snapshot: TerminalSnapshot | undefined): string {
  if (tab.kind.kind === 'attach') return 'main process';
  if (tab.kind.kind === 'command') return tab.kind.command;
  const program = snapshot?.command?.[0];
  return program ? program.split('/').pop()! : 'shell';
}

export function ContainerTerminal({ containerId }: { containerId: string }) {
  const { container, loaded } = useContainer(containerId);
  const running = container?.state === 'running';
  const options = useTerminalOptions(containerId, running);
  const [tabs, setTabs] = useState<Tab[]>([]);
  const [active, setActive] = useState<string>();
  const [states, setStates] = useState<Record<string, TerminalSnapshot>>({});
  const [askingCommand, setAskingCommand] = useState(false);
  const [closing, setClosing] = useState<Tab>();
  const opened = useRef(false);
  const [toolsSlot, setToolsSlot] = useState<HTMLDivElement | null>(null);

  const open = useCallback((kind: TerminalKind) => {
    const tab = newTab(kind);
    setTabs((t) => [...t, tab]);
    setActive(tab.id);
  }, []);

  // One shell to start with, as soon as the container runs.
  useEffect(() => {
    if (running && !opened.current) {
      opened.current = true;
      open({ kind: 'shell' });
    }
  }, [running, open]);

  const onState = useCallback((tabId: string, snapshot: TerminalSnapshot) => setStates((s) => (s[tabId] === snapshot ? s : { ...s, [tabId]: snapshot })), []);

  const tabsRef = useRef(tabs);
  tabsRef.current = tabs;
  const close = useCallback((tabId: string) => {
    setClosing(undefined);
    const list = tabsRef.current;
    const index = list.findIndex((t) => t.id === tabId);
    const rest = list.filter((t) => t.id !== tabId);
    setTabs(rest);
    // The neighbour takes its place, as in any tab bar.
    setActive((a) => (a === tabId ? rest[Math.min(index, rest.length - 1)]?.id : a));
    setStates((s) => {
      const { [tabId]: _gone, ...rest } = s;
      return rest;
    });
  }, []);

  const askToClose = (tab: Tab) => {
    if (states[tab.id]?.state === 'running') setClosing(tab);
    else close(tab.id);
  };

  if (loaded && !container) {
    return (
      <div className="placeholder" role="alert">
        <div className="placeholder__title">This container no longer exists</div>
      </div>
    );
  }

  const shell = options.data?.shell;
  const items: MenuItem[] = [
    { label: shell ? `Shell (${shell})` : 'Shell', onSelect: () => open({ kind: 'shell' }) },
    { label: 'Run a command…', onSelect: () => setAskingCommand(true) },
  ];
  if (options.data?.canAttach) items.push({ label: 'Attach to the main process', onSelect: () => open({ kind: 'attach' }) });

  return (
    <section className="container-terminal" aria-label={`Terminals in ${container?.name ?? containerId}`} data-testid="container-terminal">
      <div className="terminal-tabs">
        <div className="terminal-tabs__list" role="tablist" aria-label="Terminals">
          {tabs.map((tab) => {
            const state = states[tab.id]?.state ?? 'connecting';
            const selected = tab.id === active;
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
                  onClick={() => setActive(tab.id)}
                  onKeyDown={(e) => {
                    const i = tabs.indexOf(tab);
                    const to = e.key === 'ArrowRight' ? tabs[i + 1] : e.key === 'ArrowLeft' ? tabs[i - 1] : undefined;
                    if (to) {
                      setActive(to.id);
                      document.getElementById(`terminal-tab-${to.id}`)?.focus();
                    }
                  }}
                >
                  <span className={`terminal-tab__dot terminal-tab__dot--${state}`} aria-hidden="true" />
                  <span className="terminal-tab__title">{tabTitle(tab, states[tab.id])}</span>
                  {state === 'ended' && <span className="visually-hidden"> (ended)</span>}
                </button>
                <button type="button" className="terminal-tab__close" aria-label={`Close ${tabTitle(tab, states[tab.id])}`} title="Close" onClick={() => askToClose(tab)}>
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
              open({ kind: 'command', command });
            }}
            onCancel={() => setAskingCommand(false)}
          />
        ) : (
          <Menu label="New terminal" icon={<PlusIcon />} items={items} disabled={!running} />
        )}
        <div className="terminal-tabs__tools" ref={setToolsSlot} />
      </div>
      <div className="terminal-panes">
        <Suspense
          fallback={
            <div className="placeholder" role="status">
              <Spinner />
              <p>Opening the terminal…</p>
            </div>
          }
        >
          {tabs.map((tab) => (
            <TerminalPane
              key={tab.id}
              containerId={containerId}
              tabId={tab.id}
              kind={tab.kind}
              active={tab.id === active}
              running={running}
              toolsSlot={toolsSlot}
              onState={onState}
              onClose={close}
            />
          ))}
        </Suspense>
        {!tabs.length && (
          <div className="placeholder">
            {running ? (
              <>
                <div className="placeholder__title">No terminal open</div>
                <div className="placeholder__actions">
                  <button type="button" className="button button--primary" onClick={() => open({ kind: 'shell' })}>
                    Open a shell
                  </button>
                </div>
              </>
            ) : (
              <>
                <div className="placeholder__title">{container ? `${container.name} is not running` : 'Loading…'}</div>
                {container && <p>Start the container to open a terminal in it.</p>}
              </>
            )}
          </div>
        )}
      </div>
      {closing && (
        <ConfirmDialog title="Close this terminal?" confirmLabel="Close terminal" danger onConfirm={() => close(closing.id)} onCancel={() => setClosing(undefined)}>
          <p>
            {tabTitle(closing, states[closing.id])} is still running in {container?.name ?? 'the container'}. Closing the terminal ends its session, and anything it runs in the
            foreground may stop.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
