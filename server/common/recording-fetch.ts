/**
 * What every `server/<kind>/test-rig.ts` shares: a fetch that records each request (method, URL, auth header,
 * body, status) for assertions, and a collector for a run's event stream with a deadline.
 */
export interface RecordedCall {
  method: string;
  url: string;
  authorization: string | null;
  /** The request body when it was a string (JSON requests). */
  body?: string;
  status?: number;
}

export type PlainFetch = (input: string, init?: RequestInit) => Promise<Response>;

/** The default record of a request: method, URL, `Authorization` and a string body. */
export function describeCall(input: string, init?: RequestInit): RecordedCall {
  const headers = new Headers(init?.headers);
  const call: RecordedCall = { method: init?.method ?? 'GET', url: input, authorization: headers.get('authorization') };
  if (typeof init?.body === 'string') call.body = init.body;
  return call;
}

/**
 * A fetch that appends one record per request to `calls` (built by `describe`, default `describeCall`),
 * then asks the real one and notes the status.
 */
export function recordingFetch<C extends { status?: number } = RecordedCall>(
  calls: C[],
  describe: (input: string, init?: RequestInit) => C = describeCall as unknown as (input: string, init?: RequestInit) => C,
  inner: PlainFetch = (i, init) => fetch(i, init),
): PlainFetch {
  return async (input, init) => {
    const call = describe(input, init);
    calls.push(call);
    const res = await inner(input, init);
    call.status = res.status;
    return res;
  };
}

/** All events of a stream; throws when it has not ended within `limitMs`. */
export async function collectEvents<T>(events: AsyncIterable<T>, limitMs = 15_000): Promise<T[]> {
  const out: T[] = [];
  const deadline = Date.now() + limitMs;
  for await (const e of events) {
    out.push(e);
    if (Date.now() > deadline) throw new Error(`run did not finish within ${limitMs} ms`);
  }
  return out;
}
