/**
 * The logs streams of the contract, in the shapes the log views use: a page read as a promise that can be
 * cancelled. (The container a view is about comes from the containers list: containers/api.)
 */
import type { StreamInputOf } from '../../../../engine/contract/contract';
import { UserError } from '../../../../engine/contract/errors';
import type { LogPage } from '../../../../engine/contract/logs-types';
import { client } from '../../app/contract-client';

export interface Cancellable<T> {
  promise: Promise<T>;
  cancel(): void;
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
