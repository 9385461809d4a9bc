/**
 * Terminals from the backend: what a terminal can do in a container, and the sessions Berth keeps. The
 * list is live: one `terminal.sessions.watch` stream (shared by whatever shows it) writes each new list
 * into the query cache, so a session opened, ended or closed in any window shows everywhere.
 */
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { TerminalKind, TerminalSessionInfo, TerminalSize } from '../../../../engine/contract/terminal-types';
import { client } from '../../app/contract-client';

export const terminalKeys = {
  sessions: ['terminals', 'sessions'] as const,
};

export const terminalOptionsQuery = (containerId: string, running: boolean) =>
  queryOptions({
    // The answer depends on whether the container runs (no shell lookup otherwise).
    queryKey: ['containers', 'terminal-options', containerId, running],
    queryFn: () => client.call('terminal.options', { containerId }),
  });

export function useTerminalOptions(containerId: string, running: boolean) {
  return useQuery({ ...terminalOptionsQuery(containerId, running) });
}

let watchers = 0;
let stopWatching: (() => void) | undefined;

function watchSessions(queryClient: QueryClient): () => void {
  if (watchers++ === 0) {
    const stream = client.open('terminal.sessions.watch', {}, { onData: (list) => queryClient.setQueryData(terminalKeys.sessions, list) });
    stopWatching = () => stream.close();
  }
  return () => {
    if (--watchers === 0) {
      stopWatching?.();
      stopWatching = undefined;
    }
  };
}

const NO_SESSIONS: TerminalSessionInfo[] = [];

/** Every terminal session Berth keeps, oldest first, kept up to date while the caller is on screen. */
export function useTerminalSessions() {
  const queryClient = useQueryClient();
  useEffect(() => watchSessions(queryClient), [queryClient]);
  const query = useQuery({ queryKey: terminalKeys.sessions, queryFn: () => client.call('terminal.sessions', {}), staleTime: Infinity });
  return { ...query, sessions: query.data ?? NO_SESSIONS };
}

export function openTerminal(containerId: string, kind: TerminalKind, size: TerminalSize): Promise<TerminalSessionInfo> {
  return client.call('terminal.open', { containerId, kind, ...size });
}

export async function closeTerminal(queryClient: QueryClient, sessionId: string): Promise<void> {
  queryClient.setQueryData(terminalKeys.sessions, await client.call('terminal.close', { sessionId }));
}

/** The name a session goes by: the shell's program, the command typed, or the main process. */
export function sessionTitle(session: Pick<TerminalSessionInfo, 'kind' | 'command'>): string {
  if (session.kind.kind === 'attach') return 'main process';
  if (session.kind.kind === 'command') return session.kind.command;
  const program = session.command[0];
  return program ? program.split('/').pop()! : 'shell';
}
