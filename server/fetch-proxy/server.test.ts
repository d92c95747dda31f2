import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FETCH_PROXY_HEADER, type FetchProxyResponse } from '../../src/backends/local/modules/http-proxy-protocol';
import { startFetchProxy, type FetchProxy } from './server';

// The upstream stands in for a real API: it sends no CORS headers, so a page could not read it directly.
let upstream: Server;
let up = '';
const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url === '/json') {
        res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'yes' });
        res.end('{"ok":true}');
      } else if (req.url === '/to-localhost') {
        res.writeHead(302, { location: `http://localhost:${(upstream.address() as AddressInfo).port}/json` });
        res.end();
      } else if (req.url === '/to-json') {
        res.writeHead(302, { location: '/json' });
        res.end();
      } else if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('x'.repeat(5000));
      } else if (req.url === '/never') {
        // Never answers: the proxy's timeout must end it.
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('nothing here');
      }
    });
  });
  await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', ok));
  up = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise<void>((ok) => upstream.close(() => ok()));
});

const APP = 'http://127.0.0.1:5173';

async function call(proxy: FetchProxy, body: unknown, origin: string | null = APP, header = true): Promise<{ status: number; json: Record<string, unknown>; allowOrigin: string | null }> {
  const res = await fetch(`${proxy.url}/fetch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}), ...(header ? { [FETCH_PROXY_HEADER]: '1' } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, allowOrigin: res.headers.get('access-control-allow-origin') };
}

async function withProxy(opts: Parameters<typeof startFetchProxy>[0], f: (p: FetchProxy) => Promise<void>): Promise<void> {
  const p = await startFetchProxy(opts);
  try {
    await f(p);
  } finally {
    await p.close();
  }
}

describe('fetch proxy', () => {
  it('answers only pages served from this machine, with its header; preflights likewise', async () => {
    await withProxy({ allow: ['127.0.0.1'] }, async (p) => {
      const health = await fetch(`${p.url}/health`, { headers: { origin: APP, [FETCH_PROXY_HEADER]: '1' } });
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ name: 'flowbench-fetch-proxy', version: 1, allow: ['127.0.0.1'] });
      expect(health.headers.get('access-control-allow-origin')).toBe(APP);

      expect((await call(p, { url: `${up}/json`, method: 'GET', headers: {} }, 'https://evil.example')).status).toBe(403);
      expect((await call(p, { url: `${up}/json`, method: 'GET', headers: {} }, null)).status).toBe(403);
      expect((await call(p, { url: `${up}/json`, method: 'GET', headers: {} }, APP, false)).json).toMatchObject({ error: { code: 'origin' } });

      const evil = await fetch(`${p.url}/fetch`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(evil.status).toBe(403);
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      const ours = await fetch(`${p.url}/fetch`, { method: 'OPTIONS', headers: { origin: 'http://localhost:4173', 'access-control-request-method': 'POST' } });
      expect(ours.status).toBe(204);
      expect(ours.headers.get('access-control-allow-headers')).toContain(FETCH_PROXY_HEADER);
    });
  });

  it('forwards method, headers and body and returns the answer whatever its status, without the hop headers', async () => {
    await withProxy({ allow: ['127.0.0.1'] }, async (p) => {
      seen.length = 0;
      const r = await call(p, { url: `${up}/json`, method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"a":1}' });
      expect(r.status).toBe(200);
      expect(r.allowOrigin).toBe(APP);
      const answer = r.json as unknown as FetchProxyResponse;
      expect(answer).toMatchObject({ status: 201, body: '{"ok":true}' });
      expect(answer.headers).toContainEqual(['x-upstream', 'yes']);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ method: 'POST', url: '/json', body: '{"a":1}' });
      expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer t' });
      expect(seen[0]!.headers.origin).toBeUndefined();
      expect(seen[0]!.headers[FETCH_PROXY_HEADER]).toBeUndefined();

      const missing = (await call(p, { url: `${up}/nope`, method: 'GET', headers: {} })).json as unknown as FetchProxyResponse;
      expect(missing).toMatchObject({ status: 404, body: 'nothing here' });
      // A redirect to an allowed host is followed.
      expect((await call(p, { url: `${up}/to-json`, method: 'GET', headers: {} })).json).toMatchObject({ status: 201 });
    });
  });

  it('keeps to its allow-list: "*" is the public internet, a private address must be named, each redirect hop is checked', async () => {
    await withProxy({ allow: ['*'] }, async (p) => {
      seen.length = 0;
      const r = await call(p, { url: `${up}/json`, method: 'GET', headers: {} });
      expect(r.status).toBe(403);
      expect(r.json).toMatchObject({ error: { code: 'not-allowed', message: expect.stringContaining('127.0.0.1 is not on the fetch proxy') } });
      expect(seen).toHaveLength(0);
    });
    await withProxy({ allow: ['127.0.0.1'] }, async (p) => {
      const r = await call(p, { url: `${up}/to-localhost`, method: 'GET', headers: {} });
      expect(r.status).toBe(403);
      expect(r.json).toMatchObject({ error: { code: 'not-allowed', message: expect.stringContaining('localhost') } });
      const other = await call(p, { url: 'http://api.example.com/x', method: 'GET', headers: {} });
      expect(other.json).toMatchObject({ error: { code: 'not-allowed' } });
    });
    // Following a redirect to another origin drops the step's credentials (a browser's fetch does the same);
    // a redirect within the origin keeps them.
    await withProxy({ allow: ['127.0.0.1', 'localhost'] }, async (p) => {
      seen.length = 0;
      const creds = { authorization: 'Bearer t', cookie: 'sid=1', 'x-other': 'kept' };
      expect((await call(p, { url: `${up}/to-localhost`, method: 'GET', headers: creds })).json).toMatchObject({ status: 201 });
      expect(seen.map((s) => s.url)).toEqual(['/to-localhost', '/json']);
      expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer t', cookie: 'sid=1' });
      expect(seen[1]!.headers.authorization).toBeUndefined();
      expect(seen[1]!.headers.cookie).toBeUndefined();
      expect(seen[1]!.headers['x-other']).toBe('kept');
      seen.length = 0;
      expect((await call(p, { url: `${up}/to-json`, method: 'GET', headers: creds })).json).toMatchObject({ status: 201 });
      expect(seen[1]!.headers).toMatchObject({ authorization: 'Bearer t', cookie: 'sid=1' });
    });
    // A public name that resolves inside the network (DNS rebinding) is refused before any request.
    await withProxy({ allow: ['*'], resolve: async () => ['10.0.0.7'] }, async (p) => {
      const r = await call(p, { url: 'http://rebind.example.com/admin', method: 'GET', headers: {} });
      expect(r.status).toBe(403);
      expect(r.json).toMatchObject({ error: { code: 'not-allowed', message: expect.stringContaining('resolves to the private address 10.0.0.7') } });
    });
  });

  it('says what went wrong: bad requests, unreachable, too large, timed out', async () => {
    await withProxy({ allow: ['127.0.0.1'], maxResponseBytes: 1000 }, async (p) => {
      expect(await call(p, 'not json')).toMatchObject({ status: 400, json: { error: { code: 'bad-request' } } });
      expect(await call(p, { url: `${up}/json`, method: 'get', headers: {} })).toMatchObject({ status: 400 });
      expect(await call(p, { url: 'ftp://127.0.0.1/x', method: 'GET', headers: {} })).toMatchObject({ status: 400 });
      expect(await call(p, { url: `${up}/big`, method: 'GET', headers: {} })).toMatchObject({ status: 502, json: { error: { code: 'too-large' } } });
      expect(await call(p, { url: `${up}/never`, method: 'GET', headers: {}, timeoutMs: 300 })).toMatchObject({ status: 504, json: { error: { code: 'timeout' } } });
      // A port nobody listens on.
      const closed = createServer();
      await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((ok) => closed.close(() => ok()));
      expect(await call(p, { url: `http://127.0.0.1:${port}/`, method: 'GET', headers: {} })).toMatchObject({ status: 502, json: { error: { code: 'upstream', message: expect.stringMatching(/could not be reached \(ECONNREFUSED\)/) } } });
    });
  });
});
