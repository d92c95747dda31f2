/**
 * The fetch proxy's wire format, shared by the proxy (server/fetch-proxy/server.ts) and its client in the
 * local engine's HTTP module. Our own protocol (there is no seed document for it); server/fetch-proxy/README.md describes it.
 */

export const FETCH_PROXY_DEFAULT_PORT = 8799;
/** Sent on every request: a header a plain form post cannot carry, so the browser always asks (preflight). */
export const FETCH_PROXY_HEADER = 'x-flowbench-fetch-proxy';

/** `GET /health`. */
export interface FetchProxyHealth {
  name: 'flowbench-fetch-proxy';
  version: 1;
  /** Host patterns the proxy forwards to: `api.example.com`, `*.example.com`, `*` (any public host). */
  allow: string[];
}

/** `POST /fetch` body. */
export interface FetchProxyRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** The step's own timeout; the proxy gives up upstream after it. */
  timeoutMs?: number;
}

/** `POST /fetch` answer (200) when the upstream answered, whatever its status. */
export interface FetchProxyResponse {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  /** The upstream body as UTF-8 text. */
  body: string;
}

/** Any other answer: 400 bad-request, 403 not-allowed, 413 too-large, 502 upstream, 504 timeout. */
export interface FetchProxyError {
  error: { code: 'bad-request' | 'not-allowed' | 'too-large' | 'upstream' | 'timeout' | 'origin'; message: string };
}

/** Whether `host` matches one allow-list pattern. `*` matches any host; private hosts need their own entry. */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.trim().toLowerCase();
  const h = host.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return p === h;
}

/**
 * Whether the allow-list lets `host` through. A private host (loopback, LAN) passes only when a pattern
 * names it or its domain: `*` means "the internet", not "this machine's other services".
 */
export function allowedBy(allow: readonly string[], host: string, isPrivate: boolean): boolean {
  return allow.some((p) => hostMatches(p, host) && (!isPrivate || p.trim() !== '*'));
}

/** Whether a page origin is one the proxy answers: served from this machine (loopback). */
export function isLoopbackOrigin(origin: string | null | undefined): origin is string {
  if (!origin) return false;
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]');
  } catch {
    return false;
  }
}
