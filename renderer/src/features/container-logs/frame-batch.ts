/**
 * Gathers what arrives between two animation frames and hands it over once per frame, so a log writing
 * 50,000 lines a second costs one update of the view per frame rather than one per message.
 */
export class FrameBatch<T> {
  private batches: T[][] = [];
  private count = 0;
  private frame: number | undefined;

  constructor(private readonly deliver: (items: T[]) => void) {}

  /** How many items wait for the next frame. */
  get size(): number {
    return this.count;
  }

  push(items: T[]): void {
    this.batches.push(items);
    this.count += items.length;
    this.frame ??= requestAnimationFrame(() => this.flush());
  }

  /** Hands over what waits now, without waiting for the frame. */
  flush(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    if (!this.batches.length) return;
    const items = this.batches.length === 1 ? this.batches[0]! : this.batches.flat();
    this.clear();
    this.deliver(items);
  }

  /** Drops what waits. */
  clear(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.batches = [];
    this.count = 0;
  }
}
