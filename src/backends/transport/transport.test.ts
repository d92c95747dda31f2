import { getEventListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError } from '../types';
import { AsyncQueue } from './async-queue';
import { defaultServerError, parseRetryAfter, retryAfterOf } from './errors';
import { fetchJson, fetchResponse } from './fetch-json';
import { pollToEvents, sleep } from './poll';
import { fetchSse, readSse, sseJson, type SseMessage } from './sse';
import { startTestServer, type TestServer } from './test-server';

type Route = (req: IncomingMessage, res: ServerResponse) => void;

const routes: Record<string, Route> = {
  '/ok': (_req, res) => json(res, 200, { hello: 'world' }),
  '/echo': (req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => json(res, 200, { method: req.method, body: JSON.parse(body || 'null'), type: req.headers['content-type'], token: req.headers['x-token'] }));
  },
  '/empty': (_req, res) => {
    res.writeHead(204);
    res.end();
  },
  '/not-json': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>login</html>');
  },
  '/missing': (_req, res) => json(res, 404, { error: { code: 'FLOW_NOT_FOUND', message: 'no such flow', details: { id: 'x' } } }),
  '/vflow-envelope': (_req, res) => json(res, 400, { code: 1001, message: 'name required', data: null }),
  '/fastapi': (_req, res) => json(res, 422, { detail: [{ loc: ['body', 'name'], msg: 'field required' }] }),
  '/limited': (_req, res) => {
    res.writeHead(429, { 'retry-after': '2', 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'slow down' }));
  },
  '/busy': (_req, res) => json(res, 503, { message: 'maintenance' }),
  '/crash': (_req, res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('stack trace here');
  },
  '/gateway-timeout': (_req, res) => json(res, 504, {}),
  '/request-timeout': (_req, res) => json(res, 408, {}),
  '/slow': (_req, res) => {
    setTimeout(() => json(res, 200, { late: true }), 1000);
  },
  '/sse': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(': hello\n\n');
    res.write('event: node_started\ndata: {"id":');
    setTimeout(() => {
      res.write('1}\n\nid: 7\ndata: line one\ndata: line two\n\n');
      res.write('event: workflow_finished\ndata: {"ok":true}\n\n');
      res.end();
    }, 20);
  },
  '/sse-drop': (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('event: a\ndata: 1\n\n');
    setTimeout(() => req.socket.destroy(), 30);
  },
  '/sse-cut-event': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('event: a\ndata: 1\n\nevent: b\ndata: {"partial"');
    res.end();
  },
  '/sse-no-final': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end('event: a\ndata: 1\n\n: ping\n');
  },
  '/sse-json-error': (_req, res) => json(res, 200, { code: 'invalid_param', message: 'app is not published' }),
  '/sse-endless': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let n = 0;
    const t = setInterval(() => {
      if (res.destroyed) return clearInterval(t);
      res.write(`data: ${n++}\n\n`);
    }, 5);
    res.on('close', () => clearInterval(t));
  },
  '/sse-silent': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: first\n\n');
  },
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (route) route(req, res);
    else json(res, 404, { message: 'no route' });
  });
});
afterAll(() => server.close());

