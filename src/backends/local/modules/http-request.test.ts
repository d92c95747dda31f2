import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blockFlow, s } from '../engine/test-flows';
import { collect, expectWellFormed } from '../engine/test-run';

let server: Server;
let base = '';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data));
  });
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/json') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-custom': 'yes' });
        res.end(JSON.stringify({ users: [{ name: 'Ada' }, { name: 'Bo' }] }));
      } else if (url.pathname === '/echo') {
        const body = await readBody(req);
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization ?? null, contentType: req.headers['content-type'] ?? null, body }));
      } else if (url.pathname === '/text') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('plain words');
      } else if (url.pathname === '/slow') {
        setTimeout(() => {
          res.writeHead(200);
          res.end('late');
        }, 3000);
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not here');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const http = (params: Record<string, unknown>, extra = {}) => blockFlow([s('req', 'core.http_request', params, extra)]);

describe('core.http_request against a local server', () => {
  it('GETs and parses a JSON response; other steps can reference into it', async () => {
    const flow = blockFlow([
      s('req', 'core.http_request', { method: 'GET', url: `${base}/json` }),
      s('name', 'core.text_template', { template: 'second is {{steps.req.body.users[1].name}}, status {{steps.req.statusCode}}' }),
    ]);
    const r = await collect(flow);
    expectWellFormed(r.events);
    expect(r.finished('req')[0]?.outputs).toMatchObject({ statusCode: 200, headers: { 'x-custom': 'yes' }, body: { users: [{ name: 'Ada' }, { name: 'Bo' }] } });
    expect(r.result.outputs).toEqual({ text: 'second is Bo, status 200' });
  });

  it('POSTs a body with headers from a key/value editor (rows or object)', async () => {
    const rows = await collect(
      http({ method: 'POST', url: `${base}/echo`, headers: [{ key: 'Authorization', value: 'Bearer {{inputs.token}}' }], body: '{"a":{{inputs.n}}}' }),
      { inputs: { token: 't0k', n: 5 } },
    );
    expect(rows.finished('req')[0]?.outputs).toMatchObject({
      statusCode: 201,
      body: { method: 'POST', auth: 'Bearer t0k', contentType: 'application/json', body: '{"a":5}' },
    });

    const obj = await collect(http({ method: 'PUT', url: `${base}/echo`, headers: { authorization: 'x' }, body: '{{inputs.payload}}' }), { inputs: { payload: { k: [1, 2] } } });
    expect(obj.finished('req')[0]?.outputs).toMatchObject({ body: { method: 'PUT', auth: 'x', contentType: 'application/json', body: '{"k":[1,2]}' } });
  });

  it('keeps a text response as text and reports error statuses without failing by default', async () => {
    const text = await collect(http({ url: `${base}/text` }));
    expect(text.finished('req')[0]?.outputs).toMatchObject({ statusCode: 200, body: 'plain words' });
    const missing = await collect(http({ url: `${base}/missing` }));
    expect(missing.finished('req')[0]).toMatchObject({ status: 'succeeded', outputs: { statusCode: 404, body: 'not here' } });
  });

  it('fails on error statuses when asked to', async () => {
    const r = await collect(http({ url: `${base}/missing`, failOnHttpError: true }));
    expect(r.finished('req')[0]).toMatchObject({ status: 'failed', error: { code: 'http' } });
    expect(r.finished('req')[0]?.error?.message).toMatch(/HTTP 404/);
  });

  it('times out after timeoutSeconds', async () => {
    const started = Date.now();
    const r = await collect(http({ url: `${base}/slow`, timeoutSeconds: 0.2 }));
    expect(Date.now() - started).toBeLessThan(2500);
    expect(r.finished('req')[0]).toMatchObject({ status: 'failed', error: { code: 'timeout', message: `HTTP request timed out after 0.2 s: ${base}/slow` } });
  });

  it('is cancelled with the run', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const r = await collect(http({ url: `${base}/slow` }), { signal: ac.signal });
    expect(r.statusOf('req')).toEqual(['cancelled']);
    expect(r.result.status).toBe('cancelled');
  });

  it('reports a refused connection as a network error', async () => {
    const r = await collect(http({ url: 'http://127.0.0.1:9/nothing' }));
    expect(r.finished('req')[0]).toMatchObject({ status: 'failed', error: { code: 'network' } });
    expect(r.finished('req')[0]?.error?.message).toMatch(/^network error: http:\/\/127\.0\.0\.1:9\/nothing/);
  });

  describe('in a browser', () => {
    const g = globalThis as { WorkerGlobalScope?: unknown };
    afterEach(() => delete g.WorkerGlobalScope);
    it('reports a fetch TypeError as a network error or CORS refusal', async () => {
      g.WorkerGlobalScope = class {};
      const r = await collect(http({ url: `${base}/json` }), {
        fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      });
      const message = r.finished('req')[0]?.error?.message ?? '';
      expect(message.startsWith(`network error or CORS refusal: ${base}/json.`)).toBe(true);
      // No fetch proxy answered (the injected fetch refuses everything): the message says how to get one.
      expect(message).toMatch(/Start Flowbench with `npm start`: it runs a local fetch proxy/);
    });
  });

  it('rejects a URL that is not http(s) and an unknown method', async () => {
    const r = await collect(http({ url: 'file:///etc/passwd' }));
    expect(r.finished('req')[0]?.error?.message).toMatch(/must start with http/);
    const m = await collect(http({ url: `${base}/json`, method: 'BREW' }));
    expect(m.finished('req')[0]?.error?.message).toMatch(/Unsupported HTTP method/);
  });
});
