/**
 * `fetch` with a timeout, a caller's AbortSignal and typed errors. Adapters never call `fetch` directly, so
 * every failure reaches the UI as a `BackendError` with a code, retryability and the server's words.
 */
import { BackendError } from '../types';
import { errorFromException, errorFromResponse, type ServerErrorInfo } from './errors';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface FetchOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Plain values are sent as JSON; strings, bytes, FormData, Blob and URLSearchParams as they are. */
  body?: unknown;
  /** Until the response headers arrive (and, for `fetchJson`, the body is read). Default 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** A custom fetch (tests, auth wrappers). Default: the global one. */
  fetch?: FetchLike;
  /** Reads an adapter-specific error body; default understands the seed APIs' common shapes. */
  describeError?: (body: unknown, res: Response) => ServerErrorInfo | undefined;
}

export interface FetchJsonOptions<T> extends FetchOptions {
  /** Validates the decoded body (zod's `.parse`, say); a throw becomes an `internal` error. */
  parse?: (raw: unknown) => T;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

function isRawBody(body: unknown): body is BodyInit {
  return (
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    body instanceof ArrayBuffer ||
    (typeof Blob !== 'undefined' && body instanceof Blob) ||
    (typeof FormData !== 'undefined' && body instanceof FormData) ||
    body instanceof URLSearchParams
  );
}

interface Deadline {
  signal: AbortSignal;
  timedOut(): boolean;
  aborted(): boolean;
  /** Stop the timer (the caller's signal keeps working). */
  clear(): void;
}

function deadline(timeoutMs: number, outer: AbortSignal | undefined): Deadline {
  const ctl = new AbortController();
  let timedOut = false;
  // AbortSignal.any rather than a listener on the caller's signal: a run's signal outlives hundreds of poll
  // requests, and a listener per request that nobody removes piles up (MaxListenersExceededWarning). The
  // combined signal still aborts a response body read after `clear()`.
  const signal = outer ? AbortSignal.any([outer, ctl.signal]) : ctl.signal;
  const timer = timeoutMs > 0 && Number.isFinite(timeoutMs)
    ? setTimeout(() => {
        timedOut = true;
        ctl.abort(new DOMException('timeout', 'TimeoutError'));
      }, timeoutMs)
    : undefined;
  return {
    signal,
    timedOut: () => timedOut,
    aborted: () => outer?.aborted ?? false,
    clear: () => clearTimeout(timer),
  };
}

async function send(url: string, opts: FetchOptions, d: Deadline): Promise<Response> {
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    if (isRawBody(opts.body)) body = opts.body;
    else {
      body = JSON.stringify(opts.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
  }
  const doFetch: FetchLike = opts.fetch ?? ((input, init) => fetch(input, init));
  let res: Response;
  try {
    res = await doFetch(url, { method, headers, body, signal: d.signal });
  } catch (e) {
    throw errorFromException(e, { url, timedOut: d.timedOut(), aborted: d.aborted() });
  }
  if (!res.ok) throw await errorFromResponse(res, { url, method, describeError: opts.describeError });
  return res;
}

/**
 * The response once its headers arrived with a 2xx status; the timeout stops there, so a long event stream is
 * not cut, while the caller's signal still aborts the body.
 */
export async function fetchResponse(url: string, opts: FetchOptions = {}): Promise<Response> {
  const d = deadline(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, opts.signal);
  try {
    return await send(url, opts, d);
  } finally {
    d.clear();
  }
}

/** A JSON request: decoded (and validated with `parse`) body, `undefined` for 204 or an empty body. */
export async function fetchJson<T = unknown>(url: string, opts: FetchJsonOptions<T> = {}): Promise<T> {
  const d = deadline(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, opts.signal);
  try {
    const res = await send(url, opts, d);
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw errorFromException(e, { url, timedOut: d.timedOut(), aborted: d.aborted() });
    }
    let raw: unknown = undefined;
    if (text.trim() !== '') {
      try {
        raw = JSON.parse(text);
      } catch (e) {
        throw new BackendError('internal', `${url} answered with something that is not JSON: ${text.slice(0, 200)}`, {
          cause: e,
          details: { url, status: res.status },
        });
      }
    }
    if (!opts.parse) return raw as T;
    try {
      return opts.parse(raw);
    } catch (e) {
      throw new BackendError('internal', `${url} answered in an unexpected shape: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
        details: { url, status: res.status, body: raw },
      });
    }
  } finally {
    d.clear();
  }
}
