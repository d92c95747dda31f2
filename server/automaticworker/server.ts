/**
 * A protocol-faithful AutoMaticWorker API server (seed 002), for adapter tests and Playwright. `node:http`,
 * in-memory state, a real topological executor with an async queue, the `{error: {code, message, details}}`
 * envelope, `X-RateLimit-*` headers and 429, Python export with `Content-Disposition`, webhooks, and fault
 * injection (`setFaults` / `POST /__admin/faults`): 500, slow answers, cut responses, forced 429.
 *
 * Every route answers under `/api/...` and `/api/v1/...` ("如果请求中未指定版本，默认使用最新版本").
 * Choices where the document is silent are listed in src/backends/automaticworker/README.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ApiError, invalid, notFound } from './errors';
import type { AmwFixtures } from './fixtures';
import { NODE_TYPES, nodeTypeById } from './node-types';
import { flowToPython } from './python';
import { makeStore, type AmwStore, type Execution } from './store';

export interface AmwFaults {
  /** Path regex: answered 500 / `internal_error`. */
  status500On?: string;
  /** 0..1: share of API requests answered 500. */
  status500Rate?: number;
  /** Delay before every API answer, ms. */
  slowMs?: number;
  /** Path regex: the answer starts (headers and part of the body) and the socket is then destroyed. */
  cutOn?: string;
  /** Path regex: answered 429 as if the rate limit were exhausted. */
  rateLimitOn?: string;
  /** Path regex: 200 with a body that is not JSON. */
  malformedOn?: string;
  /** Path regex: answered 503 / `service_unavailable` (a gateway or the server restarting). */
  status503On?: string;
  /**
   * Path regex: the request is handled (a write lands), then the answer is cut half-way through its body
   * (headers with the full Content-Length, half the bytes, socket destroyed).
   */
  cutAfterOn?: string;
  /** How many answers `cutAfterOn` cuts before it stops (default every one). */
  cutAfterTimes?: number;
  /** Only requests with this method get the path faults above (default any): a save's PUT, not the GET. */
  faultMethod?: string;
}

export interface AmwServerOptions {
  port?: number;
  host?: string;
  fixtures?: AmwFixtures;
  faults?: AmwFaults;
  /** Token lifetime, seconds (default 3600, the document's). */
  tokenExpiresIn?: number;
  /** Requests per window per token / client (default 100, the document's `X-RateLimit-Limit`); false: no limit. */
  rateLimit?: number | false;
  rateWindowMs?: number;
  /** Time each node takes besides its own work, ms (default 150). */
  stepDelayMs?: number;
  /** Multiplier for the delay node's seconds (default 1). */
  delayScale?: number;
  /** Refuse flows without a start and an end node (default true: the document's example error). */
  requireStartEnd?: boolean;
  /** Concurrent async executions (default 2). */
  workers?: number;
  /** How long a synchronous execute waits before answering with the running state (default 60 s). */
  syncTimeoutMs?: number;
  verbose?: boolean;
}

export interface AmwServer {
  url: string;
  port: number;
  state: AmwStore;
  setFaults(f: AmwFaults): void;
  faults(): AmwFaults;
  close(): Promise<void>;
}

type Reply =
  | { kind: 'json'; status?: number; body: unknown }
  | { kind: 'file'; contentType: string; filename: string; data: string };

interface Ctx {
  req: IncomingMessage;
  params: string[];
  query: URLSearchParams;
  body: () => Promise<unknown>;
}

interface Route {
  method: string;
  pattern: RegExp;
  auth: boolean;
  handler: (ctx: Ctx) => Promise<Reply> | Reply;
}

const json = (body: unknown, status = 200): Reply => ({ kind: 'json', status, body });

function flowIdOf(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw notFound(`流程不存在: ${raw ?? ''}`);
  return id;
}

/** `page` / `per_page` as the document's 分页 section defines them (per_page at most 100). */
function paging(query: URLSearchParams): { page: number; perPage: number } {
  const page = query.has('page') ? Number(query.get('page')) : 1;
  const perPage = query.has('per_page') ? Number(query.get('per_page')) : 20;
  const details: Record<string, string> = {};
  if (!Number.isInteger(page) || page < 1) details.page = 'page 必须是从 1 开始的整数';
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) details.per_page = 'per_page 必须是 1 到 100 之间的整数';
  if (Object.keys(details).length > 0) throw invalid('分页参数无效', details);
  return { page, perPage };
}

