import { client } from './contract-client';

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
