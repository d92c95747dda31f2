/**
 * A protocol-faithful vFlow Remote Web Editor API server (the seed document 001), for adapter tests and
 * Playwright. Node `node:http`, in-memory state, real step-by-step execution, rate limits, CORS, fault
 * injection (`setFaults` and `POST /__admin/faults`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ApiError } from './errors';
import type { VflowFixtures } from './fixtures';
import { boundaryOf, parseMultipart } from './multipart';
import { makeStore, type VflowStore } from './store';

export interface VflowFaults {
  /** 0..1: share of API requests answered 500 / 9001. Limited to `status500On` paths when given. */
  status500Rate?: number;
  status500On?: string | RegExp;
  /** 0..1: share answered 503 / 9002. Limited to `status503On` paths when given. */
  status503Rate?: number;
  status503On?: string | RegExp;
  /** Only requests with this method get the 500 and 503 faults (default any): a save's PUT, not the GET before it. */
  faultMethod?: string;
  /** Delay before every API request, ms. */
  slowMs?: number;
  /** Path regex: the socket is destroyed without an answer. */
  dropConnectionOn?: string | RegExp;
  /** Executions fail at the step in the middle of the list. */
  failExecutionMidway?: boolean;
  /** Path regex: the answer is 200 with a malformed body. */
  malformedOn?: string | RegExp;
  /** `not-json` (truncated text) or `wrong-shape` (valid envelope, wrong data types). Default not-json. */
  malformedKind?: 'not-json' | 'wrong-shape';
  /** Path regex: 403 / 6003. */
  forbiddenOn?: string | RegExp;
  /**
   * Path regex: the request is handled (a write lands), then the answer is cut half-way through its body
   * (headers with the full Content-Length, half the bytes, socket destroyed).
   */
  cutResponseOn?: string | RegExp;
  /** Only requests with this method are cut (default any). */
  cutResponseMethod?: string;
  /** How many answers are cut before the fault stops (default every one). */
  cutResponseTimes?: number;
}

export interface RateLimitConfig {
  auth: number;
  execute: number;
  query: number;
  modify: number;
  windowMs: number;
}

export interface VflowServerOptions {
  port?: number;
  host?: string;
  fixtures?: VflowFixtures;
  faults?: VflowFaults;
  /** Access token lifetime in seconds (default 3600). */
  tokenExpiresIn?: number;
  /** Refresh token lifetime in seconds (default 30 days). */
  refreshTokenExpiresIn?: number;
  /** Per-window limits (the document's: 5 / 10 / 100 / 60 per minute), or false to switch limits off. */
  rateLimits?: Partial<RateLimitConfig> | false;
  /** Base duration of every executed step, ms (default 100). */
  stepDelayMs?: number;
  /** Multiplier for the delay module's duration (default 1). */
  delayScale?: number;
  /** Max request body, bytes (default 10 MB); above: 413 / 8002. */
  maxUploadBytes?: number;
  /** 409 / 1004 when creating a workflow whose name exists (default true). */
  uniqueWorkflowNames?: boolean;
  /** How `tags=a,b` filters the list: any tag (default) or all tags. */
  tagMatch?: 'any' | 'all';
  /** The catalog declares an `else` module (default true; false: the document's if/endif only, else rows refused). */
  elseModule?: boolean;
  /** A create request's own `id`: ignored (default, the document's request has none) or accepted. */
  clientIds?: 'ignore' | 'accept';
  /** The list's `stepCount`: every row (default, literal) or steps without else/end marker rows. */
  stepCount?: 'rows' | 'steps';
  /**
   * What `DELETE /folders/{id}?moveWorkflowsTo=` does with subfolders: the document moves *workflows* only, so
   * by default (`delete`) subfolders go with the folder, with their workflows; `move` moves them too.
   */
  subfoldersOnMove?: 'delete' | 'move';
  /** The execution log's shape: the document's (default) or our older nested one (see ExecutorOptions). */
  logStyle?: 'document' | 'nested';
  /** Log each request to stderr. */
  verbose?: boolean;
}