function paginate<T>(items: T[], page: number, perPage: number) {
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    pagination: { page, per_page: perPage, total: items.length, pages: Math.ceil(items.length / perPage) },
  };
}

function executionRow(e: Execution) {
  return { execution_id: e.execution_id, status: e.status, start_time: e.start_time, end_time: e.end_time, execution_time: e.execution_time };
}

function executionDetail(e: Execution) {
  return {
    execution_id: e.execution_id,
    flow_id: e.flow_id,
    status: e.status,
    start_time: e.start_time,
    end_time: e.end_time,
    execution_time: e.execution_time,
    result: e.result,
    logs: e.logs,
    input_data: e.input_data,
    error: e.error,
  };
}

const EXEC_STATUSES = ['queued', 'running', 'completed', 'failed'];

export async function startAmwServer(options: AmwServerOptions = {}): Promise<AmwServer> {
  let faults: AmwFaults = { ...(options.faults ?? {}) };
  const limit = options.rateLimit === undefined ? 100 : options.rateLimit;
  const windowMs = options.rateWindowMs ?? 60_000;
  const buckets = new Map<string, { count: number; resetAt: number }>();
  const state = makeStore(options.fixtures, {
    tokenExpiresIn: options.tokenExpiresIn ?? 3600,
    requireStartEnd: options.requireStartEnd ?? true,
    workers: options.workers ?? 2,
    stepDelayMs: options.stepDelayMs ?? 150,
    delayScale: options.delayScale ?? 1,
    portField: 'sourceHandle',
  });
  const syncTimeoutMs = options.syncTimeoutMs ?? 60_000;

  const routes: Route[] = [];
  const route = (method: string, path: string, auth: boolean, handler: Route['handler']) => {
    const pattern = new RegExp(`^/api(?:/v1)?${path.replace(/\{[^}]+\}/g, '([^/]+)')}$`);
    routes.push({ method, pattern, auth, handler });
  };

  route('POST', '/auth/token', false, async ({ body }) => {
    const b = (await body()) as Record<string, unknown> | undefined;
    return json(state.signIn(b?.username, b?.password));
  });

  route('GET', '/flows', true, ({ query }) => {
    const all = state.listFlows();
    if (!query.has('page') && !query.has('per_page')) return json({ flows: all });
    const { page, perPage } = paging(query);
    const { items, pagination } = paginate(all, page, perPage);
    return json({ flows: items, pagination });
  });
  route('POST', '/flows', true, async ({ body }) => json(state.createFlow(await body()), 201));
  route('GET', '/flows/{id}', true, ({ params }) => json(state.getFlow(flowIdOf(params[0]))));
  route('PUT', '/flows/{id}', true, async ({ params, body }) => json(state.updateFlow(flowIdOf(params[0]), await body())));
  route('DELETE', '/flows/{id}', true, ({ params }) => {
    state.deleteFlow(flowIdOf(params[0]));
    return json({ message: '流程已成功删除' });
  });

  route('GET', '/flows/{id}/export', true, ({ params, query }) => {
    const flow = state.getFlow(flowIdOf(params[0]));
    const format = query.get('format') ?? 'python';
    if (format === 'python') return { kind: 'file', contentType: 'application/octet-stream', filename: `flow_${flow.id}.py`, data: flowToPython(flow, 'sourceHandle') };
    if (format === 'json') return { kind: 'file', contentType: 'application/json', filename: `flow_${flow.id}.json`, data: JSON.stringify(flow, null, 2) };
    throw invalid('不支持的导出格式', { format: '可选值: python, json' });
  });

  route('POST', '/flows/{id}/execute', true, async ({ params, body }) => {
    const id = flowIdOf(params[0]);
    state.getFlow(id);
    const b = ((await body()) ?? {}) as Record<string, unknown>;
    const details: Record<string, string> = {};
    if (b.input_data !== undefined && (typeof b.input_data !== 'object' || b.input_data === null || Array.isArray(b.input_data))) {
      details.input_data = 'input_data 必须是对象';
    }
    if (b.async !== undefined && typeof b.async !== 'boolean') details.async = 'async 必须是布尔值';
    if (Object.keys(details).length > 0) throw invalid('提供的输入数据无效', details);
    const exec = state.execute(id, (b.input_data ?? {}) as Record<string, unknown>);
    if (b.async === true) return json({ execution_id: exec.execution_id, status: 'queued', message: '流程执行已加入队列' });
    await state.waitFor(exec, syncTimeoutMs);
    if (exec.status === 'completed') return json({ execution_id: exec.execution_id, status: 'completed', result: exec.result });
    if (exec.status === 'failed') return json({ execution_id: exec.execution_id, status: 'failed', error: exec.error });
    return json({ execution_id: exec.execution_id, status: exec.status, message: '流程仍在执行，请查询执行状态' });
  });

  route('GET', '/executions/{id}', true, ({ params }) => json(executionDetail(state.getExecution(decodeURIComponent(params[0]!)))));

  route('GET', '/flows/{id}/executions', true, ({ params, query }) => {
    const id = flowIdOf(params[0]);
    state.getFlow(id);
    const { page, perPage } = paging(query);
    const status = query.get('status');
    if (status !== null && !EXEC_STATUSES.includes(status)) throw invalid('status 无效', { status: `可选值: ${EXEC_STATUSES.join(', ')}` });
    const all = state.executionsOf(id).filter((e) => status === null || e.status === status);
    const { items, pagination } = paginate(all, page, perPage);
    return json({ executions: items.map(executionRow), pagination });
  });

  route('GET', '/node-types', true, () => json({ node_types: NODE_TYPES.map(({ example_usage: _e, ...t }) => t) }));
  route('GET', '/node-types/{id}', true, ({ params }) => {
    const t = nodeTypeById(decodeURIComponent(params[0]!));
    if (!t) throw notFound(`节点类型不存在: ${params[0] ?? ''}`);
    return json(t);
  });

  const publicHook = (h: { id: string; url: string; events: string[]; created_at: string }) => ({ id: h.id, url: h.url, events: h.events, created_at: h.created_at });
  route('POST', '/webhooks', true, async ({ body }) => json(publicHook(state.createWebhook(await body())), 201));
  route('GET', '/webhooks', true, () => json({ webhooks: [...state.webhooksMap().values()].map(publicHook) }));
  route('DELETE', '/webhooks/{id}', true, ({ params }) => {
    state.deleteWebhook(decodeURIComponent(params[0]!));
    return json({ message: 'Webhook 已删除' });
  });

  const cors = (res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'authorization, content-type');
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS');
    res.setHeader('access-control-expose-headers', 'content-disposition, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset');
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const readBody = (req: IncomingMessage): (() => Promise<unknown>) => {
    let cached: Promise<unknown> | undefined;
    return () =>
      (cached ??= new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('error', reject);
        req.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (text.trim() === '') return resolve(undefined);
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(invalid('请求体不是有效的 JSON'));
          }
        });
      }));
  };

  const matches = (pattern: string | undefined, path: string) => pattern !== undefined && new RegExp(pattern).test(path);
  const methodHit = (req: IncomingMessage) => !faults.faultMethod || faults.faultMethod.toUpperCase() === (req.method ?? 'GET').toUpperCase();
  const shouldCutAfter = (req: IncomingMessage, path: string): boolean => {
    if (!matches(faults.cutAfterOn, path) || !methodHit(req)) return false;
    if (faults.cutAfterTimes === undefined) return true;
    if (faults.cutAfterTimes <= 0) return false;
    faults.cutAfterTimes--;
    return true;
  };

  async function admin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const body = readBody(req);
    if (path === '/__admin/faults' && req.method === 'POST') {
      faults = ((await body()) ?? {}) as AmwFaults;
      return send(res, 200, { faults });
    }
    if (path === '/__admin/faults') return send(res, 200, { faults });
    if (path === '/__admin/reset' && req.method === 'POST') {
      state.reset();
      faults = {};
      buckets.clear();
      return send(res, 200, { ok: true });
    }
    if (path === '/__admin/expire-tokens' && req.method === 'POST') {
      state.expireTokens();
      return send(res, 200, { ok: true });
    }
    if (path === '/__admin/webhook-deliveries') return send(res, 200, { deliveries: state.deliveries() });
    return send(res, 404, new ApiError(404, 'not_found', '接口不存在').body());
  }

  function rateHeaders(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (limit === false && !matches(faults.rateLimitOn, path)) return true;
    const key = req.headers.authorization ?? req.socket.remoteAddress ?? 'anon';
    const now = Date.now();
    let b = buckets.get(key);
    if (!b || b.resetAt <= now) buckets.set(key, (b = { count: 0, resetAt: now + windowMs }));
    b.count += 1;
    const max = limit === false ? 100 : limit;
    const forced = matches(faults.rateLimitOn, path);
    res.setHeader('x-ratelimit-limit', String(max));
    res.setHeader('x-ratelimit-remaining', String(forced ? 0 : Math.max(0, max - b.count)));
    res.setHeader('x-ratelimit-reset', String(Math.ceil((forced ? now + 1000 : b.resetAt) / 1000)));
    return !forced && (limit === false || b.count <= max);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    cors(res);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (options.verbose) process.stderr.write(`${req.method ?? ''} ${req.url ?? ''}\n`);
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      return void res.end();
    }
    if (path.startsWith('/__admin/')) return admin(req, res, path);
    if (!path.startsWith('/api/') && path !== '/api') return send(res, 404, new ApiError(404, 'not_found', '接口不存在').body());

    if (faults.slowMs) await new Promise((r) => setTimeout(r, faults.slowMs));
    if (!rateHeaders(req, res, path)) return send(res, 429, new ApiError(429, 'rate_limit_exceeded', '请求过于频繁，请稍后再试').body());
    if ((matches(faults.status500On, path) && methodHit(req)) || (faults.status500Rate && Math.random() < faults.status500Rate)) {
      return send(res, 500, new ApiError(500, 'internal_error', '服务器内部错误（注入的故障）').body());
    }
    if (matches(faults.status503On, path) && methodHit(req)) {
      return send(res, 503, new ApiError(503, 'service_unavailable', '服务暂时不可用（注入的故障）').body());
    }
    if (matches(faults.cutOn, path) && methodHit(req)) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': '4096' });
      res.write('{"execution_id": "exec_');
      return void setTimeout(() => res.socket?.destroy(), 10);
    }
    if (matches(faults.malformedOn, path)) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return void res.end('<html>502 Bad Gateway</html>');
    }

    const candidates = routes.filter((r) => r.pattern.test(path));
    if (candidates.length === 0) return send(res, 404, new ApiError(404, 'not_found', '接口不存在').body());
    const r = candidates.find((c) => c.method === req.method);
    if (!r) {
      res.setHeader('allow', candidates.map((c) => c.method).join(', '));
      return send(res, 405, new ApiError(405, 'method_not_allowed', `不支持的请求方法: ${req.method ?? ''}`).body());
    }
    try {
      if (r.auth) state.checkToken(req.headers.authorization);
      const params = (r.pattern.exec(path) ?? []).slice(1);
      const reply = await r.handler({ req, params, query: url.searchParams, body: readBody(req) });
      if (reply.kind === 'file') {
        const data = Buffer.from(reply.data, 'utf8');
        res.writeHead(200, {
          'content-type': reply.contentType,
          'content-disposition': `attachment; filename="${reply.filename}"`,
          'content-length': data.byteLength,
        });
        return void res.end(data);
      }
      if (shouldCutAfter(req, path)) {
        const text = JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        res.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        return void setTimeout(() => res.socket?.destroy(), 10);
      }
      return send(res, reply.status ?? 200, reply.body);
    } catch (e) {
      if (e instanceof ApiError) return send(res, e.status, e.body());
      return send(res, 500, new ApiError(500, 'internal_error', `服务器内部错误: ${e instanceof Error ? e.message : String(e)}`).body());
    }
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, new ApiError(500, 'internal_error', String(e)).body());
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    state,
    setFaults: (f) => {
      faults = { ...f };
    },
    faults: () => faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
