import { client } from './contract-client';

/**
 * Says when the connection to the backend drops and when it is back. The contract client opens streams
 * again by itself after a reconnect, which suits lists but not a log being appended to (lines would come
 * twice) or a terminal (a new shell would appear in the old one's screen): those close their stream when
 * the connection drops, and decide for themselves what to do once it is back.
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
