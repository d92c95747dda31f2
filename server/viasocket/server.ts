/**
 * A protocol-faithful viaSocket Flow API test server (seed 000): the management host (flow-api.viasocket.com)
 * and the run host (flow.sokt.io) as two `node:http` listeners over one in-memory store. Auth by the
 * `proxy_auth_token` header; `{"success": true, "data": …}` envelopes; publish answers 201
 * "Flow published successfully", revert needs a JSON body (else 411); the routes the seed found missing answer
 * 404 "Route does not exist". Fault injection via `setFaults` or `POST /__admin/faults`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ACTIONS, AUTHS, PLUGINS, authConfigOf } from './catalog';
import { execute } from './executor';
import { ApiError, ORG, Store, type ScriptRecord, type ViasocketFixtures } from './store';

export interface ViasocketFaults {
  /** Path regex (method + space + path, e.g. `PUT /scripts/`): answer 500. */
  status500On?: string;
  /** Let this many matching requests through before failing (half-failed saves). Default 0. */
  status500After?: number;
  /** Fail at most this many matching requests (default: all). */
  status500Times?: number;
  /** Delay before every API answer, ms. */
  slowMs?: number;
  /** Path regex: the response is cut off half-way (headers and part of the body, then the socket closes). */
  cutOn?: string;
  /** How many answers `cutOn` cuts before it stops (default every one). */
  cutTimes?: number;
  /** Path regex (method + space + path): answer 503, as a gateway in front of the API does while it restarts. */
  status503On?: string;
  /** Every token counts as expired (401 "Token expired"). */
  expireToken?: boolean;
  /** Runs fail at the step in the middle. */
  failExecutionMidway?: boolean;
}

export interface ViasocketServerOptions {
  port?: number;
  runPort?: number;
  host?: string;
  /** The accepted `proxy_auth_token` (default `TEST_TOKEN`). */
  token?: string;
  /** Unix seconds when the token expires (the `expire_at` cookie); default in 30 days. */
  tokenExpireAt?: number;
  fixtures?: ViasocketFixtures;
  faults?: ViasocketFaults;
  elseSuffix?: string;
  stepTimeoutMs?: number;
  delayScale?: number;
}

export interface ViasocketServer {
  /** Management host base URL. */
  url: string;
  /** Run host base URL. */
  runUrl: string;
  token: string;
  store: Store;
  setFaults(f: ViasocketFaults): void;
  close(): Promise<void>;
}

export const TEST_TOKEN = 'dGVzdC1wcm94eS1hdXRoLXRva2Vu';

interface Ctx {
  method: string;
  path: string;
  params: string[];
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
  body(): Record<string, unknown>;
}

type Reply = { status?: number; body: unknown };
type Handler = (ctx: Ctx) => Promise<Reply> | Reply;

const ok = (data: unknown, status = 200): Reply => ({ status, body: { success: true, data } });

