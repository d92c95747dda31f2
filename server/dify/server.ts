/**
 * A protocol-faithful Dify Workflow App API server (seed document 004), for adapter tests, Playwright and
 * `npm start` users. Plain `node:http`, in-memory state, real runs of the apps in `apps.ts`.
 *
 * Served under `/v1` (Dify's `api_base_url` ends in `/v1`): `POST /workflows/run` (blocking and streaming),
 * `GET /workflows/run/:id`, `POST /workflows/tasks/:task_id/stop`, `GET /parameters`, `GET /workflows/logs`,
 * plus two endpoints the seed names but does not document, written after Dify's own API: `POST /files/upload`
 * (the "File Upload API" the `files` parameter refers to) and `GET /info` (the app's name).
 *
 * Errors are Dify's body `{"code": "...", "message": "...", "status": N}`. Streams are `data: {json}\n\n`
 * per event and `event: ping\n\n` every `pingMs`. Fault injection: `setFaults` or `POST /__admin/faults`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { boundaryOf, parseMultipart } from '../vflow/multipart';
import { builtInApps, type DifyApp, type JsonRecord } from './apps';
import { startRun, type RunRecord, type RunnerTiming } from './runner';

export interface DifyFaults {
  /** Path regex (under `/v1`): answered 500 `internal_server_error`. */
  status500On?: string;
  /** Path regex: answered 429 `too_many_requests`. */
  status429On?: string;
  /** Delay before every API request, ms. */
  slowMs?: number;
  /** Streams are cut after this many events: half of the next event is written, then the socket is destroyed. */
  cutStreamAfterEvents?: number;
  /** Streams go silent (no events, no pings) after this many events while the run goes on. */
  stallStreamAfterEvents?: number;
  /** Streams send an `error` event after this many events and end (the run fails). */
  errorEventAfterEvents?: number;
  /** App slugs whose runs and parameters answer 400 `app_unavailable`. */
  unavailableApps?: string[];
  /** App slugs whose runs answer 400 with this Dify error code (`provider_quota_exceeded`, ...). */
  runErrorCode?: { apps: string[]; code: string; message?: string };
  /** Path regex: 200 with a body that is not the documented shape. */
  malformedOn?: string;
  /** Path regex: answered 503 (the Cloudflare in front of Dify's cloud while it restarts). */
  status503On?: string;
  /** Path regex: answered 401 `unauthorized` "Access token is invalid." (a key revoked or rotated meanwhile). */
  unauthorizedOn?: string;
}

export interface DifyServerOptions {
  port?: number;
  host?: string;
  apps?: DifyApp[];
  faults?: DifyFaults;
  /** Between pings on open streams (the document: every 10 seconds). */
  pingMs?: number;
  stepMs?: number;
  chunkMs?: number;
  /** Largest upload, MB, whatever the type (Dify's default 15). */
  fileSizeLimitMb?: number;
  verbose?: boolean;
}

export interface DifyServer {
  /** `http://host:port/v1`: what a Dify app shows as its API base URL. */
  apiUrl: string;
  url: string;
  port: number;
  apps: DifyApp[];
  keyOf(slug: string): string;
  runs: Map<string, RunRecord>;
  setFaults(f: DifyFaults): void;
  faults(): DifyFaults;
  reset(): void;
  close(): Promise<void>;
}

class DifyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface UploadedFile {
  id: string;
  name: string;
  size: number;
  extension: string;
  mime_type: string;
  created_by: string;
  created_at: number;
  appKey: string;
}

const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif'];
const DOCUMENT_EXTENSIONS = ['txt', 'md', 'markdown', 'pdf', 'html', 'xlsx', 'xls', 'docx', 'csv', 'json'];

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function sendError(res: ServerResponse, e: DifyError, headers: Record<string, string>): void {
  sendJson(res, e.status, { code: e.code, message: e.message, status: e.status }, headers);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new DifyError(413, 'file_too_large', 'File size exceeded.'));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `Thu, 18 Jul 2024 03:17:40 -0000`: the run detail example's date format. */
