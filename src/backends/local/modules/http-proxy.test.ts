/**
 * The HTTP step through the loopback fetch proxy (issue 22 item 14), against a real proxy
 * (server/fetch-proxy) and a local upstream that sends no CORS headers. Nothing leaves 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFetchProxy, type FetchProxy } from '../../../../server/fetch-proxy/server';
import { createHttpRequestModule } from './http-request';
import { createFetchProxyClient } from './http-proxy-client';
import type { ExecutionContext } from './types';

let upstream: Server;
let up = '';
let hits = 0;
let proxy: FetchProxy;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json', 'x-from': 'upstream' });
    res.end(JSON.stringify({ path: req.url, method: req.method }));
  });
  await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', ok));
  up = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  proxy = await startFetchProxy({ allow: ['127.0.0.1'] });
});

afterAll(async () => {
  await proxy.close();
  upstream.closeAllConnections();
  await new Promise<void>((ok) => upstream.close(() => ok()));
});

// A browser worker sends its page's Origin on every request; Node's fetch does not, so the test adds it.
const browserLikeFetch: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), origin: 'http://127.0.0.1:5173' } });

function ctx(params: Record<string, unknown>, fetchImpl: typeof fetch = browserLikeFetch): ExecutionContext {
  return { params, rawParams: params, fetch: fetchImpl, signal: new AbortController().signal, timeoutMs: 30_000, log: () => undefined } as unknown as ExecutionContext;
}

afterEach(() => {
  delete (globalThis as { document?: unknown }).document;
});

describe('HTTP step and the fetch proxy', () => {
  it('goes through the proxy when it runs and its allow-list covers the host', async () => {
    const mod = createHttpRequestModule({ proxy: createFetchProxyClient(proxy.url), proxyOutsideBrowser: true });
    hits = 0;
    let direct = 0;
    const counting: typeof fetch = (input, init) => {
      if (!String(input).startsWith(proxy.url)) direct++;
      return browserLikeFetch(input, init);
    };
    const r = await mod.execute(ctx({ method: 'POST', url: `${up}/items`, body: '{"a":1}' }, counting));
    expect(r.outputs).toEqual({ statusCode: 200, headers: expect.objectContaining({ 'x-from': 'upstream' }), body: { path: '/items', method: 'POST' } });
    expect(hits).toBe(1);
    expect(direct).toBe(0);
  });

  it("reports the proxy's own reason when the upstream cannot be reached", async () => {
    const mod = createHttpRequestModule({ proxy: createFetchProxyClient(proxy.url), proxyOutsideBrowser: true });
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((ok) => closed.close(() => ok()));
    await expect(mod.execute(ctx({ method: 'GET', url: `http://127.0.0.1:${port}/x` }))).rejects.toThrow(/through the fetch proxy failed: 127\.0\.0\.1:\d+ could not be reached \(ECONNREFUSED\)/);
  });

  it('goes direct for a host the proxy does not forward to, and a CORS failure then says how to allow it', async () => {
    const client = createFetchProxyClient(proxy.url);
    expect(await client.route('http://localhost:1/x', browserLikeFetch)).toEqual({ via: 'direct', proxyRefuses: 'localhost', allow: ['127.0.0.1'] });
    const mod = createHttpRequestModule({ proxy: client, proxyOutsideBrowser: true });
    (globalThis as { document?: unknown }).document = {};
    const corsRefusal: typeof fetch = (input, init) => (String(input).startsWith(proxy.url) ? browserLikeFetch(input, init) : Promise.reject(new TypeError('Failed to fetch')));
    await expect(mod.execute(ctx({ method: 'GET', url: 'http://localhost:1/x' }, corsRefusal))).rejects.toThrow(/CORS refusal: http:\/\/localhost:1\/x\. The fetch proxy is running but does not forward to localhost .*--fetch-proxy-allow localhost/);
  });

  it('when no proxy runs, a CORS failure in the browser says to start it with npm start', async () => {
    const nobody = createServer();
    await new Promise<void>((ok) => nobody.listen(0, '127.0.0.1', ok));
    const port = (nobody.address() as AddressInfo).port;
    await new Promise<void>((ok) => nobody.close(() => ok()));
    const mod = createHttpRequestModule({ proxy: createFetchProxyClient(`http://127.0.0.1:${port}`), proxyOutsideBrowser: true });
    (globalThis as { document?: unknown }).document = {};
    const corsRefusal: typeof fetch = (input, init) => (String(input).includes(`:${port}`) ? browserLikeFetch(input, init) : Promise.reject(new TypeError('Failed to fetch')));
    await expect(mod.execute(ctx({ method: 'GET', url: 'https://api.example.com/v1' }, corsRefusal))).rejects.toThrow(/CORS refusal: https:\/\/api\.example\.com\/v1\. Most APIs .* `npm start`/);
  });

  it('a page not served from this machine never asks the proxy (it would refuse that origin)', async () => {
    const g = globalThis as { location?: unknown };
    const before = g.location;
    g.location = { origin: 'https://flowbench.example' };
    try {
      let asked = 0;
      const watching: typeof fetch = (input, init) => {
        if (String(input).startsWith(proxy.url)) asked++;
        return browserLikeFetch(input, init);
      };
      expect(await createFetchProxyClient(proxy.url).route(`${up}/x`, watching)).toEqual({ via: 'direct' });
      expect(asked).toBe(0);
      g.location = { origin: 'http://localhost:5173' };
      expect(await createFetchProxyClient(proxy.url).route(`${up}/x`, watching)).toEqual({ via: 'proxy', proxyUrl: proxy.url });
      expect(asked).toBe(1);
    } finally {
      g.location = before;
    }
  });

  it('never proxies outside a browser unless asked (Node has no CORS)', async () => {
    const mod = createHttpRequestModule({ proxy: createFetchProxyClient(proxy.url) });
    let viaProxy = false;
    const watching: typeof fetch = (input, init) => {
      if (String(input).startsWith(proxy.url)) viaProxy = true;
      return browserLikeFetch(input, init);
    };
    const r = await mod.execute(ctx({ method: 'GET', url: `${up}/direct` }, watching));
    expect(r.outputs).toMatchObject({ statusCode: 200, body: { path: '/direct' } });
    expect(viaProxy).toBe(false);
  });
});
