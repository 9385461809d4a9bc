/**
 * A push source as an AsyncIterable that ends when its signal aborts: the shape stream handlers return.
 * When the consumer is slow, `coalesce` lets a new item replace a queued one of the same kind instead of
 * growing the queue without bound.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | undefined;
  private ended = false;

  constructor(
    signal: AbortSignal,
    private readonly coalesce?: (queued: T, next: T) => T | undefined,
  ) {
    if (signal.aborted) this.ended = true;
    // Nobody is listening any more: what is still queued is dropped, not delivered.
    signal.addEventListener('abort', () => {
      this.items.length = 0;
      this.end();
    }, { once: true });
  }

  push(item: T): void {
    if (this.ended) return;
    const last = this.items.at(-1);
    const merged = last !== undefined && this.coalesce ? this.coalesce(last, item) : undefined;
    if (merged !== undefined) this.items[this.items.length - 1] = merged;
    else this.items.push(item);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}
