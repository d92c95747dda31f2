/**
 * A push-to-pull bridge: producers (worker messages, websocket frames, a tee) `push`, one consumer reads with
 * `for await`. Items are buffered without limit, so a slow consumer loses nothing; an error is delivered after
 * the items pushed before it.
 */
export interface AsyncQueueOptions {
  /** Called once when the consumer stops early (`break`, `return`, a throw in its loop body). */
  onReturn?: () => void;
}

type Waiter<T> = { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void };

export class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  /** Read position in `items`; the array is compacted now and then instead of shifting per item. */
  private head = 0;
  private waiter: Waiter<T> | null = null;
  private state: 'open' | 'ended' | 'failed' | 'returned' = 'open';
  private failure: unknown;
  private iterating = false;

  constructor(private readonly opts: AsyncQueueOptions = {}) {}

  /** Items pushed and not yet read. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** True once `end`/`error` was called or the consumer stopped. Later pushes are dropped. */
  get closed(): boolean {
    return this.state !== 'open';
  }

  push(item: T): void {
    if (this.state !== 'open') return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve({ value: item, done: false });
      return;
    }
    this.items.push(item);
  }

  end(): void {
    if (this.state !== 'open') return;
    this.state = 'ended';
    this.settleWaiter();
  }

  error(err: unknown): void {
    if (this.state !== 'open') return;
    this.state = 'failed';
    this.failure = err;
    this.settleWaiter();
  }

  private settleWaiter(): void {
    if (!this.waiter || this.size > 0) return;
    const w = this.waiter;
    this.waiter = null;
    if (this.state === 'failed') {
      this.state = 'ended';
      w.reject(this.failure);
      this.failure = undefined;
    } else w.resolve({ value: undefined, done: true });
  }

  private take(): T {
    const item = this.items[this.head]!;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  private next(): Promise<IteratorResult<T>> {
    if (this.size > 0) return Promise.resolve({ value: this.take(), done: false });
    if (this.state === 'failed') {
      this.state = 'ended';
      const err = this.failure;
      this.failure = undefined;
      return Promise.reject(err);
    }
    if (this.state !== 'open') return Promise.resolve({ value: undefined, done: true });
    if (this.waiter) return Promise.reject(new Error('AsyncQueue has one consumer: await each next() before the next one.'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  private stop(): Promise<IteratorResult<T>> {
    const wasOpen = this.state === 'open';
    this.state = 'returned';
    this.items = [];
    this.head = 0;
    if (wasOpen) this.opts.onReturn?.();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.iterating) throw new Error('AsyncQueue can be iterated once.');
    this.iterating = true;
    return {
      next: () => this.next(),
      return: () => this.stop(),
    };
  }
}
