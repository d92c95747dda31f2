/**
 * A loopback fetch proxy for the browser engine's HTTP step: most APIs send no CORS headers, so a page cannot
 * read their answers; this Node process makes the request instead and hands the answer back. Started by
 * `npm start` on 127.0.0.1:8799. Its guards, because a proxy on this machine is reachable by any page:
 * - it listens on 127.0.0.1 only and answers only pages served from this machine (`Origin` on loopback);
 * - every request carries `x-flowbench-fetch-proxy`, so a browser always preflights, and other sites' pages are
 *   refused there;
 * - it forwards only to hosts on its allow-list (default `*`, every public host); a private or loopback
 *   address (also one a public name resolves to, and every redirect hop) must be listed by name;
 * - answers are capped (20 MB) and time out.
 */
import { lookup } from 'node:dns/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPrivateHost } from '../../src/lib/net-address';
import { allowedBy, FETCH_PROXY_HEADER, isLoopbackOrigin, type FetchProxyError, type FetchProxyHealth, type FetchProxyRequest, type FetchProxyResponse } from '../../src/backends/local/modules/http-proxy-protocol';

export interface FetchProxyOptions {
  port?: number;
  host?: string;
  /** Host patterns forwarded to. Default `['*']`: every public host. */
  allow?: string[];
  /** Largest upstream answer, bytes. Default 20 MB. */
  maxResponseBytes?: number;
  /** Upstream timeout when the request names none. Default 60 s. */
  defaultTimeoutMs?: number;
  /** Resolves a host name to addresses (tests: a fake resolver). Default: the system's. */
  resolve?: (host: string) => Promise<string[]>;
}

