/**
 * Every terminal session Berth keeps, across containers: what runs, where, since when, and whether it
 * still runs. Open takes you to it as you left it; Close ends it (asking first while it runs).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TerminalSessionInfo } from '../../../../engine/contract/terminal-types';
import { href } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { plural } from '../../components/format';
import { TerminalIcon } from '../../components/icons';
import { RelativeTime } from '../../components/RelativeTime';
import { messageOf, showToast } from '../../components/toasts/store';
import { closeTerminal, sessionTitle, useTerminalSessions } from './api';
import { useTerminalTabs } from './store';
import { type Column, DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { Placeholder } from '../../components/Placeholder';
import '../../styles/list-pages.css';
import '../../styles/resource-pages.css';
import './terminal.css';

const terminalColumns: (Column | string)[] = ['Terminal', 'Container', 'State', 'Opened', { header: 'Actions', hidden: true }];

export function TerminalsPage() {
  const queryClient = useQueryClient();
  const { sessions, isPending, isError, error } = useTerminalSessions();
  const show = useTerminalTabs((s) => s.show);
  const [closing, setClosing] = useState<TerminalSessionInfo>();
  const running = sessions.filter((s) => s.state === 'running').length;

  const close = (session: TerminalSessionInfo) => {
    setClosing(undefined);
    closeTerminal(queryClient, session.id).catch((e: unknown) => showToast({ tone: 'error', title: 'Could not close the terminal', message: messageOf(e) }));
  };

  let body;
  if (isPending) body = <p className="muted">Loading terminals…</p>;
  else if (isError) body = <p role="alert">{messageOf(error)}</p>;
  else if (!sessions.length)
    body = (
      <Placeholder icon={<TerminalIcon />} title="No terminal open">
        Open one from a running container’s Terminal tab. Terminals stay open here while Berth runs, whichever page you are on.
      </Placeholder>
    );
  else
    body = (
      <DataTable label="Terminals" className="list-table data-table terminal-list" columns={terminalColumns}>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} className="data-row" data-testid="terminal-row" data-session={s.id} data-state={s.state}>
              <td className="terminal-list__command" title={s.command.join(' ')}>
                {sessionTitle(s)}
              </td>
              <td>{s.containerName}</td>
              <td>{s.state === 'running' ? <span className="badge badge--success">running</span> : <span title={s.message}>ended · {s.message}</span>}</td>
              <td>
                <RelativeTime epochSeconds={Math.floor(s.openedAt / 1000)} />
              </td>
              <td className="terminal-list__actions">
                <a className="button" href={href('container', { id: s.containerId, tab: 'terminal' })} onClick={() => show(s.containerId, s.id)} aria-label={`Open ${sessionTitle(s)} in ${s.containerName}`}>
                  Open
                </a>
                <button type="button" className="button" aria-label={`Close ${sessionTitle(s)} in ${s.containerName}`} onClick={() => (s.state === 'running' ? setClosing(s) : close(s))}>
                  Close
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    );

  return (
    <Page
      titleId="terminals-title"
      title="Terminals"
      meta={sessions.length > 0 && (running === sessions.length ? plural(running, 'terminal') : `${plural(sessions.length, 'terminal')}, ${running} running`)}
      dialogs={
        closing && (
          <ConfirmDialog title="Close this terminal?" confirmLabel="Close terminal" danger onConfirm={() => close(closing)} onCancel={() => setClosing(undefined)}>
            <p>
              {sessionTitle(closing)} is still running in {closing.containerName}. Closing the terminal ends it and what runs in its foreground, and its output is gone.
            </p>
          </ConfirmDialog>
        )
      }
    >
      {body}
    </Page>
  );
}
