/**
 * A protocol-faithful SkillFlaw (Langflow-derived) test server for adapter tests and journeys: `node:http`,
 * in-memory state, FastAPI-style `{"detail": ...}` errors, NDJSON build events, fault injection.
 *
 * Paths, methods and status codes: the seed (003) lost them, so they follow upstream Langflow's routers
 * (`langflow-ai/langflow`, `src/backend/base/langflow/api/v1/*.py`) for what both have; SkillFlaw-only
 * endpoints (versions, online/release flows, templates) use Langflow-style paths. The table with sources is
 * in `src/backends/skillflaw/README.md`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { boundaryOf, parseMultipart } from '../vflow/multipart';
import { allTypes } from './components';
import { BuildGraphError, executeFlow, VertexError, type FlowDataIn } from './executor';
import { HttpError, makeStore, notFound, now, requireUuid, validationError, type FlowRow, type SkillflawStore, type StoreOptions, type User, type VersionRow } from './store';

export interface SkillflawFaults {
  /** Path regex answered `500 Internal Server Error` (plain text, as uvicorn does). */
  status500On?: string;
  /** Path regex answered 429 with `Retry-After: 1`. */
  status429On?: string;
  /** Delay before every API answer, ms. */
  slowMs?: number;
  /** Vertex ids or component types that fail when built. */
  failVertices?: string[];
  /** A streaming events response is cut (socket destroyed) after this many events. */
  cutStreamAfter?: number;
  /** Path regex answered `503 Service Unavailable` (plain text, as a proxy in front of uvicorn does). */
  status503On?: string;
  /**
   * Path regex: the request is handled (a write lands), then the JSON answer is cut half-way through its body
   * (headers with the full Content-Length, half the bytes, socket destroyed).
   */
  cutAfterOn?: string;
  /** How many answers `cutAfterOn` cuts before it stops (default every one). */
  cutAfterTimes?: number;
  /** Only requests with this method get the path faults (500, 503, 429, cut); default any. */
  faultMethod?: string;
}

export interface SkillflawServerOptions extends StoreOptions {
  port?: number;
  host?: string;
  /** `GET /api/v1/auto_login` hands out a superuser token (Langflow's AUTO_LOGIN). Default false. */
  autoLogin?: boolean;
  /** Delay between streamed model tokens, ms (default 5). */
  tokenDelayMs?: number;
  faults?: SkillflawFaults;
  /** Files the File component can read, by path. */
  files?: Record<string, string>;
  verbose?: boolean;
}

export interface SkillflawServer {
  url: string;
  apiUrl: string;
  port: number;
  store: SkillflawStore;
  setFaults(f: SkillflawFaults): void;
  /** Another writer edits the flow: its `updated_at` moves on (for conflict tests). */
  touchFlow(id: string, patch?: Record<string, unknown>): FlowRow;
  /** Every access token issued so far expires now (refresh tokens stay valid). */
  expireAccessTokens(): void;
  /** Successful sign-ins (`/login`) and refreshes (`/refresh`) so far. */
  readonly authCounts: { logins: number; refreshes: number };
  close(): Promise<void>;
}

interface Job {
  id: string;
  flowId: string;
  lines: string[];
  done: boolean;
  controller: AbortController;
  wake: Array<() => void>;
  consumed: boolean;
}

interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  res: ServerResponse;
  user?: User;
  params: string[];
}

type Handler = (r: Req) => Promise<unknown> | unknown;

/** Sent instead of JSON when a handler answers with it. */
class Raw {
  constructor(
    readonly status: number,
    readonly body: Buffer | string,
    readonly contentType: string,
    readonly headers: Record<string, string> = {},
  ) {}
}
class Streamed {}
const STREAMED = new Streamed();

function json(r: Req): Record<string, unknown> {
  if (r.body.length === 0) throw validationError(['body'], 'Field required', 'missing', null);
  try {
    const v = JSON.parse(r.body.toString('utf8')) as unknown;
    return v as Record<string, unknown>;
  } catch (e) {
    throw validationError(['body', 0], `JSON decode error: ${e instanceof Error ? e.message : String(e)}`, 'json_invalid', {});
  }
}

function obj(v: unknown, loc: string[]): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw validationError(loc, 'Input should be a valid dictionary or object to extract fields from', 'model_attributes_type', v);
  return v as Record<string, unknown>;
}

function flowRead(f: FlowRow): Record<string, unknown> {
  return { ...f };
}

function folderRead(p: Record<string, unknown>) {
  return { ...p };
}

function bool(q: URLSearchParams, name: string, dflt: boolean): boolean {
  const v = q.get(name);
  if (v === null) return dflt;
  return v === 'true' || v === '1';
}