export interface VflowServer {
  url: string;
  /** `${url}/api/v1` */
  apiUrl: string;
  port: number;
  state: VflowStore;
  setFaults(f: VflowFaults): void;
  faults(): VflowFaults;
  setRateLimits(r: Partial<RateLimitConfig> | false): void;
  close(): Promise<void>;
}

const DEFAULT_LIMITS: RateLimitConfig = { auth: 5, execute: 10, query: 100, modify: 60, windowMs: 60_000 };

type Category = 'auth' | 'execute' | 'query' | 'modify';

type Handler = (ctx: Ctx) => Promise<Reply> | Reply;

interface Ctx {
  req: IncomingMessage;
  params: string[];
  query: URLSearchParams;
  body: () => Promise<unknown>;
  raw: () => Promise<Buffer>;
}

type Reply =
  | { kind: 'json'; status?: number; message?: string; data: unknown }
  | { kind: 'binary'; status?: number; contentType: string; filename: string; data: Uint8Array };

interface Route {
  method: string;
  pattern: RegExp;
  category: Category;
  auth: boolean;
  handler: Handler;
}

function toRegex(v: string | RegExp | undefined): RegExp | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' ? new RegExp(v) : v;
}

function ok(data: unknown, message = 'success', status = 200): Reply {
  return { kind: 'json', status, message, data };
}

