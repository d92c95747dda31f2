/**
 * HTTP and network failures mapped to the one error type the UI understands (`BackendError`), so every
 * remote adapter reports a 429 or a dropped connection the same way.
 */
import { BackendError, type ErrorCode } from '../types';

/** What a server said about its error, pulled from the response body. */
export interface ServerErrorInfo {
  message?: string;
  code?: string | number;
  details?: unknown;
  /** Override the code derived from the HTTP status (vFlow answers 200 with an error envelope). */
  errorCode?: ErrorCode;
}

/** Extra facts every transport error carries in `details`. */
export interface TransportErrorDetails {
  url?: string;
  status?: number;
  /** From `Retry-After`, for 429 and 503. */
  retryAfterMs?: number;
  /** The server's own `details`, when it sent some. */
  server?: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalarCode(v: unknown): string | number | undefined {
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

/**
 * Reads the error shapes the seed APIs use: `{message}`, `{code, message, data}` (vFlow),
 * `{error: {code, message, details}}` (AutoMaticWorker), `{detail}` (FastAPI: SkillFlaw/Langflow),
 * `{error: "text"}`, or plain text.
 */
export function defaultServerError(body: unknown): ServerErrorInfo {
  if (typeof body === 'string') return body.trim() ? { message: body.trim().slice(0, 2000) } : {};
  if (!isRecord(body)) return {};
  const err = body.error;
  if (isRecord(err)) {
    return { message: typeof err.message === 'string' ? err.message : undefined, code: scalarCode(err.code), details: err.details };
  }
  if (typeof err === 'string') return { message: err, code: scalarCode(body.code) };
  if (typeof body.message === 'string') return { message: body.message, code: scalarCode(body.code), details: body.details ?? body.data };
  const detail = body.detail;
  if (typeof detail === 'string') return { message: detail };
  if (Array.isArray(detail)) return { message: 'The server rejected the request as invalid.', details: detail };
  if (isRecord(detail) && typeof detail.message === 'string') return { message: detail.message, code: scalarCode(detail.code), details: detail };
  return {};
}

/** `Retry-After` as milliseconds: either delta seconds or an HTTP date. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 422:
      return 'invalid';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'not-found';
    case 409:
    case 412:
      return 'conflict';
    case 408:
    case 504:
      return 'timeout';
    case 429:
      return 'rate-limited';
    case 501:
      return 'unsupported';
    case 502:
    case 503:
      return 'unavailable';
    default:
      return status >= 500 ? 'internal' : 'invalid';
  }
}

const WHAT_TO_DO: Record<ErrorCode, string> = {
  'not-found': 'It may have been deleted; refresh the list.',
  conflict: 'Someone else changed it; reload or choose which copy to keep.',
  invalid: 'Check the values sent.',
  unauthorized: 'Check the access token in the backend settings.',
  forbidden: 'The token lacks the permission for this.',
  'rate-limited': 'Too many requests; wait a moment and retry.',
  unavailable: 'The server is unavailable; retry shortly.',
  timeout: 'The server took too long; retry.',
  network: 'Check the connection and the server address.',
  cancelled: '',
  unsupported: 'This backend does not support it.',
  internal: 'The server failed; retry, or report it with the details.',
};

export function errorFromStatus(
  status: number,
  ctx: { url?: string; method?: string; server?: ServerErrorInfo; retryAfterMs?: number },
): BackendError {
  const code = ctx.server?.errorCode ?? codeForStatus(status);
  const where = `${ctx.method ?? 'GET'} ${ctx.url ?? ''}`.trim();
  const said = ctx.server?.message ? `: ${ctx.server.message}` : '';
  const details: TransportErrorDetails = { url: ctx.url, status };
  if (ctx.retryAfterMs !== undefined) details.retryAfterMs = ctx.retryAfterMs;
  if (ctx.server?.details !== undefined) details.server = ctx.server.details;
  return new BackendError(code, `${where} failed with HTTP ${status}${said}. ${WHAT_TO_DO[code]}`.trim(), {
    serverMessage: ctx.server?.message,
    serverCode: ctx.server?.code,
    details,
  });
}

/** Builds the error for a non-2xx response, reading (and consuming) its body. */
export async function errorFromResponse(
  res: Response,
  ctx: { url?: string; method?: string; describeError?: (body: unknown, res: Response) => ServerErrorInfo | undefined } = {},
): Promise<BackendError> {
  let body: unknown;
  try {
    const text = await res.text();
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
  } catch {
    body = undefined;
  }
  const server = ctx.describeError?.(body, res) ?? defaultServerError(body);
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
  return errorFromStatus(res.status, { url: ctx.url ?? res.url, method: ctx.method, server, retryAfterMs });
}

/** A thrown fetch/stream failure as a `BackendError` (kept as is when it already is one). */
export function errorFromException(e: unknown, ctx: { url?: string; timedOut?: boolean; aborted?: boolean } = {}): BackendError {
  if (e instanceof BackendError) return e;
  const where = ctx.url ? ` (${ctx.url})` : '';
  if (ctx.timedOut) return new BackendError('timeout', `The server did not answer in time${where}. Retry, or raise the timeout.`, { cause: e, details: { url: ctx.url } });
  if (ctx.aborted || (e instanceof Error && e.name === 'AbortError')) {
    return new BackendError('cancelled', `The request was cancelled${where}.`, { cause: e, details: { url: ctx.url } });
  }
  const reason = e instanceof Error ? describeCause(e) : String(e);
  return new BackendError('network', `Could not reach the server${where}: ${reason}. Check the connection and the server address.`, {
    cause: e,
    details: { url: ctx.url },
  });
}

function describeCause(e: Error): string {
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof Error && cause.message) return `${e.message} (${cause.message})`;
  return e.message;
}

/** The `Retry-After` delay a transport error carried, if any. */
export function retryAfterOf(e: unknown): number | undefined {
  if (!(e instanceof BackendError) || !isRecord(e.details)) return undefined;
  const v = e.details.retryAfterMs;
  return typeof v === 'number' ? v : undefined;
}