export async function startSkillflawServer(opts: SkillflawServerOptions = {}): Promise<SkillflawServer> {
  const store = makeStore(opts);
  for (const [p, c] of Object.entries(opts.files ?? { 'docs/handbook.txt': 'SkillFlaw handbook.\nFlows are graphs of components.\nEvery build streams its events.' })) store.files.set(p, c);
  let faults: SkillflawFaults = { ...opts.faults };
  const authCounts = { logins: 0, refreshes: 0 };
  const jobs = new Map<string, Job>();
  const tokenDelayMs = opts.tokenDelayMs ?? 5;
  const sockets = new Set<Socket>();

  function authenticate(r: Req): User {
    const auth = r.headers.authorization;
    const cookie = /(?:^|;\s*)access_token_lf=([^;]+)/.exec(r.headers.cookie ?? '')?.[1];
    const bearer = auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : cookie;
    const key = (r.headers['x-api-key'] as string | undefined) ?? r.query.get('x-api-key') ?? undefined;
    if (bearer) {
      const t = store.accessTokens.get(bearer);
      if (!t || t.expires < Date.now()) throw new HttpError(401, 'Could not validate credentials', { 'www-authenticate': 'Bearer' });
      const u = store.users.get(t.userId);
      if (!u || !u.is_active) throw new HttpError(401, 'Could not validate credentials', { 'www-authenticate': 'Bearer' });
      return u;
    }
    if (key) {
      const row = store.apiKeys.get(key);
      if (!row || !row.is_active) throw new HttpError(403, 'Invalid or missing API key');
      row.total_uses++;
      row.last_used_at = new Date().toISOString();
      return store.users.get(row.user_id)!;
    }
    throw new HttpError(403, 'Not authenticated');
  }

  function push(job: Job, event: string, data: unknown): void {
    job.lines.push(JSON.stringify({ event, data }) + '\n\n');
    for (const w of job.wake.splice(0)) w();
  }

  function startJob(user: User, flow: FlowRow, r: Req, body: Record<string, unknown>): Job {
    const job: Job = { id: randomUUID(), flowId: flow.id, lines: [], done: false, controller: new AbortController(), wake: [], consumed: false };
    jobs.set(job.id, job);
    const data = (body.data && typeof body.data === 'object' ? body.data : flow.data ?? {}) as FlowDataIn;
    const inputs = (body.inputs && typeof body.inputs === 'object' ? body.inputs : {}) as { input_value?: string; session?: string };
    const logBuilds = bool(r.query, 'log_builds', true);
    const cached = store.lastResults.get(flow.id) ?? new Map();
    const started = Date.now();
    void (async () => {
      try {
        await executeFlow({
          flowId: flow.id,
          data,
          inputs,
          startComponentId: r.query.get('start_component_id') ?? undefined,
          stopComponentId: r.query.get('stop_component_id') ?? undefined,
          emit: async (event, d) => push(job, event, d),
          signal: job.controller.signal,
          tokenDelayMs,
          failVertices: new Set(faults.failVertices ?? []),
          messages: store.messages,
          files: store.files,
          cached,
          onVertexBuilt: (record, outputs) => {
            cached.set(record.id, outputs);
            if (!logBuilds) return;
            const byVertex = store.vertexBuilds.get(flow.id) ?? new Map();
            byVertex.set(record.id, [...(byVertex.get(record.id) ?? []), record]);
            store.vertexBuilds.set(flow.id, byVertex);
          },
        });
        store.lastResults.set(flow.id, cached);
        push(job, 'end', { build_duration: (Date.now() - started) / 1000 });
      } catch (e) {
        if (job.controller.signal.aborted) {
          // Cancelled: Langflow ends the stream without an `end` event.
        } else {
          const vertex = e instanceof VertexError ? e.vertex : undefined;
          const reason = e instanceof Error ? e.message : String(e);
          push(job, 'error', {
            text: reason,
            sender: 'Machine',
            sender_name: 'AI',
            session_id: inputs.session ?? flow.id,
            error: true,
            category: 'error',
            properties: { source: vertex ? { id: vertex.id, display_name: vertex.displayName, source: vertex.type } : { id: null, display_name: null, source: null }, text_color: 'red', background_color: 'red', icon: 'error' },
            content_blocks: [
              {
                title: 'Error',
                contents: [{ type: 'error', component: vertex?.displayName ?? null, field: null, reason, solution: null, traceback: null }],
                allow_markdown: true,
                media_url: null,
              },
            ],
          });
          if (!(e instanceof BuildGraphError) && !(e instanceof VertexError)) console.error('[skillflaw] build failed', e);
        }
      } finally {
        job.done = true;
        for (const w of job.wake.splice(0)) w();
      }
    })();
    return job;
  }

  function waitFor(job: Job): Promise<void> {
    return new Promise((resolve) => job.wake.push(resolve));
  }

  async function streamJob(job: Job, r: Req): Promise<Streamed> {
    const res = r.res;
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-cache', ...cors(r) });
    job.consumed = true;
    let sent = 0;
    let i = 0;
    res.on('close', () => {
      // A client that goes away cancels the build (Langflow's DisconnectHandlerStreamingResponse).
      if (!job.done) job.controller.abort(new Error('client disconnected'));
    });
    for (;;) {
      while (i < job.lines.length) {
        if (faults.cutStreamAfter !== undefined && sent >= faults.cutStreamAfter) {
          res.socket?.destroy();
          return STREAMED;
        }
        res.write(job.lines[i++]);
        sent++;
      }
      if (job.done) break;
      await waitFor(job);
    }
    jobs.delete(job.id);
    res.end();
    return STREAMED;
  }

  async function pollJob(job: Job): Promise<Raw> {
    if (job.lines.length === 0 && !job.done) await Promise.race([waitFor(job), new Promise((r) => setTimeout(r, 10_000))]);
    const out = job.lines.splice(0);
    if (job.done && job.lines.length === 0) jobs.delete(job.id);
    return new Raw(200, out.map((l) => l.trimEnd()).join('\n'), 'application/x-ndjson');
  }

  function jobOf(id: string): Job {
    const job = jobs.get(id);
    if (!job) throw new HttpError(404, `Job not found: Job ${id} not found`);
    return job;
  }

  function versionRead(v: VersionRow) {
    return { ...v };
  }

  function zipFlows(rows: FlowRow[]): Buffer {
    const files: Record<string, Uint8Array> = {};
    const used = new Set<string>();
    for (const f of rows) {
      let name = `${f.name}.json`;
      for (let i = 1; used.has(name); i++) name = `${f.name} (${i}).json`;
      used.add(name);
      files[name] = strToU8(JSON.stringify(flowRead(f)));
    }
    return Buffer.from(zipSync(files));
  }

  function flowsFromUpload(r: Req): Array<Record<string, unknown>> {
    const boundary = boundaryOf(r.headers['content-type']);
    if (!boundary) throw validationError(['body', 'file'], 'Field required', 'missing', null);
    const part = parseMultipart(r.body, boundary).find((p) => p.name === 'file');
    if (!part) throw validationError(['body', 'file'], 'Field required', 'missing', null);
    const docs: unknown[] = [];
    const isZip = part.data[0] === 0x50 && part.data[1] === 0x4b;
    try {
      if (isZip) {
        for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(part.data)))) if (name.endsWith('.json')) docs.push(JSON.parse(strFromU8(bytes)));
      } else {
        const doc = JSON.parse(part.data.toString('utf8')) as unknown;
        if (doc && typeof doc === 'object' && Array.isArray((doc as { flows?: unknown }).flows)) docs.push(...(doc as { flows: unknown[] }).flows);
        else docs.push(doc);
      }
    } catch (e) {
      throw new HttpError(400, `Error reading file: ${e instanceof Error ? e.message : String(e)}`);
    }
    return docs.map((d, i) => obj(d, ['body', 'file', String(i)]));
  }

  function upsertUploaded(user: User, docs: Array<Record<string, unknown>>, projectId: string | undefined): FlowRow[] {
    return docs.map((d) => {
      const body = { ...d, ...(projectId ? { project_id: projectId } : {}) };
      if (typeof body.project_id === 'string' && !store.projects.has(body.project_id)) delete body.project_id;
      const existing = typeof d.id === 'string' ? store.flows.get(d.id) : undefined;
      if (existing && existing.user_id === user.id) {
        return store.updateFlow(user.id, existing.id, { ...body, last_known_updated_at: undefined });
      }
      return store.createFlow(user.id, body, { keepId: typeof d.id === 'string' && !store.flows.has(d.id) });
    });
  }

  const routes: Array<[string, RegExp, Handler, { public?: boolean }?]> = [
    // login.py
    [
      'POST',
      /^\/login$/,
      (r) => {
        const form = new URLSearchParams(r.body.toString('utf8'));
        const username = form.get('username');
        const password = form.get('password');
        if (username === null || password === null) throw validationError(['body', username === null ? 'username' : 'password'], 'Field required', 'missing', null);
        const u = store.userByName(username);
        if (!u || u.password !== password) throw new HttpError(401, 'Incorrect username or password', { 'www-authenticate': 'Bearer' });
        if (!u.is_active) throw new HttpError(401, 'Inactive user');
        u.last_login_at = new Date().toISOString();
        authCounts.logins++;
        const tokens = store.issueTokens(u.id);
        r.res.setHeader('set-cookie', [`access_token_lf=${tokens.access_token}; HttpOnly; Path=/; SameSite=lax`, `refresh_token_lf=${tokens.refresh_token}; HttpOnly; Path=/; SameSite=lax`]);
        return tokens;
      },
      { public: true },
    ],
    [
      'GET',
      /^\/auto_login$/,
      () => {
        if (!opts.autoLogin) throw new HttpError(400, { message: 'Auto login is disabled. Please enable it in the settings', auto_login: false });
        const u = [...store.users.values()].find((x) => x.is_superuser)!;
        return { ...store.issueTokens(u.id), refresh_token: null };
      },
      { public: true },
    ],
    [
      'POST',
      /^\/refresh$/,
      (r) => {
        const token = /(?:^|;\s*)refresh_token_lf=([^;]+)/.exec(r.headers.cookie ?? '')?.[1];
        const userId = token ? store.refreshTokens.get(token) : undefined;
        if (!token || !userId) throw new HttpError(401, 'Invalid refresh token', { 'www-authenticate': 'Bearer' });
        store.refreshTokens.delete(token);
        authCounts.refreshes++;
        const tokens = store.issueTokens(userId);
        r.res.setHeader('set-cookie', [`access_token_lf=${tokens.access_token}; HttpOnly; Path=/; SameSite=lax`, `refresh_token_lf=${tokens.refresh_token}; HttpOnly; Path=/; SameSite=lax`]);
        return tokens;
      },
      { public: true },
    ],
    ['POST', /^\/logout$/, () => ({ message: 'Logout successful' })],
    ['GET', /^\/users\/whoami$/, (r) => store.userRead(r.user!)],
    // api_key.py
    ['GET', /^\/api_key\/$/, (r) => {
      const keys = [...store.apiKeys.values()].filter((k) => k.user_id === r.user!.id).map((k) => ({ ...k, api_key: `${k.api_key.slice(0, 8)}${'*'.repeat(8)}` }));
      return { total_count: keys.length, user_id: r.user!.id, api_keys: keys };
    }],
    ['POST', /^\/api_key\/$/, (r) => {
      const body = obj(json(r), ['body']);
      return new Raw(201, JSON.stringify(store.createApiKey(r.user!.id, typeof body.name === 'string' ? body.name : 'api key')), 'application/json');
    }],
    ['DELETE', /^\/api_key\/([^/]+)$/, (r) => {
      const row = [...store.apiKeys.values()].find((k) => k.id === r.params[0] && k.user_id === r.user!.id);
      if (!row) throw notFound('API Key');
      store.apiKeys.delete(row.api_key);
      return { detail: 'API Key deleted' };
    }],
    // endpoints.py
    ['GET', /^\/version$/, () => ({ version: '0.1.0', main_version: '0.1', package: 'SkillFlaw' }), { public: true }],
    ['GET', /^\/config$/, () => ({ feature_flags: {}, frontend_timeout: 0, auto_saving: true, auto_saving_interval: 1000, health_check_max_retries: 5, max_file_size_upload: 100, event_delivery: 'streaming', webhook_polling_interval: 5000 })],
    ['GET', /^\/all$/, () => allTypes()],
    ['GET', /^\/starter-projects\/$/, () => []],
    // flows.py
    ['POST', /^\/flows\/$/, (r) => new Raw(201, JSON.stringify(flowRead(store.createFlow(r.user!.id, obj(json(r), ['body'])))), 'application/json')],
    ['GET', /^\/flows\/$/, (r) => {
      const q = r.query;
      const keyword = q.get('keyword')?.toLowerCase();
      let rows = [...store.flows.values()].filter((f) => f.user_id === r.user!.id);
      if (bool(q, 'components_only', false)) rows = rows.filter((f) => f.is_component === true);
      if (bool(q, 'exclude_deleted', false)) rows = rows.filter((f) => f.is_deleted !== true);
      if (keyword) rows = rows.filter((f) => f.name.toLowerCase().includes(keyword) || f.description.toLowerCase().includes(keyword));
      const sortBy = q.get('sort_by') ?? 'updated_at';
      const dir = q.get('sort_order') === 'asc' ? 1 : -1;
      rows.sort((a, b) => (String(a[sortBy] ?? '') < String(b[sortBy] ?? '') ? -dir : String(a[sortBy] ?? '') > String(b[sortBy] ?? '') ? dir : 0));
      const header = (f: FlowRow) => ({ id: f.id, name: f.name, project_id: f.project_id, is_component: f.is_component, endpoint_name: f.endpoint_name, description: f.description, data: null, access_type: f.access_type, tags: f.tags, mcp_enabled: f.mcp_enabled, updated_at: f.updated_at });
      if (bool(q, 'get_all', true)) return rows.map((f) => (bool(q, 'header_flows', false) ? header(f) : flowRead(f)));
      const projectId = q.get('project_id') ?? store.defaultProject(r.user!.id).id;
      rows = rows.filter((f) => f.project_id === projectId);
      const page = Math.max(1, Number(q.get('page') ?? 1));
      const size = Math.min(100, Math.max(1, Number(q.get('size') ?? 50)));
      return { items: rows.slice((page - 1) * size, page * size).map(flowRead), total: rows.length, page, size, pages: Math.ceil(rows.length / size) };
    }],
    ['DELETE', /^\/flows\/$/, (r) => {
      const ids = json(r) as unknown;
      if (!Array.isArray(ids)) throw validationError(['body'], 'Input should be a valid list', 'list_type', ids);
      let deleted = 0;
      for (const id of ids) {
        const f = store.flows.get(String(id));
        if (f && f.user_id === r.user!.id) {
          store.deleteFlow(r.user!.id, f.id);
          deleted++;
        }
      }
      return { deleted };
    }],
    ['POST', /^\/flows\/batch\/$/, (r) => {
      const body = obj(json(r), ['body']);
      if (!Array.isArray(body.flows)) throw validationError(['body', 'flows'], 'Field required', 'missing', body);
      const rows = (body.flows as unknown[]).map((f, i) => store.createFlow(r.user!.id, obj(f, ['body', 'flows', String(i)])));
      return new Raw(201, JSON.stringify(rows.map(flowRead)), 'application/json');
    }],
    ['POST', /^\/flows\/upload\/$/, (r) => {
      const projectId = r.query.get('project_id') ?? r.query.get('folder_id') ?? undefined;
      if (projectId) store.projectOf(r.user!.id, projectId);
      const rows = upsertUploaded(r.user!, flowsFromUpload(r), projectId);
      return new Raw(201, JSON.stringify(rows.map(flowRead)), 'application/json');
    }],
    ['POST', /^\/flows\/download\/$/, (r) => {
      const ids = json(r) as unknown;
      if (!Array.isArray(ids)) throw validationError(['body'], 'Input should be a valid list', 'list_type', ids);
      const rows = ids.map((id) => store.flowOf(r.user!.id, String(id)));
      if (rows.length === 1) return flowRead(rows[0]!);
      const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
      return new Raw(200, zipFlows(rows), 'application/x-zip-compressed', { 'content-disposition': `attachment; filename=${stamp}_skillflaw_flows.zip` });
    }],
    ['GET', /^\/flows\/basic_examples\/$/, () => []],
    ['GET', /^\/flows\/templates\/([^/]+)$/, () => {
      throw notFound('Flow template');
    }],
    ['GET', /^\/flows\/([^/]+)$/, (r) => flowRead(store.flowOf(r.user!.id, requireUuid(r.params[0]!, ['path', 'flow_id'])))],
    ['PATCH', /^\/flows\/([^/]+)$/, (r) => flowRead(store.updateFlow(r.user!.id, requireUuid(r.params[0]!, ['path', 'flow_id']), obj(json(r), ['body'])))],
    ['DELETE', /^\/flows\/([^/]+)$/, (r) => {
      store.deleteFlow(r.user!.id, requireUuid(r.params[0]!, ['path', 'flow_id']));
      return { message: 'Flow deleted successfully' };
    }],
    // SkillFlaw-only: versions, online and release flows
    ['GET', /^\/flows\/([^/]+)\/versions$/, (r) => {
      const id = requireUuid(r.params[0]!, ['path', 'flow_id']);
      store.flowOf(r.user!.id, id);
      return [...(store.versions.get(id) ?? [])].reverse().map(versionRead);
    }],
    ['POST', /^\/flows\/([^/]+)\/versions$/, (r) => new Raw(201, JSON.stringify(versionRead(store.createVersion(r.user!.id, requireUuid(r.params[0]!, ['path', 'flow_id']), obj(json(r), ['body'])))), 'application/json')],
    ['POST', /^\/flows\/([^/]+)\/versions\/([^/]+)\/rollback$/, (r) => flowRead(store.rollback(r.user!.id, requireUuid(r.params[0]!, ['path', 'flow_id']), versionId(r.params[1]!)))],
    ['POST', /^\/flows\/([^/]+)\/versions\/([^/]+)\/publish$/, (r) => flowRead(store.publish(r.user!.id, requireUuid(r.params[0]!, ['path', 'flow_id']), versionId(r.params[1]!)))],
    ['GET', /^\/flows\/([^/]+)\/online$/, (r) => {
      const f = store.flowOf(r.user!.id, requireUuid(r.params[0]!, ['path', 'flow_id']));
      if (!f.is_online || !f.online_version) throw notFound('Online flow');
      const v = (store.versions.get(f.id) ?? []).find((x) => x.flow_version === f.online_version);
      return { ...flowRead(f), data: v?.data ?? f.data, name: v?.name ?? f.name };
    }],
    ['DELETE', /^\/flows\/([^/]+)\/online$/, (r) => {
      const f = store.flowOf(r.user!.id, requireUuid(r.params[0]!, ['path', 'flow_id']));
      if (!f.is_online) throw notFound('Online flow');
      f.is_online = false;
      f.updated_at = now();
      return flowRead(f);
    }],
    ['GET', /^\/flows\/([^/]+)\/release$/, (r) => {
      const f = store.flowOf(r.user!.id, requireUuid(r.params[0]!, ['path', 'flow_id']));
      const wanted = r.query.get('v');
      if (wanted === null) throw validationError(['query', 'v'], 'Field required', 'missing', null);
      const v = (store.versions.get(f.id) ?? []).find((x) => x.flow_version === wanted);
      if (!v) throw notFound('Release flow');
      return { ...flowRead(f), data: v.data, name: v.name, description: v.description, is_version: true, online_version: v.flow_version };
    }],
    // projects.py
    ['POST', /^\/projects\/$/, (r) => new Raw(201, JSON.stringify(folderRead(store.createProject(r.user!.id, obj(json(r), ['body'])))), 'application/json')],
    ['GET', /^\/projects\/$/, (r) => {
      store.defaultProject(r.user!.id);
      const rows = [...store.projects.values()].filter((p) => p.user_id === r.user!.id);
      if (r.query.get('sort_order') === 'asc') rows.sort((a, b) => String(a.ctime).localeCompare(String(b.ctime)));
      else rows.sort((a, b) => String(b.ctime).localeCompare(String(a.ctime)));
      return rows.map(folderRead);
    }],
    ['GET', /^\/projects\/download\/([^/]+)$/, (r) => {
      const p = store.projectOf(r.user!.id, requireUuid(r.params[0]!, ['path', 'project_id']));
      const rows = [...store.flows.values()].filter((f) => f.project_id === p.id);
      const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
      return new Raw(200, zipFlows(rows), 'application/x-zip-compressed', { 'content-disposition': `attachment; filename=${stamp}_${p.name}_flows.zip` });
    }],
    ['POST', /^\/projects\/upload\/$/, (r) => {
      const docs = flowsFromUpload(r);
      const boundary = boundaryOf(r.headers['content-type'])!;
      const part = parseMultipart(r.body, boundary).find((x) => x.name === 'file')!;
      const name = (part.filename ?? 'Uploaded project').replace(/\.(zip|json)$/i, '').replace(/^\d{8}T?\d{0,6}_/, '').replace(/_flows$/, '');
      const project = store.createProject(r.user!.id, { name, description: 'Uploaded project' });
      const rows = upsertUploaded(r.user!, docs.map((d) => ({ ...d, id: undefined })), project.id);
      return new Raw(201, JSON.stringify(rows.map(flowRead)), 'application/json');
    }],
    ['GET', /^\/projects\/([^/]+)$/, (r) => {
      const p = store.projectOf(r.user!.id, requireUuid(r.params[0]!, ['path', 'project_id']));
      let rows = [...store.flows.values()].filter((f) => f.project_id === p.id);
      const search = r.query.get('search')?.toLowerCase();
      if (search) rows = rows.filter((f) => f.name.toLowerCase().includes(search));
      if (bool(r.query, 'is_component', false)) rows = rows.filter((f) => f.is_component === true);
      if (bool(r.query, 'is_flow', false)) rows = rows.filter((f) => f.is_component !== true);
      const page = r.query.get('page');
      const size = r.query.get('size');
      if (page && size) {
        const n = Math.max(1, Number(page));
        const s = Math.max(1, Number(size));
        return { project: folderRead(p), flows: { items: rows.slice((n - 1) * s, n * s).map(flowRead), total: rows.length, page: n, size: s, pages: Math.ceil(rows.length / s) } };
      }
      return { ...folderRead(p), flows: rows.map(flowRead) };
    }],
    ['PATCH', /^\/projects\/([^/]+)$/, (r) => {
      const p = store.projectOf(r.user!.id, requireUuid(r.params[0]!, ['path', 'project_id']));
      const body = obj(json(r), ['body']);
      if (typeof body.name === 'string' && body.name !== p.name) {
        if ([...store.projects.values()].some((o) => o.user_id === r.user!.id && o.id !== p.id && o.name === body.name)) throw new HttpError(400, 'Project name must be unique');
        p.name = body.name;
      }
      for (const k of ['description', 'org_id', 'is_enable', 'is_hold', 'release_version', 'priv_type', 'project_skill', 'auth_settings', 'icon']) if (k in body && body[k] !== null) p[k] = body[k];
      for (const fid of [...((body.flows as string[] | undefined) ?? []), ...((body.components as string[] | undefined) ?? [])]) {
        const f = store.flows.get(fid);
        if (f && f.user_id === r.user!.id) {
          f.project_id = p.id;
          f.updated_at = now();
        }
      }
      p.utime = new Date().toISOString();
      return folderRead(p);
    }],
    ['DELETE', /^\/projects\/([^/]+)$/, (r) => {
      const p = store.projectOf(r.user!.id, requireUuid(r.params[0]!, ['path', 'project_id']));
      for (const f of [...store.flows.values()]) if (f.project_id === p.id) store.deleteFlow(r.user!.id, f.id);
      store.projects.delete(p.id);
      return new Raw(204, '', 'application/json');
    }],
    // chat.py: build, events, cancel
    ['POST', /^\/build\/([^/]+)\/flow$/, async (r) => {
      const flow = store.flowOf(r.user!.id, requireUuid(r.params[0]!, ['path', 'flow_id']));
      const body = r.body.length > 0 ? obj(json(r), ['body']) : {};
      const job = startJob(r.user!, flow, r, body);
      if (r.query.get('event_delivery') === 'direct') return streamJob(job, r);
      return { job_id: job.id };
    }],
    ['GET', /^\/build\/([^/]+)\/events$/, async (r) => {
      const job = jobOf(r.params[0]!);
      const delivery = r.query.get('event_delivery') ?? 'streaming';
      if (!['streaming', 'direct', 'polling'].includes(delivery)) throw validationError(['query', 'event_delivery'], "Input should be 'streaming', 'direct' or 'polling'", 'enum', delivery);
      if (delivery === 'polling') return pollJob(job);
      if (job.consumed) throw new HttpError(404, 'No event task found for job');
      return streamJob(job, r);
    }],
    ['POST', /^\/build\/([^/]+)\/cancel$/, (r) => {
      const job = jobOf(r.params[0]!);
      if (!job.done) job.controller.abort(new Error('cancelled'));
      return { success: true, message: 'Flow build cancelled successfully' };
    }],
    // monitor.py
    ['GET', /^\/monitor\/builds$/, (r) => {
      const flowId = r.query.get('flow_id');
      if (!flowId) throw validationError(['query', 'flow_id'], 'Field required', 'missing', null);
      store.flowOf(r.user!.id, requireUuid(flowId, ['query', 'flow_id']));
      return { vertex_builds: Object.fromEntries(store.vertexBuilds.get(flowId) ?? new Map()) };
    }],
    ['DELETE', /^\/monitor\/builds$/, (r) => {
      const flowId = r.query.get('flow_id');
      if (!flowId) throw validationError(['query', 'flow_id'], 'Field required', 'missing', null);
      store.vertexBuilds.delete(flowId);
      return new Raw(204, '', 'application/json');
    }],
    ['GET', /^\/monitor\/messages$/, (r) => {
      const flowId = r.query.get('flow_id');
      const session = r.query.get('session_id');
      return store.messages.filter((m) => (!flowId || m.flow_id === flowId) && (!session || m.session_id === session));
    }],
  ];

  function versionId(raw: string): number {
    const n = Number(raw);
    if (!Number.isInteger(n)) throw validationError(['path', 'version_id'], 'Input should be a valid integer, unable to parse string as an integer', 'int_parsing', raw);
    return n;
  }

  function cors(r: Pick<Req, 'headers'>): Record<string, string> {
    const origin = r.headers.origin;
    return origin
      ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
      : {};
  }

  function send(r: Req, status: number, body: string | Buffer, contentType: string, headers: Record<string, string> = {}): void {
    r.res.writeHead(status, { 'content-type': contentType, ...cors(r), ...headers });
    r.res.end(status === 204 ? undefined : body);
  }

  async function admin(r: Req): Promise<void> {
    const body = r.body.length ? (JSON.parse(r.body.toString('utf8')) as Record<string, unknown>) : {};
    if (r.path === '/__admin/faults' && r.method === 'POST') {
      faults = body as SkillflawFaults;
      return send(r, 200, JSON.stringify(faults), 'application/json');
    }
    if (r.path === '/__admin/files' && r.method === 'POST') {
      store.files.set(String(body.path), String(body.content ?? ''));
      return send(r, 200, '{}', 'application/json');
    }
    const touch = /^\/__admin\/flows\/([^/]+)\/touch$/.exec(r.path);
    if (touch && r.method === 'POST') return send(r, 200, JSON.stringify(server.touchFlow(touch[1]!, body)), 'application/json');
    if (r.path === '/__admin/expire-tokens' && r.method === 'POST') {
      // Every access token issued so far is past its lifetime; refresh tokens still work.
      for (const t of store.accessTokens.values()) t.expires = 0;
      return send(r, 200, '{}', 'application/json');
    }
    return send(r, 404, JSON.stringify({ detail: 'Not Found' }), 'application/json');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const r: Req = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks), res, params: [] };
    if (opts.verbose) console.error(`[skillflaw] ${r.method} ${url.pathname}${url.search}`);
    if (r.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors(r),
        'access-control-allow-methods': 'GET,POST,PATCH,PUT,DELETE,OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'authorization,content-type,x-api-key',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (r.path.startsWith('/__admin/')) return admin(r);
    if (!r.path.startsWith('/api/v1/')) return send(r, 404, JSON.stringify({ detail: 'Not Found' }), 'application/json');
    const path = r.path.slice('/api/v1'.length);
    if (faults.slowMs) await new Promise((ok) => setTimeout(ok, faults.slowMs));
    const methodHit = !faults.faultMethod || faults.faultMethod.toUpperCase() === r.method.toUpperCase();
    const hit = (pattern: string | undefined) => methodHit && pattern !== undefined && new RegExp(pattern).test(path);
    if (hit(faults.status500On)) return send(r, 500, 'Internal Server Error', 'text/plain; charset=utf-8');
    if (hit(faults.status503On)) return send(r, 503, 'Service Unavailable', 'text/plain; charset=utf-8');
    if (hit(faults.status429On)) return send(r, 429, JSON.stringify({ detail: 'Too many requests, slow down' }), 'application/json', { 'retry-after': '1' });
    let methodMismatch = false;
    for (const [method, re, handler, flags] of routes) {
      const m = re.exec(path);
      if (!m) continue;
      if (method !== r.method) {
        methodMismatch = true;
        continue;
      }
      r.params = m.slice(1).map(decodeURIComponent);
      try {
        if (!flags?.public) r.user = authenticate(r);
        const out = await handler(r);
        if (out === STREAMED) return;
        const reply = out instanceof Raw ? out : new Raw(200, JSON.stringify(out ?? null), 'application/json');
        if (hit(faults.cutAfterOn) && (faults.cutAfterTimes === undefined || faults.cutAfterTimes-- > 0)) {
          const bytes = Buffer.from(reply.body);
          r.res.writeHead(reply.status, { 'content-type': reply.contentType, ...cors(r), ...reply.headers, 'content-length': bytes.byteLength });
          r.res.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.byteLength / 2))));
          r.res.socket?.destroy();
          return;
        }
        return send(r, reply.status, reply.body, reply.contentType, reply.headers);
      } catch (e) {
        if (e instanceof HttpError) return send(r, e.status, JSON.stringify({ detail: e.detail }), 'application/json', e.headers);
        console.error('[skillflaw] handler failed', e);
        return send(r, 500, 'Internal Server Error', 'text/plain; charset=utf-8');
      }
    }
    if (methodMismatch) return send(r, 405, JSON.stringify({ detail: 'Method Not Allowed' }), 'application/json');
    return send(r, 404, JSON.stringify({ detail: 'Not Found' }), 'application/json');
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('[skillflaw] request failed', e);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
    });
  });
  http.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => http.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', ok));
  const port = (http.address() as AddressInfo).port;
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}`;

  const server: SkillflawServer = {
    url,
    apiUrl: `${url}/api/v1`,
    port,
    store,
    setFaults(f) {
      faults = { ...f };
    },
    authCounts,
    expireAccessTokens() {
      for (const t of store.accessTokens.values()) t.expires = 0;
    },
    touchFlow(id, patch = {}) {
      const f = store.flows.get(id);
      if (!f) throw notFound('Flow');
      Object.assign(f, patch);
      f.updated_at = now();
      return f;
    },
    async close() {
      for (const j of jobs.values()) j.controller.abort(new Error('server closing'));
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => http.close(() => ok()));
    },
  };
  return server;
}