export async function startVflowServer(options: VflowServerOptions = {}): Promise<VflowServer> {
  let faults: VflowFaults = { ...(options.faults ?? {}) };
  let limits: RateLimitConfig | false = options.rateLimits === false ? false : { ...DEFAULT_LIMITS, ...(options.rateLimits ?? {}) };
  const maxUpload = options.maxUploadBytes ?? 10 * 1024 * 1024;
  let port = 0;

  const state = makeStore(options.fixtures, {
    tokenExpiresIn: options.tokenExpiresIn ?? 3600,
    refreshTokenExpiresIn: options.refreshTokenExpiresIn ?? 30 * 86_400,
    uniqueWorkflowNames: options.uniqueWorkflowNames ?? true,
    tagMatch: options.tagMatch ?? 'any',
    elseModule: options.elseModule ?? true,
    clientIds: options.clientIds ?? 'ignore',
    stepCount: options.stepCount ?? 'rows',
    subfoldersOnMove: options.subfoldersOnMove ?? 'delete',
    maxExecutions: 500,
    executor: {
      stepDelayMs: options.stepDelayMs ?? 100,
      delayScale: options.delayScale ?? 1,
      logStyle: options.logStyle ?? 'document',
      serverPort: () => port,
      failMidway: () => faults.failExecutionMidway === true,
    },
  });

  const buckets = new Map<string, { start: number; count: number }>();

  const routes: Route[] = [];
  const route = (method: string, path: string, category: Category, auth: boolean, handler: Handler): void => {
    const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '([^/]+)')}$`);
    routes.push({ method, pattern, category, auth, handler });
  };
  const p = (ctx: Ctx, i = 0): string => decodeURIComponent(ctx.params[i] ?? '');

  // auth
  route('POST', '/auth/token', 'auth', false, async (c) => ok(state.issueToken(await c.body())));
  route('POST', '/auth/refresh', 'auth', false, (c) => ok(state.refresh(c.req.headers.authorization)));
  route('GET', '/auth/verify', 'auth', true, (c) => ok(state.verify(state.authenticate(c.req.headers.authorization))));
  route('POST', '/auth/revoke', 'auth', true, (c) => {
    state.revoke(state.authenticate(c.req.headers.authorization));
    return ok(null, 'Token revoked successfully');
  });
  // workflows (fixed paths before {workflowId})
  route('GET', '/workflows', 'query', true, (c) => ok(state.listWorkflows(c.query)));
  route('POST', '/workflows', 'modify', true, async (c) => ok(state.createWorkflow(await c.body()), 'Workflow created successfully', 201));
  route('POST', '/workflows/batch', 'modify', true, async (c) => ok(state.batch(await c.body()), 'Batch operation completed'));
  route('POST', '/workflows/import', 'modify', true, async (c) => ok(await importFiles(c, false), 'Workflow imported successfully'));
  route('POST', '/workflows/import-batch', 'modify', true, async (c) => ok(await importFiles(c, true), 'Batch import completed'));
  route('POST', '/workflows/export-batch', 'query', true, async (c) => {
    const b = (await c.body()) as Record<string, unknown> | null;
    const ids = b && Array.isArray(b.workflowIds) ? b.workflowIds : null;
    if (!ids || !ids.every((x): x is string => typeof x === 'string') || ids.length === 0) throw new ApiError(1002, 'workflowIds must be a non-empty array', { field: 'workflowIds' });
    const format = b?.format ?? 'zip';
    const includeSteps = b?.includeSteps !== false;
    for (const id of ids) state.getWorkflow(id);
    if (format === 'json') return ok({ workflows: ids.map((id) => state.exportData(id, includeSteps)), exportedAt: Date.now(), format: 'json' });
    if (format !== 'zip') throw new ApiError(1002, `Invalid format: ${String(format)}`, { field: 'format' });
    const z = state.exportZip(ids, includeSteps);
    return { kind: 'binary', contentType: 'application/zip', filename: 'workflows-export.zip', data: z.data };
  });
  route('GET', '/workflows/{id}', 'query', true, (c) => ok(state.getWorkflow(p(c))));
  route('PUT', '/workflows/{id}', 'modify', true, async (c) => ok(state.updateWorkflow(p(c), await c.body()), 'Workflow updated successfully'));
  route('DELETE', '/workflows/{id}', 'modify', true, (c) => ok(state.deleteWorkflow(p(c)), 'Workflow deleted successfully'));
  route('POST', '/workflows/{id}/duplicate', 'modify', true, async (c) => ok(state.duplicateWorkflow(p(c), await c.body()), 'Workflow duplicated successfully', 201));
  route('POST', '/workflows/{id}/enable', 'modify', true, (c) => ok(state.setEnabled(p(c), true), 'Workflow enabled'));
  route('POST', '/workflows/{id}/disable', 'modify', true, (c) => ok(state.setEnabled(p(c), false), 'Workflow disabled'));
  route('GET', '/workflows/{id}/magic-variables', 'query', true, (c) => ok(state.magicVariables(p(c))));
  route('GET', '/workflows/{id}/export', 'query', true, (c) => {
    const format = c.query.get('format') ?? 'json';
    const inc = c.query.get('includeSteps');
    const includeSteps = !(inc === 'false' || inc === '0');
    if (format === 'json') return ok(state.exportData(p(c), includeSteps));
    if (format !== 'zip') throw new ApiError(1002, `Invalid format: ${format}`, { parameter: 'format' });
    const z = state.exportZip([p(c)], includeSteps);
    return { kind: 'binary', contentType: 'application/zip', filename: z.filename, data: z.data };
  });
  route('POST', '/workflows/{id}/execute', 'execute', true, async (c) => {
    const body = (await c.body()) ?? {};
    const exec = state.execute(p(c), body);
    const isAsync = !(typeof body === 'object' && body !== null && (body as Record<string, unknown>).async === false);
    if (isAsync) {
      const r = exec.record;
      return ok({ executionId: r.executionId, workflowId: r.workflowId, status: 'running', startedAt: r.startedAt }, 'Workflow execution started', 202);
    }
    const r = await exec.done;
    const data = { executionId: r.executionId, status: r.status, startedAt: r.startedAt, completedAt: r.completedAt, duration: r.duration, outputs: r.outputs };
    if (r.status !== 'completed') throw new ApiError(1003, r.error ?? `Workflow ${r.status}`, { ...data, error: r.error });
    return ok(data, 'Workflow completed');
  });
  // executions
  route('GET', '/executions', 'query', true, (c) => ok(state.listExecutions(c.query)));
  route('DELETE', '/executions', 'modify', true, (c) => ok(state.deleteExecutions(c.query), 'Execution history deleted'));
  route('GET', '/executions/{id}', 'query', true, (c) => ok(state.statusOf(p(c))));
  route('POST', '/executions/{id}/stop', 'modify', true, (c) => ok(state.stop(p(c)), 'Execution stopped'));
  route('GET', '/executions/{id}/logs', 'query', true, (c) => ok(state.logs(p(c), c.query)));
  // modules
  route('GET', '/modules/categories', 'query', true, () => ok(state.categories()));
  route('GET', '/modules', 'query', true, (c) => ok(state.listModules(c.query)));
  route('GET', '/modules/{id}', 'query', true, (c) => ok(state.module(p(c))));
  route('GET', '/modules/{id}/input-schema', 'query', true, (c) => ok(state.inputSchema(p(c))));
  // folders
  route('GET', '/folders', 'query', true, (c) => ok(state.listFolders(c.query)));
  route('POST', '/folders', 'modify', true, async (c) => ok(state.createFolder(await c.body()), 'Folder created successfully', 201));
  route('GET', '/folders/{id}', 'query', true, (c) => ok(state.folderDetail(p(c))));
  route('PUT', '/folders/{id}', 'modify', true, async (c) => ok(state.updateFolder(p(c), await c.body()), 'Folder updated successfully'));
  route('DELETE', '/folders/{id}', 'modify', true, (c) => ok(state.deleteFolder(p(c), c.query), 'Folder deleted successfully'));
  // system
  route('GET', '/system/info', 'query', true, () => ok(state.info()));
  route('GET', '/system/stats', 'query', true, (c) => ok(state.stats(c.query)));
  route('GET', '/system/health', 'query', false, () => ok(state.health(), 'healthy'));

  async function importFiles(c: Ctx, batch: boolean): Promise<unknown> {
    const boundary = boundaryOf(c.req.headers['content-type']);
    if (!boundary) throw new ApiError(8001, 'Invalid file format', { reason: 'expected multipart/form-data' });
    const parts = parseMultipart(await c.raw(), boundary);
    const file = parts.find((x) => x.name === 'file');
    if (!file) throw new ApiError(8001, 'Invalid file format', { reason: 'missing file field' });
    const field = (n: string): string | undefined => parts.find((x) => x.name === n && x.filename === undefined)?.data.toString('utf8');
    const override = field('override') === 'true';
    const folderField = field('folderId');
    const folderId = folderField === undefined || folderField === '' ? undefined : folderField;
    const isZip = file.data[0] === 0x50 && file.data[1] === 0x4b;
    if (batch && !isZip) throw new ApiError(8001, 'Invalid file format', { filename: file.filename ?? 'file', reason: 'batch import expects a ZIP file' });
    return state.importFile(file.filename ?? 'file', file.data, override, folderId);
  }

  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    return {
      'Access-Control-Allow-Origin': origin ?? '*',
      'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Expose-Headers': 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Content-Disposition',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    };
  }

  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
    res.end(text);
  }

  function sendError(res: ServerResponse, e: ApiError, headers: Record<string, string>): void {
    const body: Record<string, unknown> = { code: e.code, message: e.message, data: null };
    if (e.details) body.details = e.details;
    sendJson(res, e.httpStatus, body, headers);
  }

  function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxUpload && !failed) {
          failed = true;
          reject(new ApiError(8002, 'File size exceeded', { maxBytes: maxUpload }));
        }
        if (!failed) chunks.push(c);
      });
      req.on('end', () => {
        if (!failed) resolve(Buffer.concat(chunks));
      });
      req.on('error', reject);
    });
  }

  function rateLimit(category: Category, key: string, headers: Record<string, string>): void {
    if (limits === false) return;
    const limit = limits[category];
    const now = Date.now();
    const k = `${category}:${key}`;
    let b = buckets.get(k);
    if (!b || now >= b.start + limits.windowMs) {
      b = { start: now, count: 0 };
      buckets.set(k, b);
    }
    b.count++;
    const reset = b.start + limits.windowMs;
    headers['X-RateLimit-Limit'] = String(limit);
    headers['X-RateLimit-Remaining'] = String(Math.max(0, limit - b.count));
    headers['X-RateLimit-Reset'] = String(reset);
    if (b.count > limit) throw new ApiError(7001, 'Rate limit exceeded', { limit, remaining: 0, resetAt: reset });
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string, headers: Record<string, string>): Promise<void> {
    const raw = await readBody(req);
    let body: unknown = null;
    if (raw.length) body = JSON.parse(raw.toString('utf8'));
    if (path === '/__admin/faults' && req.method === 'POST') {
      const f = (body ?? {}) as VflowFaults;
      faults = { ...f };
      return sendJson(res, 200, { code: 0, message: 'success', data: { faults } }, headers);
    }
    if (path === '/__admin/faults' && req.method === 'GET') return sendJson(res, 200, { code: 0, message: 'success', data: { faults } }, headers);
    if (path === '/__admin/reset' && req.method === 'POST') {
      state.reset();
      buckets.clear();
      faults = {};
      return sendJson(res, 200, { code: 0, message: 'success', data: null }, headers);
    }
    if (path === '/__admin/expire-tokens' && req.method === 'POST') {
      state.expireTokens();
      return sendJson(res, 200, { code: 0, message: 'success', data: null }, headers);
    }
    if (path === '/__admin/rate-limits' && req.method === 'POST') {
      const r = body as Partial<RateLimitConfig> | false;
      limits = r === false ? false : { ...DEFAULT_LIMITS, ...(r ?? {}) };
      buckets.clear();
      return sendJson(res, 200, { code: 0, message: 'success', data: { rateLimits: limits } }, headers);
    }
    return sendJson(res, 404, { code: 404, message: 'Unknown admin endpoint', data: null }, headers);
  }

  const sockets = new Set<Socket>();

  function shouldCut(method: string, path: string): boolean {
    const on = toRegex(faults.cutResponseOn);
    if (!on?.test(path)) return false;
    if (faults.cutResponseMethod && faults.cutResponseMethod.toUpperCase() !== method.toUpperCase()) return false;
    if (faults.cutResponseTimes !== undefined) {
      if (faults.cutResponseTimes <= 0) return false;
      faults.cutResponseTimes--;
    }
    return true;
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, e instanceof ApiError ? e : new ApiError(9001, 'Internal server error', { error: String(e) }), corsHeaders(req));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const headers = corsHeaders(req);
    if (options.verbose) process.stderr.write(`${req.method ?? '?'} ${path}\n`);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    if (path.startsWith('/__admin/')) {
      try {
        await handleAdmin(req, res, path, headers);
      } catch (e) {
        sendJson(res, 400, { code: 1002, message: `Bad admin request: ${String(e)}`, data: null }, headers);
      }
      return;
    }
    if (!path.startsWith('/api/v1/')) {
      sendJson(res, 404, { code: 404, message: 'Endpoint not found', data: null }, headers);
      return;
    }
    const sub = path.slice('/api/v1'.length);
    try {
      // Faults first: they stand for a broken network or device, whatever the request.
      const drop = toRegex(faults.dropConnectionOn);
      if (drop?.test(path)) {
        req.socket.destroy();
        return;
      }
      if (faults.slowMs && faults.slowMs > 0) await new Promise((r) => setTimeout(r, faults.slowMs));
      const methodHit = !faults.faultMethod || faults.faultMethod.toUpperCase() === (req.method ?? 'GET').toUpperCase();
      const on500 = toRegex(faults.status500On);
      const rate500 = faults.status500Rate ?? (on500 ? 1 : 0);
      if (methodHit && rate500 > 0 && (!on500 || on500.test(path)) && Math.random() < rate500) throw new ApiError(9001, 'Internal server error', { injected: true });
      const on503 = toRegex(faults.status503On);
      const rate503 = faults.status503Rate ?? (on503 ? 1 : 0);
      if (methodHit && rate503 > 0 && (!on503 || on503.test(path)) && Math.random() < rate503) throw new ApiError(9002, 'Service unavailable', { injected: true });
      const forbidden = toRegex(faults.forbiddenOn);
      if (forbidden?.test(path)) throw new ApiError(6003, 'Insufficient permissions', { injected: true });
      const malformed = toRegex(faults.malformedOn);
      if (malformed?.test(path)) {
        if (faults.malformedKind === 'wrong-shape') {
          sendJson(res, 200, { code: 0, message: 'success', data: { workflows: 'not-a-list', id: 42, steps: { broken: true }, token: 7, folders: null, status: 12, modules: 3, categories: false } }, headers);
        } else {
          const text = '{"code":0,"message":"success","data":{"trunc';
          res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
          res.end(text);
        }
        return;
      }

      const candidates = routes.filter((r) => r.pattern.test(sub));
      const r = candidates.find((x) => x.method === req.method);
      if (!r) {
        if (candidates.length) throw new ApiError(405, `Method ${req.method ?? ''} not allowed`, undefined, 405);
        throw new ApiError(404, 'Endpoint not found', { path }, 404);
      }
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      rateLimit(r.category, bearer ?? req.socket.remoteAddress ?? 'unknown', headers);
      if (r.auth) state.authenticate(req.headers.authorization);
      let rawCache: Promise<Buffer> | undefined;
      const raw = (): Promise<Buffer> => (rawCache ??= readBody(req));
      const ctx: Ctx = {
        req,
        params: (r.pattern.exec(sub) ?? []).slice(1),
        query: url.searchParams,
        raw,
        body: async () => {
          const buf = await raw();
          if (buf.length === 0) return null;
          try {
            return JSON.parse(buf.toString('utf8')) as unknown;
          } catch {
            throw new ApiError(1002, 'Invalid request parameters', { reason: 'body is not valid JSON' });
          }
        },
      };
      const reply = await r.handler(ctx);
      if (reply.kind === 'binary') {
        res.writeHead(reply.status ?? 200, {
          ...headers,
          'Content-Type': reply.contentType,
          'Content-Disposition': `attachment; filename="${reply.filename.replace(/"/g, '')}"`,
          'Content-Length': String(reply.data.byteLength),
        });
        res.end(Buffer.from(reply.data));
        return;
      }
      const envelope = { code: 0, message: reply.message ?? 'success', data: reply.data ?? null };
      if (shouldCut(req.method ?? 'GET', path)) {
        const text = JSON.stringify(envelope);
        res.writeHead(reply.status ?? 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
        res.write(text.slice(0, Math.floor(text.length / 2)), () => res.destroy());
        return;
      }
      sendJson(res, reply.status ?? 200, envelope, headers);
    } catch (e) {
      // Drain the body so the client sees the answer rather than a reset.
      req.resume();
      if (e instanceof ApiError) sendError(res, e, headers);
      else sendError(res, new ApiError(9001, 'Internal server error', { error: e instanceof Error ? e.message : String(e) }), headers);
    }
  }

  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    apiUrl: `${url}/api/v1`,
    port,
    state,
    setFaults(f) {
      faults = { ...f };
    },
    faults: () => ({ ...faults }),
    setRateLimits(r) {
      limits = r === false ? false : { ...DEFAULT_LIMITS, ...r };
      buckets.clear();
    },
    close() {
      state.dispose();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