async function failure(p: Promise<unknown>): Promise<BackendError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BackendError);
    return e as BackendError;
  }
  throw new Error('expected a failure');
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('fetchJson', () => {
  it('adds no lasting abort listener to a long-lived caller signal (one per poll request piled up)', async () => {
    const ctl = new AbortController();
    for (let i = 0; i < 15; i++) {
      await fetchJson(`${server.url}/ok`, { signal: ctl.signal });
      await (await fetchResponse(`${server.url}/ok`, { signal: ctl.signal })).text();
    }
    expect(getEventListeners(ctl.signal, 'abort').length).toBeLessThanOrEqual(1);
  });


  it('decodes JSON, sends JSON bodies and headers', async () => {
    expect(await fetchJson(`${server.url}/ok`)).toEqual({ hello: 'world' });
    expect(await fetchJson(`${server.url}/echo`, { method: 'PUT', body: { a: [1] }, headers: { 'x-token': 't' } })).toEqual({
      method: 'PUT',
      body: { a: [1] },
      type: 'application/json',
      token: 't',
    });
    expect(await fetchJson(`${server.url}/empty`, { method: 'DELETE' })).toBeUndefined();
  });

  it('validates with parse, and reports a wrong shape as internal', async () => {
    const parse = (raw: unknown) => {
      if (typeof (raw as { hello?: unknown }).hello !== 'string') throw new Error('hello must be a string');
      return raw as { hello: string };
    };
    expect((await fetchJson(`${server.url}/ok`, { parse })).hello).toBe('world');
    const e = await failure(fetchJson(`${server.url}/echo`, { body: 1, parse }));
    expect(e.code).toBe('internal');
    expect(e.message).toContain('hello must be a string');
    expect((await failure(fetchJson(`${server.url}/not-json`))).message).toContain('not JSON');
  });

  it('maps statuses to codes and keeps the server words', async () => {
    const missing = await failure(fetchJson(`${server.url}/missing`));
    expect(missing).toMatchObject({ code: 'not-found', retryable: false, serverMessage: 'no such flow', serverCode: 'FLOW_NOT_FOUND' });
    expect(missing.details).toMatchObject({ status: 404, server: { id: 'x' } });
    expect(await failure(fetchJson(`${server.url}/vflow-envelope`))).toMatchObject({ code: 'invalid', serverCode: 1001, serverMessage: 'name required' });
    expect((await failure(fetchJson(`${server.url}/fastapi`))).code).toBe('invalid');
    const limited = await failure(fetchJson(`${server.url}/limited`));
    expect(limited).toMatchObject({ code: 'rate-limited', retryable: true, serverMessage: 'slow down' });
    expect(retryAfterOf(limited)).toBe(2000);
    expect(await failure(fetchJson(`${server.url}/busy`))).toMatchObject({ code: 'unavailable', retryable: true, serverMessage: 'maintenance' });
    expect(await failure(fetchJson(`${server.url}/crash`))).toMatchObject({ code: 'internal', retryable: false, serverMessage: 'stack trace here' });
    expect(await failure(fetchJson(`${server.url}/gateway-timeout`))).toMatchObject({ code: 'timeout', retryable: true });
    expect(await failure(fetchJson(`${server.url}/request-timeout`))).toMatchObject({ code: 'timeout' });
  });

  it('lets an adapter read its own error envelope', async () => {
    const e = await failure(fetchJson(`${server.url}/vflow-envelope`, { describeError: (body) => ({ message: `vFlow: ${(body as { message: string }).message}`, errorCode: 'conflict' }) }));
    expect(e).toMatchObject({ code: 'conflict', serverMessage: 'vFlow: name required' });
  });

  it('times out, and tells a timeout from a cancel', async () => {
    const t0 = Date.now();
    expect(await failure(fetchJson(`${server.url}/slow`, { timeoutMs: 100 }))).toMatchObject({ code: 'timeout', retryable: true });
    expect(Date.now() - t0).toBeLessThan(900);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    expect(await failure(fetchJson(`${server.url}/slow`, { signal: ctl.signal }))).toMatchObject({ code: 'cancelled', retryable: false });
    const already = new AbortController();
    already.abort();
    expect((await failure(fetchJson(`${server.url}/ok`, { signal: already.signal }))).code).toBe('cancelled');
  });

  it('reports an unreachable server as a network error', async () => {
    const closed = await startTestServer(() => undefined);
    const url = closed.url;
    await closed.close();
    const e = await failure(fetchJson(`${url}/ok`, { timeoutMs: 2000 }));
    expect(e).toMatchObject({ code: 'network', retryable: true });
    expect(e.message).toContain('Could not reach the server');
  });
});

describe('errors', () => {
  it('parses Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('reads the seed error shapes', () => {
    expect(defaultServerError({ error: 'bad' })).toMatchObject({ message: 'bad' });
    expect(defaultServerError({ detail: 'Flow not found' })).toMatchObject({ message: 'Flow not found' });
    expect(defaultServerError({ code: 40001, message: 'x', data: { f: 1 } })).toEqual({ message: 'x', code: 40001, details: { f: 1 } });
    expect(defaultServerError(42)).toEqual({});
  });
});

describe('AsyncQueue', () => {
  it('loses nothing when the consumer is slow, and ends after the buffer', async () => {
    const q = new AsyncQueue<number>();
    for (let i = 0; i < 5000; i++) q.push(i);
    q.end();
    q.push(-1);
    const got: number[] = [];
    for await (const x of q) {
      got.push(x);
      if (x % 1000 === 0) await sleep(1);
    }
    expect(got).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('hands items to a waiting consumer and delivers an error after the items before it', async () => {
    const q = new AsyncQueue<string>();
    const reading = collect(q);
    q.push('a');
    await sleep(1);
    q.push('b');
    q.error(new Error('worker died'));
    await expect(reading).rejects.toThrow('worker died');
    const q2 = new AsyncQueue<string>();
    q2.push('x');
    q2.error(new Error('late'));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const s of q2) seen.push(s);
      })(),
    ).rejects.toThrow('late');
    expect(seen).toEqual(['x']);
  });

  it('tells the producer when the consumer stops early', async () => {
    let returned = 0;
    const q = new AsyncQueue<number>({ onReturn: () => returned++ });
    q.push(1);
    q.push(2);
    for await (const x of q) if (x === 1) break;
    expect(returned).toBe(1);
    expect(q.closed).toBe(true);
    q.push(3);
    expect(q.size).toBe(0);
  });

  it('can be iterated only once', () => {
    const q = new AsyncQueue<number>();
    q[Symbol.asyncIterator]();
    expect(() => q[Symbol.asyncIterator]()).toThrow(/once/);
  });
});

