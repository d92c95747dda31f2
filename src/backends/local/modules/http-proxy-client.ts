/**
 * The HTTP step's side of the loopback fetch proxy (`npm start` runs it; server/fetch-proxy/). A browser page
 * cannot read most APIs' answers (no CORS headers); when the proxy is running and its allow-list covers the
 * host, the step's request goes through it instead. Never the page's own requests (same origin), and only
 * for steps: nothing else in the app knows about the proxy.
 */
import { isPrivateHost } from '../../../lib/net-address';
import { allowedBy, FETCH_PROXY_DEFAULT_PORT, FETCH_PROXY_HEADER, isLoopbackOrigin, type FetchProxyError, type FetchProxyHealth, type FetchProxyResponse } from './http-proxy-protocol';

export const DEFAULT_FETCH_PROXY_URL: string =
  (import.meta as { env?: Record<string, string | undefined> }).env?.VITE_FLOWBENCH_FETCH_PROXY ?? `http://127.0.0.1:${FETCH_PROXY_DEFAULT_PORT}`;

/** How long a health answer (or its absence) is trusted: a proxy started or stopped is noticed quickly. */
const HEALTH_TTL_MS = 5_000;
const HEALTH_TIMEOUT_MS = 1_500;

export type ProxyRoute = { via: 'direct' } | { via: 'proxy'; proxyUrl: string } | { via: 'direct'; proxyRefuses: string; allow: string[] };

export interface FetchProxyClient {
  /** Where a request to `url` goes. */
  route(url: string, fetchImpl: typeof fetch): Promise<ProxyRoute>;
}

function ownOrigin(): string | null {
  const loc = (globalThis as { location?: { origin?: string } }).location;
  return typeof loc?.origin === 'string' ? loc.origin : null;
}

export function createFetchProxyClient(proxyUrl: string = DEFAULT_FETCH_PROXY_URL): FetchProxyClient {
  let cached: { at: number; health: FetchProxyHealth | null } | null = null;

  async function health(fetchImpl: typeof fetch): Promise<FetchProxyHealth | null> {
    if (cached && Date.now() - cached.at < HEALTH_TTL_MS) return cached.health;
    let h: FetchProxyHealth | null = null;
    try {
      const res = await fetchImpl(`${proxyUrl}/health`, { headers: { [FETCH_PROXY_HEADER]: '1' }, signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      const body = (await res.json()) as Partial<FetchProxyHealth>;
      if (res.ok && body.name === 'flowbench-fetch-proxy' && Array.isArray(body.allow)) h = body as FetchProxyHealth;
    } catch {
      h = null;
    }
    cached = { at: Date.now(), health: h };
    return h;
  }

  return {
    async route(url, fetchImpl) {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return { via: 'direct' };
      }
      // The page's own origin needs no proxy, and the proxy itself is never proxied.
      const page = ownOrigin();
      if (target.origin === page || target.origin === new URL(proxyUrl).origin) return { via: 'direct' };
      // The proxy answers only pages served from this machine: from anywhere else, do not even ask it.
      if (page !== null && !isLoopbackOrigin(page)) return { via: 'direct' };
      const h = await health(fetchImpl);
      if (!h) return { via: 'direct' };
      if (allowedBy(h.allow, target.hostname, isPrivateHost(target.hostname))) return { via: 'proxy', proxyUrl };
      return { via: 'direct', proxyRefuses: target.hostname, allow: h.allow };
    },
  };
}

/** No body for these statuses (the Response constructor refuses one). */
const NULL_BODY = new Set([204, 205, 304]);

export class ProxyAnswerError extends Error {
  constructor(
    readonly code: FetchProxyError['error']['code'] | 'proxy',
    message: string,
  ) {
    super(message);
  }
}

/** Sends the request through the proxy; the answer is a `Response` like a direct fetch's. */
export async function fetchViaProxy(
  proxyUrl: string,
  fetchImpl: typeof fetch,
  req: { url: string; method: string; headers: Record<string, string>; body?: string; timeoutMs: number; signal: AbortSignal },
): Promise<Response> {
  const res = await fetchImpl(`${proxyUrl}/fetch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [FETCH_PROXY_HEADER]: '1' },
    body: JSON.stringify({ url: req.url, method: req.method, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}), timeoutMs: req.timeoutMs }),
    signal: req.signal,
  });
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new ProxyAnswerError('proxy', `the fetch proxy answered HTTP ${res.status} without JSON`);
  }
  if (!res.ok) {
    const e = (json as Partial<FetchProxyError>).error;
    throw new ProxyAnswerError(e?.code ?? 'proxy', e?.message ?? `the fetch proxy answered HTTP ${res.status}`);
  }
  const a = json as FetchProxyResponse;
  if (typeof a.status !== 'number' || !Array.isArray(a.headers) || typeof a.body !== 'string') throw new ProxyAnswerError('proxy', 'the fetch proxy sent an answer of the wrong shape');
  if (a.status < 200 || a.status > 599) throw new ProxyAnswerError('upstream', `the server answered with the unusable status ${a.status}`);
  return new Response(NULL_BODY.has(a.status) ? null : a.body, { status: a.status, statusText: a.statusText, headers: a.headers });
}
