/**
 * The logs streams of the contract, in the shapes the log views use: a page read as a promise that can be
 * cancelled, and the container a view is about (from the live containers list, so a stop or a restart
 * shows up here without asking).
 */
import { useQuery } from '@tanstack/react-query';
import type { StreamInputOf } from '../../../../engine/contract/contract';
import { UserError } from '../../../../engine/contract/errors';
import type { LogPage } from '../../../../engine/contract/logs-types';
import type { ContainerSummary } from '../../../../engine/contract/types';
import { client } from '../../app/contract-client';
import { containersQuery } from '../containers/api';
import { useEngineRunning } from '../engines/api';

export interface Cancellable<T> {
  promise: Promise<T>;
  cancel(): void;
}

/**
 * Says when the connection to the backend drops and when it is back. A followed log resumes from its own
 * cursor once it is back, and a terminal says what happened (engine/contract/stream-reconnect.ts): they hear
 * of the drop before the contract client ends their stream, close it themselves, and decide what to do.
 */
export function watchConnection(on: { lost(): void; back(): void }): () => void {
  let lost = false;
  return client.onState((state) => {
    if (state === 'closed' && !lost) {
      lost = true;
      on.lost();
    } else if (state === 'open' && lost) {
      lost = false;
      on.back();
    }
  });
}

/** Reads one page of lines; cancelling closes the stream, which stops the engine's read. */
export function readPage(input: StreamInputOf<'logs.page'>): Cancellable<LogPage> {
  let session: { close(): void } | undefined;
  const promise = new Promise<LogPage>((resolve, reject) => {
    let page: LogPage | undefined;
    session = client.open('logs.page', input, {
      onData: (p) => (page = p),
      onEnd: (error) => {
        if (error) reject(error);
        else if (page) resolve(page);
        else reject(new UserError('The log could not be read.', 'cancelled'));
      },
    });
  });
  return { promise, cancel: () => session?.close() };
}

/** Whether `ref` (an id, a short id or a name) names this container. */
export function isContainer(c: ContainerSummary, ref: string): boolean {
  return c.id === ref || c.name === ref || (ref.length >= 12 && c.id.startsWith(ref));
}

/** The container with this id or name, kept live by the engine's events; undefined while unknown. */
export function useContainer(ref: string): { container: ContainerSummary | undefined; loaded: boolean } {
  const running = useEngineRunning();
  const query = useQuery({ ...containersQuery(), enabled: running });
  return { container: query.data?.find((c) => isContainer(c, ref)), loaded: query.isSuccess };
}

/** The containers of a Compose project, in a stable order (by service, then name). */
export function useProjectContainers(project: string): ContainerSummary[] | undefined {
  const running = useEngineRunning();
  const query = useQuery({
    ...containersQuery(),
    enabled: running,
    select: (list) =>
      list
        .filter((c) => c.composeProject === project)
        .sort((a, b) => (a.composeService ?? '').localeCompare(b.composeService ?? '') || a.name.localeCompare(b.name)),
  });
  return query.data;
}