describe('pollToEvents', () => {
  it('yields items until done', async () => {
    let calls = 0;
    const got = await collect(pollToEvents(async () => ({ items: [calls, calls + 0.5], done: ++calls === 3 }), 5));
    expect(got).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
  });

  it('retries transient failures and gives up on others', async () => {
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw new BackendError('unavailable', 'busy', { details: { retryAfterMs: 5 } });
      return { items: ['ok'], done: true };
    };
    expect(await collect(pollToEvents(flaky, 1))).toEqual(['ok']);
    expect(calls).toBe(3);
    const broken = async () => {
      throw new BackendError('unauthorized', 'token expired');
    };
    await expect(collect(pollToEvents(broken, 1))).rejects.toMatchObject({ code: 'unauthorized' });
    const down = async () => {
      throw new BackendError('network', 'down');
    };
    await expect(collect(pollToEvents(down, 1, undefined, { maxConsecutiveErrors: 2, maxBackoffMs: 5 }))).rejects.toMatchObject({ code: 'network' });
  });

  it('stops when aborted, also during an in-flight poll', async () => {
    const ctl = new AbortController();
    let sawAbort = false;
    const poll = (signal: AbortSignal) =>
      new Promise<{ items: number[]; done: boolean }>((resolve) => {
        const t = setTimeout(() => resolve({ items: [1], done: false }), 10_000);
        signal.addEventListener('abort', () => {
          sawAbort = true;
          clearTimeout(t);
          resolve({ items: [], done: false });
        });
      });
    setTimeout(() => ctl.abort(), 20);
    await expect(collect(pollToEvents(poll, 5, ctl.signal))).rejects.toMatchObject({ code: 'cancelled' });
    expect(sawAbort).toBe(true);
  });
});

describe('readSse', () => {
  const isFinal = (m: SseMessage) => m.event === 'workflow_finished';

  it('parses events split across chunks, multi-line data, ids and comments', async () => {
    const res = await fetchResponse(`${server.url}/sse`);
    const got = await collect(readSse(res, { isFinal }));
    expect(got).toEqual([
      { event: 'node_started', data: '{"id":1}' },
      { event: 'message', data: 'line one\nline two', id: '7' },
      { event: 'workflow_finished', data: '{"ok":true}' },
    ]);
    expect(sseJson(got[0]!)).toEqual({ id: 1 });
    expect(() => sseJson(got[1]!)).toThrow(/not JSON/);
  });

  it('errors clearly when the server drops the connection mid-stream', async () => {
    const res = await fetchResponse(`${server.url}/sse-drop`);
    const got: SseMessage[] = [];
    const e = await failure(
      (async () => {
        for await (const m of readSse(res)) got.push(m);
      })(),
    );
    expect(got).toHaveLength(1);
    expect(e).toMatchObject({ code: 'network', retryable: true });
    expect(e.message).toContain('closed the event stream');
  });

  it('errors when the stream ends inside an event, or before the final event', async () => {
    const cut = await failure(collect(readSse(await fetchResponse(`${server.url}/sse-cut-event`))));
    expect(cut.message).toContain('in the middle of an event');
    const early = await failure(collect(readSse(await fetchResponse(`${server.url}/sse-no-final`), { isFinal })));
    expect(early.message).toContain('before the final event');
    // Without a final event to wait for, a clean end (trailing ping included) is a normal end.
    expect(await collect(readSse(await fetchResponse(`${server.url}/sse-no-final`)))).toEqual([{ event: 'a', data: '1' }]);
  });

  it('turns a JSON answer to a stream request into an error with the server message', async () => {
    const e = await failure(collect(readSse(await fetchResponse(`${server.url}/sse-json-error`))));
    expect(e.serverMessage).toBe('app is not published');
    expect(e.message).toContain('Expected an event stream');
  });

  it('releases the connection when the consumer stops, and honours the abort signal', async () => {
    const res = await fetchResponse(`${server.url}/sse-endless`);
    const got: string[] = [];
    for await (const m of readSse(res)) {
      got.push(m.data);
      if (got.length === 3) break;
    }
    expect(got).toEqual(['0', '1', '2']);
    const ctl = new AbortController();
    const res2 = await fetchResponse(`${server.url}/sse-endless`, { signal: ctl.signal });
    setTimeout(() => ctl.abort(), 30);
    expect((await failure(collect(readSse(res2, { signal: ctl.signal })))).code).toBe('cancelled');
  });

  it('times out a silent stream when asked to', async () => {
    const res = await fetchResponse(`${server.url}/sse-silent`);
    const e = await failure(collect(readSse(res, { idleTimeoutMs: 80 })));
    expect(e.code).toBe('timeout');
  });

  it('maps an HTTP error before the stream', async () => {
    expect((await failure(fetchResponse(`${server.url}/limited`))).code).toBe('rate-limited');
    expect((await failure(collect(fetchSse(`${server.url}/limited`)))).code).toBe('rate-limited');
  });

  it('requests and reads a stream in one call', async () => {
    const got = await collect(fetchSse(`${server.url}/sse`, { method: 'POST', body: { inputs: {} } }, { isFinal }));
    expect(got.map((m) => m.event)).toEqual(['node_started', 'message', 'workflow_finished']);
  });
});
