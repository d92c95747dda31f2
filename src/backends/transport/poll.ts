/**
 * Polling turned into a stream: the UI reads an `AsyncIterable` whether the backend pushes (SSE) or must be
 * asked again and again (vFlow execution status, SkillFlaw `polling` delivery).
 */
import { BackendError } from '../types';
import { retryAfterOf } from './errors';

export interface PollResult<T> {
  items: T[];
  /** No more polls: the run finished. */
  done: boolean;
}

export interface PollOptions {
  /** Retryable failures (network, 5xx, 429) in a row tolerated before giving up. Default 5. */
  maxConsecutiveErrors?: number;
  /** Upper bound of the back-off after failures. Default 30 s. */
  maxBackoffMs?: number;
}

/** Waits `ms`, or rejects with a `cancelled` error as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelled(): BackendError {
  return new BackendError('cancelled', 'Stopped following the run.');
}

/**
 * Calls `pollFn` every `intervalMs` and yields what it returns, until it says `done`. Retryable errors back
 * off (honouring `Retry-After`) up to `maxConsecutiveErrors` times; others end the stream with the error.
 * Aborting `signal` ends it with a `cancelled` error.
 */
export async function* pollToEvents<T>(
  pollFn: (signal: AbortSignal) => Promise<PollResult<T>>,
  intervalMs: number,
  signal?: AbortSignal,
  opts: PollOptions = {},
): AsyncGenerator<T, void, undefined> {
  const maxErrors = opts.maxConsecutiveErrors ?? 5;
  const maxBackoff = opts.maxBackoffMs ?? 30_000;
  // A private controller so a consumer that stops early also stops an in-flight poll.
  const ctl = new AbortController();
  const onAbort = () => ctl.abort(signal?.reason);
  if (signal?.aborted) ctl.abort(signal.reason);
  else signal?.addEventListener('abort', onAbort, { once: true });
  let failures = 0;
  try {
    for (;;) {
      if (ctl.signal.aborted) throw cancelled();
      let result: PollResult<T>;
      try {
        result = await pollFn(ctl.signal);
        failures = 0;
      } catch (e) {
        if (ctl.signal.aborted) throw cancelled();
        const retryable = e instanceof BackendError ? e.retryable : false;
        failures += 1;
        if (!retryable || failures > maxErrors) throw e;
        const backoff = Math.min(maxBackoff, retryAfterOf(e) ?? intervalMs * 2 ** failures);
        await sleep(backoff, ctl.signal);
        continue;
      }
      for (const item of result.items) yield item;
      if (result.done) return;
      await sleep(intervalMs, ctl.signal);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    ctl.abort();
  }
}