export interface FetchProxy {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 20 * 1024 * 1024;
const MAX_REDIRECTS = 5;
/** Not forwarded: they describe the hop to the proxy, not the request the step means. */
const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'origin', 'referer', FETCH_PROXY_HEADER]);
/** Dropped when a redirect leads to another origin, as a browser's fetch does: the step's token is for its own host. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

const systemResolve = async (host: string): Promise<string[]> => (await lookup(host, { all: true })).map((a) => (a.family === 6 ? `[${a.address}]` : a.address));

class ProxyFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: FetchProxyError['error']['code'],
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new ProxyFailure(413, 'too-large', `the request is larger than ${MAX_REQUEST_BYTES / (1024 * 1024)} MB`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseRequest(text: string): FetchProxyRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ProxyFailure(400, 'bad-request', 'the body is not JSON');
  }
  const r = raw as Partial<FetchProxyRequest> | null;
  if (!r || typeof r !== 'object') throw new ProxyFailure(400, 'bad-request', 'the body must be a JSON object');
  if (typeof r.url !== 'string') throw new ProxyFailure(400, 'bad-request', 'url: expected a string');
  if (typeof r.method !== 'string' || !/^[A-Z]+$/.test(r.method)) throw new ProxyFailure(400, 'bad-request', 'method: expected an upper-case HTTP method');
  const headers = r.headers ?? {};
  if (typeof headers !== 'object' || Array.isArray(headers) || Object.values(headers).some((v) => typeof v !== 'string')) {
    throw new ProxyFailure(400, 'bad-request', 'headers: expected an object of strings');
  }
  if (r.body !== undefined && typeof r.body !== 'string') throw new ProxyFailure(400, 'bad-request', 'body: expected a string');
  if (r.timeoutMs !== undefined && (typeof r.timeoutMs !== 'number' || !(r.timeoutMs > 0))) throw new ProxyFailure(400, 'bad-request', 'timeoutMs: expected a positive number');
  return { url: r.url, method: r.method, headers, ...(r.body !== undefined ? { body: r.body } : {}), ...(r.timeoutMs !== undefined ? { timeoutMs: r.timeoutMs } : {}) };
}

export async function startFetchProxy(opts: FetchProxyOptions = {}): Promise<FetchProxy> {
  const allow = opts.allow && opts.allow.length > 0 ? opts.allow : ['*'];
  const maxResponseBytes = opts.maxResponseBytes ?? 20 * 1024 * 1024;
  const defaultTimeoutMs = opts.defaultTimeoutMs ?? 60_000;
  const resolve = opts.resolve ?? systemResolve;

  /** Refuses a target the allow-list does not cover, by its name and by every address it resolves to. */
  async function checkTarget(url: URL): Promise<void> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProxyFailure(400, 'bad-request', `only http and https URLs are forwarded, not ${url.protocol}`);
    const host = url.hostname;
    const privateName = isPrivateHost(host);
    if (!allowedBy(allow, host, privateName)) {
      throw new ProxyFailure(403, 'not-allowed', `${host} is not on the fetch proxy's allow-list (${allow.join(', ')}); start it with --fetch-proxy-allow ${host}`);
    }
    if (privateName || /^[\d.]+$|^\[/.test(host)) return;
    let addresses: string[];
    try {
      addresses = await resolve(host);
    } catch (e) {
      throw new ProxyFailure(502, 'upstream', `${host} could not be resolved (${e instanceof Error ? e.message : String(e)})`);
    }
    const inside = addresses.find((a) => isPrivateHost(a));
    if (inside && !allowedBy(allow, host, true)) {
      throw new ProxyFailure(403, 'not-allowed', `${host} resolves to the private address ${inside}; list it by name to allow it`);
    }
  }

  async function forward(req: FetchProxyRequest): Promise<FetchProxyResponse> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new ProxyFailure(400, 'bad-request', `url: "${req.url.slice(0, 200)}" is not a URL`);
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP_HEADERS.has(k.toLowerCase())));
    const timeoutMs = req.timeoutMs ?? defaultTimeoutMs;
    const signal = AbortSignal.timeout(timeoutMs);
    let method = req.method;
    let body = req.body;
    for (let hop = 0; ; hop++) {
      await checkTarget(url);
      let res: Response;
      try {
        // Redirects are followed here, one hop at a time, so each new host is checked against the allow-list.
        res = await fetch(url, { method, headers, ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}), redirect: 'manual', signal });
      } catch (e) {
        if (signal.aborted) throw new ProxyFailure(504, 'timeout', `${url.host} did not answer within ${timeoutMs} ms`);
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        throw new ProxyFailure(502, 'upstream', `${url.host} could not be reached (${cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e))})`);
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location && hop < MAX_REDIRECTS) {
        const next = new URL(location, url);
        if (next.origin !== url.origin) for (const k of Object.keys(headers)) if (CREDENTIAL_HEADERS.has(k.toLowerCase())) delete headers[k];
        url = next;
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        await res.body?.cancel();
        continue;
      }
      const reader = res.body?.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      if (reader) {
        for (;;) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch (e) {
            if (signal.aborted) throw new ProxyFailure(504, 'timeout', `${url.host} did not finish its answer within ${timeoutMs} ms`);
            throw new ProxyFailure(502, 'upstream', `${url.host} broke off its answer (${e instanceof Error ? e.message : String(e)})`);
          }
          if (chunk.done) break;
          size += chunk.value.length;
          if (size > maxResponseBytes) {
            await reader.cancel();
            throw new ProxyFailure(502, 'too-large', `${url.host} answered with more than ${Math.round(maxResponseBytes / (1024 * 1024))} MB`);
          }
          chunks.push(chunk.value);
        }
      }
      const headersOut: Array<[string, string]> = [];
      res.headers.forEach((v, k) => headersOut.push([k, v]));
      return { status: res.status, statusText: res.statusText, headers: headersOut, body: Buffer.concat(chunks).toString('utf8') };
    }
  }

  function send(res: ServerResponse, origin: string | undefined, status: number, body: unknown): void {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', vary: 'Origin' };
    if (isLoopbackOrigin(origin)) headers['access-control-allow-origin'] = origin;
    res.writeHead(status, headers);
    res.end(JSON.stringify(body));
  }

  const server: Server = createServer((req, res) => {
    const origin = req.headers.origin;
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    if (req.method === 'OPTIONS') {
      if (!isLoopbackOrigin(origin)) return send(res, undefined, 403, { error: { code: 'origin', message: 'only pages served from this machine may use the fetch proxy' } } satisfies FetchProxyError);
      res.writeHead(204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': `content-type, ${FETCH_PROXY_HEADER}`,
        'access-control-max-age': '600',
        vary: 'Origin',
      });
      return res.end();
    }
    if (!isLoopbackOrigin(origin) || req.headers[FETCH_PROXY_HEADER] !== '1') {
      return send(res, origin, 403, { error: { code: 'origin', message: `only pages served from this machine may use the fetch proxy, with the ${FETCH_PROXY_HEADER} header` } } satisfies FetchProxyError);
    }
    if (req.method === 'GET' && path === '/health') {
      return send(res, origin, 200, { name: 'flowbench-fetch-proxy', version: 1, allow } satisfies FetchProxyHealth);
    }
    if (req.method === 'POST' && path === '/fetch') {
      void (async () => {
        try {
          const answer = await forward(parseRequest(await readBody(req)));
          send(res, origin, 200, answer);
        } catch (e) {
          const f = e instanceof ProxyFailure ? e : new ProxyFailure(502, 'upstream', e instanceof Error ? e.message : String(e));
          if (!res.headersSent) send(res, origin, f.status, { error: { code: f.code, message: f.message } } satisfies FetchProxyError);
        }
      })();
      return;
    }
    send(res, origin, 404, { error: { code: 'bad-request', message: `no such endpoint: ${req.method ?? ''} ${path}` } } satisfies FetchProxyError);
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
