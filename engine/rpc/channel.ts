/**
 * An AsyncIterable fed from callbacks, for stream handlers whose events come from more than one source (an
 * upload's acknowledgements and the engine's output, say). Unlike EventQueue it can end with an error,
 * which the session host sends to the UI as the stream's failure. Nothing is dropped or merged: producers
 * here are paced by the consumer (an upload waits for its acknowledgements).
 */
export class Channel<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  private error: unknown;

  constructor(signal: AbortSignal) {
    signal.addEventListener('abort', () => this.end(), { once: true });
    if (signal.aborted) this.end();
  }

  push(item: T): void {
    if (this.ended) return;
    this.items.push(item);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  fail(error: unknown): void {
    if (this.ended) return;
    this.error = error;
    this.end();
  }

  /** Feeds the channel from an async iterable, then ends it (or fails it with the iterable's error). */
  drain(source: AsyncIterable<T>): void {
    void (async () => {
      try {
        for await (const item of source) {
          if (this.ended) return;
          this.push(item);
        }
        this.end();
      } catch (e) {
        this.fail(e);
      }
    })();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.ended) {
        if (this.error !== undefined) throw this.error;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}