export async function startViasocketServer(options: ViasocketServerOptions = {}): Promise<ViasocketServer> {
  const elseSuffix = options.elseSuffix ?? '_else';
  let store = new Store({ elseSuffix }, options.fixtures);
  let faults: ViasocketFaults = { ...(options.faults ?? {}) };
  let matched500 = 0;
  let failed500 = 0;
  const token = options.token ?? TEST_TOKEN;
  const expireAt = options.tokenExpireAt ?? Math.floor(Date.now() / 1000) + 30 * 86_400;
  const host = options.host ?? '127.0.0.1';

  const mgmt: Array<{ method: string; re: RegExp; handler: Handler }> = [];
  const run: typeof mgmt = [];
  const route = (table: typeof mgmt, method: string, path: string, handler: Handler) =>
    table.push({ method, re: new RegExp(`^${path.replace(/\{[^}]+\}/g, '([^/]+)')}$`), handler });
  const m = (method: string, path: string, h: Handler) => route(mgmt, method, path, h);
  const p = (ctx: Ctx, i: number) => decodeURIComponent(ctx.params[i] ?? '');
  const org = (ctx: Ctx, i: number) => {
    if (p(ctx, i) !== String(ORG.id)) throw new ApiError(403, 'You do not have access to this organization');
  };

  // 一、Organization / Project
  m('GET', '/orgs/user-org/details', () => ok({ id: ORG.id, name: ORG.name, user_id: ORG.userId, expire_at: expireAt }));
  m('GET', '/orgs/{orgId}/projects', (ctx) => {
    org(ctx, 0);
    const bring = ctx.query.get('bringflows') === 'true';
    const projects = [...store.projects.values()].map((pr) => {
      const row: Record<string, unknown> = { id: pr.id, title: pr.title, org_id: pr.org_id, created_at: pr.created_at };
      if (bring) row.flows = [...store.scripts.values()].filter((s) => s.project_id === pr.id && s.status !== 0).map((s) => store.listItem(s));
      return row;
    });
    return ok(projects);
  });
  m('GET', '/authtoken/org/{orgId}/auth', (ctx) => {
    org(ctx, 0);
    return ok(AUTHS.map((a) => ({ id: a.id, pluginrecordid: a.pluginId, authversion: a.authVersion, name: a.name })));
  });

  // 二、Scripts
  m('POST', '/projects/{projectId}/scripts', (ctx) => ok(store.full(store.createScript(p(ctx, 0), ctx.body()))));
  m('GET', '/projects/{projectId}/scripts', (ctx) => {
    store.project(p(ctx, 0));
    return ok([...store.scripts.values()].filter((s) => s.project_id === p(ctx, 0) && s.status !== 0).map((s) => store.listItem(s)));
  });
  m('GET', '/projects/{projectId}/scripts/{scriptId}', (ctx) => ok(store.full(store.script(p(ctx, 1), p(ctx, 0)))));
  m('PUT', '/projects/{projectId}/scripts/{scriptId}', (ctx) => {
    const s = store.script(p(ctx, 1), p(ctx, 0));
    store.updateScript(s, ctx.body());
    return ok(store.full(s));
  });
  m('PUT', '/scripts/{scriptId}/status', (ctx) => {
    const s = store.script(p(ctx, 0));
    const status = Number(ctx.body().status);
    if (![0, 1, 3].includes(status)) throw new ApiError(400, '"status" must be one of [0, 1, 3]');
    // Deleting (0) is only allowed from paused (3), the order the seed found: pause, then delete.
    if (status === 0 && s.status !== 3) throw new ApiError(400, 'Pause the flow before deleting it');
    s.status = status;
    store.touch(s);
    return ok(store.listItem(s));
  });
  m('PUT', '/projects/{projectId}/scripts/{scriptId}/publish', (ctx) => {
    store.publish(store.script(p(ctx, 1), p(ctx, 0)));
    return { status: 201, body: 'Flow published successfully' };
  });
  m('PUT', '/projects/{projectId}/scripts/{scriptId}/revert', (ctx) => {
    const s = store.script(p(ctx, 1), p(ctx, 0));
    if (ctx.rawBody.trim() === '') return { status: 411, body: 'Length Required' };
    ctx.body();
    store.revert(s);
    return ok('successfully reverted the Flow');
  });
  m('POST', '/projects/{projectId}/scripts/{scriptId}/duplicate', (ctx) => ok(store.full(store.duplicate(store.script(p(ctx, 1), p(ctx, 0))))));
  m('POST', '/projects/{projectId}/scripts/{scriptId}/move', (ctx) => {
    const s = store.script(p(ctx, 1), p(ctx, 0));
    const target = ctx.body().projectId;
    if (typeof target !== 'string') throw new ApiError(400, '"projectId" is required');
    store.project(target);
    s.project_id = target;
    store.touch(s);
    return ok(store.full(s));
  });
  m('DELETE', '/projects/{projectId}/scripts/{scriptId}', (ctx) => {
    const s = store.script(p(ctx, 1), p(ctx, 0));
    s.status = 0;
    store.touch(s);
    return ok({ id: s.id, deleted: true });
  });

  // 三、Steps
  m('POST', '/scripts/{projectId}/{scriptId}/stepv2', (ctx) => {
    const s = store.script(p(ctx, 1), p(ctx, 0));
    return ok(store.createStep(s, ctx.body()));
  });
  m('PUT', '/scripts/{scriptId}/stepv2/{stepTitle}', (ctx) => ok(store.updateStep(store.script(p(ctx, 0)), p(ctx, 1), ctx.body())));
  m('DELETE', '/scripts/{scriptId}/stepv2/{stepTitle}', (ctx) => {
    store.deleteStep(store.script(p(ctx, 0)), p(ctx, 1));
    return ok({ deleted: p(ctx, 1) });
  });
  m('GET', '/scripts/{scriptId}/functions/', (ctx) => ok(structuredClone(store.script(p(ctx, 0)).functions)));
  m('GET', '/scripts/{scriptId}/functions/{functionId}', (ctx) => {
    const id = p(ctx, 1);
    if (id.length < 12) throw new ApiError(400, '"identifier" length must be at least 12 characters long');
    const fn = store.script(p(ctx, 0)).functions.find((f) => f.id === id);
    if (!fn) throw new ApiError(404, `Function ${id} not found`);
    return ok(structuredClone(fn));
  });

  // 四、Plugin auth
  m('GET', '/authtoken/orgid/{orgId}/projectid/{projectId}/scriptid/{scriptId}/serviceid/{pluginId}/version/{authVersion}', (ctx) => {
    org(ctx, 0);
    store.script(p(ctx, 2), p(ctx, 1));
    const auth = AUTHS.find((a) => a.pluginId === p(ctx, 3) && a.authVersion === p(ctx, 4));
    return ok(auth ? { authId: auth.id, pluginId: auth.pluginId, authVersion: auth.authVersion, name: auth.name } : null);
  });
  m('GET', '/dbdash/getpluginbyplugid/auth', (ctx) => {
    const config = authConfigOf(ctx.query.get('pluginrecordid') ?? '', ctx.query.get('rowid') ?? '');
    if (!config) throw new ApiError(404, 'Auth configuration not found');
    return ok(ctx.query.get('addRandomId') === 'true' ? { ...config, randomId: Math.random().toString(36).slice(2, 10) } : config);
  });
  m('GET', '/authtoken/authvalid/{authAndPlugin}', (ctx) => {
    const [authId, pluginId] = p(ctx, 0).split('_');
    const auth = AUTHS.find((a) => a.id === authId && a.pluginId === pluginId);
    if (!auth) throw new ApiError(404, `Auth ${p(ctx, 0)} not found`);
    return ok(auth.valid ? { valid: true } : { valid: false, reason: auth.reason });
  });

  // 五、DbDash
  m('GET', '/dbdash/getplugin', (ctx) => {
    let list = PLUGINS;
    const fields = ctx.query.getAll('fields[]');
    const query = ctx.query.get('query');
    // The seed: without fields[] the query filter does not apply.
    if (query && fields.length > 0) list = list.filter((pl) => pl.name.toLowerCase().includes(query.toLowerCase()) || pl.domain.includes(query.toLowerCase()));
    if (ctx.query.get('categoryFilter') === 'isbuiltinplugin=true') list = list.filter((pl) => pl.isbuiltinplugin);
    const filter = ctx.query.get('pluginFilter');
    if (filter) {
      try {
        const ids = JSON.parse(filter) as Array<string | null>;
        if (!ids.includes(null)) list = list.filter((pl) => ids.includes(pl.rowid));
      } catch {
        throw new ApiError(400, '"pluginFilter" must be a JSON array');
      }
    }
    const pick = (pl: (typeof PLUGINS)[number]) => (fields.length === 0 ? pl : Object.fromEntries(fields.filter((f) => f in pl).map((f) => [f, pl[f as keyof typeof pl]])));
    return ok(list.map(pick));
  });
  m('GET', '/dbdash/getpluginbyplugid/action', (ctx) => {
    const rowid = ctx.query.get('rowid');
    let list = ACTIONS;
    if (rowid) list = list.filter((a) => rowid.split(',').includes(a.rowid));
    const plugin = ctx.query.get('pluginrecordid');
    if (plugin) list = list.filter((a) => a.pluginrecordid === plugin);
    const types = ctx.query.get('type');
    if (types) list = list.filter((a) => types.split(',').includes(a.type));
    const status = ctx.query.get('status');
    if (status) list = list.filter((a) => a.status === status);
    const fields = ctx.query.get('fields');
    return ok(fields ? list.map((a) => Object.fromEntries(fields.split(',').filter((f) => f in a).map((f) => [f, a[f as keyof typeof a]]))) : list);
  });
  m('GET', '/dbdash/getpluginsWithEvents', () => ok(PLUGINS.map((pl) => ({ ...pl, events: ACTIONS.filter((a) => a.pluginrecordid === pl.rowid).map((a) => a.rowid) }))));

  // 七、Logs
  m('GET', '/logs/projectid/{projectId}/scriptid/{scriptId}', (ctx) => {
    const s = store.script(p(ctx, 1), p(ctx, 0));
    const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
    const limit = Math.min(100, Math.max(1, Number(ctx.query.get('limit') ?? 40) || 40));
    const key = (ctx.query.get('key') ?? '').toLowerCase();
    let logs = store.logs.filter((l) => l.script_id === s.id).reverse();
    if (key) logs = logs.filter((l) => JSON.stringify(l).toLowerCase().includes(key));
    const data = logs.slice((page - 1) * limit, page * limit);
    return ok(ctx.query.get('getCount') === 'true' ? { data, total: logs.length } : { data });
  });
  m('GET', '/rtlayer/token', () => ok({ token: Buffer.from(JSON.stringify({ orgId: ORG.id, uid: ORG.userId })).toString('base64url') }));

  // 六、Run host
  const runScript = async (ctx: Ctx, id: string, dry: boolean): Promise<Reply> => {
    const s = store.script(id);
    let definition: Pick<ScriptRecord, 'json_script' | 'used_variables' | 'functions'> = s;
    if (!dry) {
      if (!s.execution_script) throw new ApiError(404, 'Flow is not published');
      if (s.status !== 1) throw new ApiError(400, 'Flow is paused');
      definition = s.execution_script;
    }
    let body: unknown = {};
    if (ctx.rawBody.trim() !== '') body = ctx.body();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.headers)) if (typeof v === 'string' && k !== 'proxy_auth_token' && k !== 'proxy-auth-token') headers[k] = v;
    const log = await execute(definition, s, { body, query: Object.fromEntries(ctx.query), headers }, dry, {
      stepTimeoutMs: options.stepTimeoutMs ?? 2000,
      delayScale: options.delayScale ?? 1,
      elseSuffix,
      failMidway: faults.failExecutionMidway,
    }, () => store.now());
    store.logs.push(log);
    return ok(structuredClone(log));
  };
  route(run, 'POST', '/func/{scriptId}/test', (ctx) => runScript(ctx, p(ctx, 0), true));
  route(run, 'GET', '/func/{scriptId}', (ctx) => runScript(ctx, p(ctx, 0), false));
  route(run, 'POST', '/func/{scriptId}', (ctx) => runScript(ctx, p(ctx, 0), false));
  route(run, 'POST', '/scripts/{scriptId}/functions/test', (ctx) => runScript(ctx, p(ctx, 0), false));

  const sockets = new Set<Socket>();
  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const cors = (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS');
    res.setHeader('access-control-allow-headers', 'content-type, proxy_auth_token, proxy-auth-token');
    res.setHeader('access-control-max-age', '600');
  };

  const handle = (table: typeof mgmt) => async (req: IncomingMessage, res: ServerResponse) => {
    cors(req, res);
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return res.writeHead(204).end();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    if (url.pathname.startsWith('/__admin/')) {
      if (method === 'POST' && url.pathname === '/__admin/faults') {
        faults = rawBody ? (JSON.parse(rawBody) as ViasocketFaults) : {};
        matched500 = failed500 = 0;
        return send(res, 200, { success: true, data: faults });
      }
      if (method === 'POST' && url.pathname === '/__admin/reset') {
        store = new Store({ elseSuffix }, options.fixtures);
        faults = {};
        return send(res, 200, { success: true, data: 'reset' });
      }
      return send(res, 404, { success: false, message: 'Route does not exist' });
    }
    if (faults.slowMs) await new Promise((r) => setTimeout(r, faults.slowMs));
    // Header names arrive lower-cased; the seed writes both `proxy_auth_token` and `Proxy-auth-token`.
    const given = req.headers.proxy_auth_token ?? req.headers['proxy-auth-token'];
    if (given !== token) return send(res, 401, { success: false, message: 'Unauthorized' });
    if (faults.expireToken || expireAt * 1000 <= Date.now()) return send(res, 401, { success: false, message: 'Token expired' });
    const line = `${method} ${url.pathname}`;
    if (faults.status503On && new RegExp(faults.status503On).test(line)) return send(res, 503, { success: false, message: 'Service Unavailable' });
    if (faults.status500On && new RegExp(faults.status500On).test(line)) {
      matched500++;
      if (matched500 > (faults.status500After ?? 0) && failed500 < (faults.status500Times ?? Infinity)) {
        failed500++;
        return send(res, 500, { success: false, message: 'Internal Server Error' });
      }
    }
    const path = url.pathname.length > 1 && !url.pathname.endsWith('/functions/') ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const hit = table.map((r) => ({ r, m: r.method === method ? r.re.exec(path) : null })).find((x) => x.m);
    if (!hit) return send(res, 404, { success: false, message: 'Route does not exist' });
    const ctx: Ctx = {
      method,
      path,
      params: hit.m!.slice(1),
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body() {
        if (rawBody.trim() === '') return {};
        try {
          const v = JSON.parse(rawBody) as unknown;
          if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ApiError(400, 'Request body must be a JSON object');
          return v as Record<string, unknown>;
        } catch (e) {
          if (e instanceof ApiError) throw e;
          throw new ApiError(400, `Unexpected token in JSON body: ${(e as Error).message}`);
        }
      },
    };
    try {
      const reply = await hit.r.handler(ctx);
      if (faults.cutOn && new RegExp(faults.cutOn).test(line) && (faults.cutTimes === undefined || faults.cutTimes-- > 0)) {
        const text = JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        res.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        res.socket?.destroy();
        return;
      }
      send(res, reply.status ?? 200, reply.body);
    } catch (e) {
      if (e instanceof ApiError) return send(res, e.status, { success: false, message: e.message });
      send(res, 500, { success: false, message: e instanceof Error ? e.message : String(e) });
    }
  };

  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      server.once('error', reject);
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });
  const mgmtServer = createServer((req, res) => void handle(mgmt)(req, res));
  const runServer = createServer((req, res) => void handle(run)(req, res));
  const mgmtPort = await listen(mgmtServer, options.port ?? 0);
  const runPort = await listen(runServer, options.runPort ?? 0);
  return {
    url: `http://${host}:${mgmtPort}`,
    runUrl: `http://${host}:${runPort}`,
    token,
    get store() {
      return store;
    },
    setFaults(f) {
      faults = { ...f };
      matched500 = failed500 = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise<void>((r) => mgmtServer.close(() => r())), new Promise<void>((r) => runServer.close(() => r()))]);
    },
  };
}
