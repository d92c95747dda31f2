/**
 * A buffered, replayable async stream of events. The producer never waits for consumers and nothing is
 * dropped: a slow consumer reads from the buffer at its own pace, and a late or second consumer starts from
 * the first event. `close()` ends every iteration after the buffered events are read.
 */
export class EventChannel<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private closed = false;
  private waiters: Array<() => void> = [];

  push(item: T): void {
    if (this.closed) return;
    this.items.push(item);
    this.wake();
  }

  pushMany(items: readonly T[]): void {
    if (this.closed || items.length === 0) return;
    for (const item of items) this.items.push(item);
    this.wake();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.wake();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Everything pushed so far (a copy). */
  snapshot(): T[] {
    return this.items.slice();
  }

  private wake(): void {
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    let index = 0;
    let stopped = false;
    return {
      next: async (): Promise<IteratorResult<T>> => {
        while (!stopped && index >= this.items.length && !this.closed) {
          await new Promise<void>((resolve) => this.waiters.push(resolve));
        }
        if (!stopped && index < this.items.length) return { value: this.items[index++] as T, done: false };
        return { value: undefined, done: true };
      },
      return: async (): Promise<IteratorResult<T>> => {
        stopped = true;
        return { value: undefined, done: true };
      },
    };
  }
}