export function httpDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toUTCString().replace('GMT', '-0000');
}

function formEntry(entry: JsonRecord): { type: string; body: JsonRecord } | undefined {
  const type = Object.keys(entry)[0];
  const body = type ? entry[type] : undefined;
  return type && isRecord(body) ? { type, body } : undefined;
}

export async function startDifyServer(options: DifyServerOptions = {}): Promise<DifyServer> {
  let faults: DifyFaults = { ...(options.faults ?? {}) };
  const apps = options.apps ?? builtInApps();
  const byKey = new Map(apps.map((a) => [a.key, a]));
  const runs = new Map<string, RunRecord>();
  const runsByTask = new Map<string, RunRecord>();
  const files = new Map<string, UploadedFile>();
  const sequence = new Map<string, number>();
  const timing: RunnerTiming = { stepMs: options.stepMs ?? 120, chunkMs: options.chunkMs ?? 60 };
  const pingMs = options.pingMs ?? 10_000;
  const fileLimitMb = options.fileSizeLimitMb ?? 15;

  function authenticate(req: IncomingMessage): DifyApp {
    const header = req.headers.authorization;
    const m = /^Bearer\s+(\S+)$/.exec(header ?? '');
    if (!m) throw new DifyError(401, 'unauthorized', "Authorization header must be provided and start with 'Bearer'");
    const app = byKey.get(m[1]!);
    if (!app) throw new DifyError(401, 'unauthorized', 'Access token is invalid');
    return app;
  }

  function checkAvailable(app: DifyApp): void {
    if (faults.unavailableApps?.includes(app.slug)) throw new DifyError(400, 'app_unavailable', 'App unavailable, please check your app configurations.');
  }

  function validateFile(app: DifyApp, variable: string, value: unknown): void {
    if (!isRecord(value)) throw new DifyError(400, 'invalid_param', `${variable} in input form must be a file`);
    const method = value.transfer_method;
    if (method === 'local_file') {
      const f = typeof value.upload_file_id === 'string' ? files.get(value.upload_file_id) : undefined;
      if (!f || f.appKey !== app.key) throw new DifyError(400, 'invalid_param', `Invalid upload file id for ${variable}`);
    } else if (method === 'remote_url') {
      if (typeof value.url !== 'string' || !/^https?:\/\//.test(value.url)) throw new DifyError(400, 'invalid_param', `Invalid remote url for ${variable}`);
    } else {
      throw new DifyError(400, 'invalid_param', `${variable}: transfer_method must be remote_url or local_file`);
    }
  }

  /** The checks Dify's `BaseAppGenerator._validate_inputs` makes, with its messages. */
  function validateInputs(app: DifyApp, inputs: JsonRecord): JsonRecord {
    const clean: JsonRecord = {};
    for (const entry of app.parameters.user_input_form) {
      const e = formEntry(entry);
      if (!e) continue;
      const variable = String(e.body.variable);
      let value = inputs[variable];
      const empty = value === undefined || value === null || value === '';
      if (empty) {
        if (e.body.required === true) throw new DifyError(400, 'invalid_param', `${variable} is required in input form`);
        value = e.body.default ?? (e.type === 'file-list' ? [] : '');
        if (e.type === 'number' && value === '') value = null;
        clean[variable] = value;
        continue;
      }
      switch (e.type) {
        case 'text-input':
        case 'paragraph': {
          if (typeof value !== 'string') throw new DifyError(400, 'invalid_param', `${variable} in input form must be a string`);
          const max = typeof e.body.max_length === 'number' ? e.body.max_length : 0;
          if (max > 0 && value.length > max) throw new DifyError(400, 'invalid_param', `${variable} in input form must be less than ${max} characters`);
          break;
        }
        case 'select': {
          const options = Array.isArray(e.body.options) ? e.body.options : [];
          if (!options.includes(value)) throw new DifyError(400, 'invalid_param', `${variable} in input form must be one of the following: ${JSON.stringify(options)}`);
          break;
        }
        case 'number':
          if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) value = Number(value);
          if (typeof value !== 'number' || !Number.isFinite(value)) throw new DifyError(400, 'invalid_param', `${variable} in input form must be a valid number`);
          break;
        case 'file':
          validateFile(app, variable, value);
          break;
        case 'file-list': {
          if (!Array.isArray(value)) throw new DifyError(400, 'invalid_param', `${variable} in input form must be a list of files`);
          const max = typeof e.body.max_length === 'number' ? e.body.max_length : Infinity;
          if (value.length > max) throw new DifyError(400, 'invalid_param', `${variable} in input form must have at most ${max} files`);
          for (const f of value) validateFile(app, variable, f);
          break;
        }
      }
      clean[variable] = value;
    }
    return clean;
  }

  function validateSysFiles(app: DifyApp, raw: unknown): unknown[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) throw new DifyError(400, 'invalid_param', 'files must be a list');
    const image = isRecord(app.parameters.file_upload.image) ? app.parameters.file_upload.image : {};
    if (raw.length > 0 && image.enabled !== true) throw new DifyError(400, 'invalid_param', 'Image upload is not enabled for this app');
    const limit = typeof image.number_limits === 'number' ? image.number_limits : 3;
    if (raw.length > limit) throw new DifyError(400, 'invalid_param', `Too many images: at most ${limit}`);
    for (const f of raw) {
      if (!isRecord(f) || f.type !== 'image') throw new DifyError(400, 'invalid_param', 'files: only the image type is supported');
      const methods = Array.isArray(image.transfer_methods) ? image.transfer_methods : [];
      if (!methods.includes(f.transfer_method)) throw new DifyError(400, 'invalid_param', `files: transfer method ${String(f.transfer_method)} is not allowed`);
      validateFile(app, 'files', f);
    }
    return raw;
  }

  function runSummary(run: RunRecord): JsonRecord {
    return {
      id: run.id,
      workflow_id: run.app.workflowId,
      status: run.status,
      outputs: run.outputs,
      error: run.error,
      elapsed_time: run.elapsedSeconds,
      total_tokens: run.totalTokens,
      total_steps: run.totalSteps,
      created_at: run.createdAt,
      finished_at: run.finishedAt,
    };
  }

  async function handleRun(req: IncomingMessage, res: ServerResponse, app: DifyApp, headers: Record<string, string>): Promise<void> {
    let body: unknown;
    try {
      const raw = await readBody(req, 1024 * 1024);
      body = raw.length ? JSON.parse(raw.toString('utf8')) : null;
    } catch {
      throw new DifyError(400, 'invalid_param', 'The request body is not valid JSON.');
    }
    if (!isRecord(body)) throw new DifyError(400, 'invalid_param', 'The request body must be a JSON object.');
    if (!isRecord(body.inputs)) throw new DifyError(400, 'invalid_param', 'inputs is required and must be an object');
    const mode = body.response_mode;
    if (mode !== 'streaming' && mode !== 'blocking') throw new DifyError(400, 'invalid_param', 'response_mode must be streaming or blocking');
    if (typeof body.user !== 'string' || body.user === '') throw new DifyError(400, 'invalid_param', 'user is required');
    checkAvailable(app);
    if (faults.runErrorCode?.apps.includes(app.slug)) {
      throw new DifyError(400, faults.runErrorCode.code, faults.runErrorCode.message ?? `Injected ${faults.runErrorCode.code}`);
    }
    const inputs = validateInputs(app, body.inputs);
    const sysFiles = validateSysFiles(app, body.files);
    const seq = (sequence.get(app.key) ?? 0) + 1;
    sequence.set(app.key, seq);
    const run = startRun(app, { inputs, user: body.user, files: sysFiles, sequenceNumber: seq }, timing);
    runs.set(run.id, run);
    runsByTask.set(run.taskId, run);

    if (mode === 'blocking') {
      await run.done;
      sendJson(res, 200, { workflow_run_id: run.id, task_id: run.taskId, data: runSummary(run) }, headers);
      return;
    }
    streamRun(res, run, headers);
  }

  function streamRun(res: ServerResponse, run: RunRecord, headers: Record<string, string>): void {
    res.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    let sent = 0;
    let closed = false;
    const cutAfter = faults.cutStreamAfterEvents;
    const errorAfter = faults.errorEventAfterEvents;
    const stallAfter = faults.stallStreamAfterEvents;
    let stalled = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(ping);
      run.listeners.delete(write);
    };
    const write = (event: JsonRecord) => {
      if (closed) return;
      const frame = `data: ${JSON.stringify(event)}\n\n`;
      if (cutAfter !== undefined && sent >= cutAfter) {
        // Half an event, then the connection drops: the run goes on on the server.
        res.write(frame.slice(0, Math.max(8, Math.floor(frame.length / 2))));
        close();
        setTimeout(() => res.destroy(), 10);
        return;
      }
      if (stalled || (stallAfter !== undefined && sent >= stallAfter)) {
        // A proxy that holds the connection open and forwards nothing.
        stalled = true;
        return;
      }
      if (errorAfter !== undefined && sent >= errorAfter) {
        res.write(`data: ${JSON.stringify({ event: 'error', task_id: run.taskId, message: 'Injected failure while streaming.', code: 'internal_server_error', status: 500 })}\n\n`);
        run.failWith = 'Injected failure while streaming.';
        close();
        res.end();
        return;
      }
      res.write(frame);
      sent++;
      if (event.event === 'workflow_finished' && !run.app.tts) end();
      if (event.event === 'tts_message_end') end();
    };
    const end = () => {
      close();
      res.end();
    };
    const ping = setInterval(() => {
      if (!closed && !stalled) res.write('event: ping\n\n');
    }, pingMs);
    res.on('close', close);
    for (const e of run.events) write(e);
    if (!closed) run.listeners.add(write);
  }

  async function handleUpload(req: IncomingMessage, app: DifyApp): Promise<JsonRecord> {
    const boundary = boundaryOf(req.headers['content-type']);
    if (!boundary) throw new DifyError(400, 'no_file_uploaded', 'Please upload your file.');
    const parts = parseMultipart(await readBody(req, (fileLimitMb + 1) * 1024 * 1024), boundary);
    const fileParts = parts.filter((p) => p.filename !== undefined);
    if (fileParts.length === 0) throw new DifyError(400, 'no_file_uploaded', 'Please upload your file.');
    if (fileParts.length > 1) throw new DifyError(400, 'too_many_files', 'Only one file is allowed.');
    const user = parts.find((p) => p.name === 'user')?.data.toString('utf8') ?? '';
    if (!user) throw new DifyError(400, 'invalid_param', 'user is required');
    const part = fileParts[0]!;
    const name = part.filename ?? 'file';
    const extension = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
    const isImage = IMAGE_EXTENSIONS.includes(extension);
    if (!isImage && !DOCUMENT_EXTENSIONS.includes(extension)) throw new DifyError(415, 'unsupported_file_type', 'File type not allowed.');
    const imageLimit = Number(app.parameters.system_parameters.image_file_size_limit ?? 10);
    const limitMb = isImage ? imageLimit : fileLimitMb;
    if (part.data.length > limitMb * 1024 * 1024) throw new DifyError(413, 'file_too_large', `File size exceeded. ${(part.data.length / 1024 / 1024).toFixed(2)} > ${limitMb} MB`);
    const f: UploadedFile = {
      id: randomUUID(),
      name,
      size: part.data.length,
      extension,
      mime_type: part.contentType ?? 'application/octet-stream',
      created_by: user,
      created_at: Math.floor(Date.now() / 1000),
      appKey: app.key,
    };
    files.set(f.id, f);
    const { appKey: _k, ...answer } = f;
    return answer;
  }

  function logs(app: DifyApp, query: URLSearchParams): JsonRecord {
    const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 20) || 20));
    const status = query.get('status');
    const keyword = query.get('keyword')?.toLowerCase();
    const all = [...runs.values()]
      .filter((r) => r.app.key === app.key)
      .filter((r) => !status || r.status === status)
      .filter((r) => !keyword || JSON.stringify([r.inputs, r.outputs, r.user]).toLowerCase().includes(keyword))
      .reverse();
    const slice = all.slice((page - 1) * limit, page * limit);
    return {
      page,
      limit,
      total: all.length,
      has_more: page * limit < all.length,
      data: slice.map((r) => ({
        id: `log-${r.id}`,
        workflow_run: {
          id: r.id,
          version: r.app.version,
          status: r.status,
          error: r.error,
          elapsed_time: r.elapsedSeconds,
          total_tokens: r.totalTokens,
          total_steps: r.totalSteps,
          created_at: r.createdAt,
          finished_at: r.finishedAt,
        },
        created_from: 'service-api',
        created_by_role: 'end_user',
        created_by_account: null,
        created_by_end_user: { id: `eu-${r.user}`, type: 'service_api', is_anonymous: false, session_id: r.user },
        created_at: r.finishedAt ?? r.createdAt,
      })),
    };
  }

  function runDetail(app: DifyApp, id: string): JsonRecord {
    const run = runs.get(id);
    if (!run || run.app.key !== app.key) throw new DifyError(404, 'not_found', 'Workflow run not found.');
    return {
      id: run.id,
      workflow_id: app.workflowId,
      status: run.status,
      inputs: JSON.stringify({ ...run.inputs, 'sys.files': run.files, 'sys.user_id': run.user }),
      outputs: run.outputs,
      error: run.error,
      total_steps: run.totalSteps,
      total_tokens: run.totalTokens,
      created_at: httpDate(run.createdAt),
      finished_at: run.finishedAt === null ? null : httpDate(run.finishedAt),
      elapsed_time: run.elapsedSeconds,
    };
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, headers: Record<string, string>): Promise<void> {
    const method = req.method ?? 'GET';
    const app = authenticate(req);
    const send = (body: unknown, status = 200) => sendJson(res, status, body, headers);
    if (method === 'POST' && path === '/workflows/run') return handleRun(req, res, app, headers);
    let m = /^\/workflows\/run\/([^/]+)$/.exec(path);
    if (m && method === 'GET') return send(runDetail(app, decodeURIComponent(m[1]!)));
    m = /^\/workflows\/tasks\/([^/]+)\/stop$/.exec(path);
    if (m && method === 'POST') {
      const raw = await readBody(req, 64 * 1024);
      let body: unknown = null;
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : null;
      } catch {
        throw new DifyError(400, 'invalid_param', 'The request body is not valid JSON.');
      }
      if (!isRecord(body) || typeof body.user !== 'string' || !body.user) throw new DifyError(400, 'invalid_param', 'user is required');
      const run = runsByTask.get(decodeURIComponent(m[1]!));
      // Like Dify: only the user who started the task stops it; the answer is "success" either way.
      if (run && run.app.key === app.key && run.user === body.user && run.status === 'running') run.stopRequested = true;
      return send({ result: 'success' });
    }
    if (method === 'GET' && path === '/parameters') {
      checkAvailable(app);
      return send(app.parameters);
    }
    if (method === 'GET' && path === '/info') return send({ name: app.name, description: app.description, tags: app.tags, mode: 'workflow', author_name: 'Flowbench' });
    if (method === 'GET' && path === '/workflows/logs') return send(logs(app, query));
    if (method === 'POST' && path === '/files/upload') return send(await handleUpload(req, app), 201);
    const known = ['/workflows/run', '/parameters', '/info', '/workflows/logs', '/files/upload'].includes(path) || /^\/workflows\/(run|tasks)\//.test(path);
    if (known) throw new DifyError(405, 'method_not_allowed', 'The method is not allowed for the requested URL.');
    throw new DifyError(404, 'not_found', 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.');
  }

  function corsHeaders(req: IncomingMessage): Record<string, string> {
    return {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    };
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string, headers: Record<string, string>): Promise<void> {
    const raw = await readBody(req, 1024 * 1024);
    const body: unknown = raw.length ? JSON.parse(raw.toString('utf8')) : null;
    if (path === '/__admin/faults' && req.method === 'POST') {
      faults = { ...((body ?? {}) as DifyFaults) };
      return sendJson(res, 200, { faults }, headers);
    }
    if (path === '/__admin/faults' && req.method === 'GET') return sendJson(res, 200, { faults }, headers);
    if (path === '/__admin/reset' && req.method === 'POST') {
      reset();
      return sendJson(res, 200, { result: 'success' }, headers);
    }
    if (path === '/__admin/apps' && req.method === 'GET') {
      return sendJson(res, 200, { apps: apps.map((a) => ({ slug: a.slug, name: a.name, key: a.key, description: a.description })) }, headers);
    }
    return sendJson(res, 404, { code: 'not_found', message: 'Unknown admin endpoint', status: 404 }, headers);
  }

  function reset(): void {
    for (const r of runs.values()) r.stopRequested = true;
    runs.clear();
    runsByTask.clear();
    files.clear();
    sequence.clear();
    faults = {};
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = corsHeaders(req);
    if (options.verbose) process.stderr.write(`${req.method ?? '?'} ${url.pathname}\n`);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    if (url.pathname.startsWith('/__admin/')) {
      try {
        await handleAdmin(req, res, url.pathname, headers);
      } catch (e) {
        sendJson(res, 400, { code: 'invalid_param', message: `Bad admin request: ${String(e)}`, status: 400 }, headers);
      }
      return;
    }
    try {
      if (!url.pathname.startsWith('/v1/')) throw new DifyError(404, 'not_found', 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.');
      const path = url.pathname.slice('/v1'.length);
      if (faults.slowMs && faults.slowMs > 0) await new Promise((r) => setTimeout(r, faults.slowMs));
      if (faults.status500On && new RegExp(faults.status500On).test(path)) throw new DifyError(500, 'internal_server_error', 'Internal Server Error.');
      if (faults.status429On && new RegExp(faults.status429On).test(path)) throw new DifyError(429, 'too_many_requests', 'Too many requests. Please try again later.');
      if (faults.status503On && new RegExp(faults.status503On).test(path)) throw new DifyError(503, 'service_unavailable', 'Service Unavailable');
      if (faults.unauthorizedOn && new RegExp(faults.unauthorizedOn).test(path)) throw new DifyError(401, 'unauthorized', 'Access token is invalid.');
      if (faults.malformedOn && new RegExp(faults.malformedOn).test(path)) {
        sendJson(res, 200, { user_input_form: 'not-a-list', page: 'one', data: 7, status: 42, result: false }, headers);
        return;
      }
      await route(req, res, path, url.searchParams, headers);
    } catch (e) {
      req.resume();
      const err = e instanceof DifyError ? e : new DifyError(500, 'internal_server_error', 'Internal Server Error.');
      if (!(e instanceof DifyError) && options.verbose) process.stderr.write(`${String(e)}\n`);
      if (res.headersSent) res.destroy();
      else sendError(res, err, headers);
    }
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    apiUrl: `${url}/v1`,
    port,
    apps,
    runs,
    keyOf(slug) {
      const app = apps.find((a) => a.slug === slug);
      if (!app) throw new Error(`no app ${slug}`);
      return app.key;
    },
    setFaults(f) {
      faults = { ...f };
    },
    faults: () => ({ ...faults }),
    reset,
    close() {
      for (const r of runs.values()) r.stopRequested = true;
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
