/**
 * Progress from the engine comes in bursts of hundreds of lines a second; the UI needs a few pictures a
 * second. `paced` folds every line into a state and yields a snapshot at most once per interval, plus the
 * last one, so a slow window never builds a backlog and a quiet spell never hides the latest state.
 */
const TICK = Symbol('tick');

export async function* paced<L, S>(lines: AsyncIterable<L>, fold: (line: L) => void, snapshot: () => S, intervalMs = 100): AsyncGenerator<S> {
  const iterator = lines[Symbol.asyncIterator]();
  let pending = iterator.next();
  let dirty = false;
  let lastYield = 0;
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const wait = dirty ? Math.max(0, lastYield + intervalMs - Date.now()) : -1;
      const next =
        wait < 0
          ? await pending
          : await Promise.race([pending, new Promise<typeof TICK>((resolve) => (timer = setTimeout(() => resolve(TICK), wait)))]);
      clearTimeout(timer);
      if (next !== TICK) {
        if (next.done) break;
        fold(next.value);
        dirty = true;
        pending = iterator.next();
        if (Date.now() - lastYield < intervalMs) continue;
      }
      dirty = false;
      lastYield = Date.now();
      yield snapshot();
    }
    if (dirty) yield snapshot();
  } finally {
    // The consumer stopped early (a cancel): drop the source. Its engine request is aborted by the stream's
    // signal, which settles the read still pending; nobody waits for that any more.
    pending.catch(() => undefined);
    void iterator.return?.()?.catch(() => undefined);
  }
}
