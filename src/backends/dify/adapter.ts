/**
 * The Dify adapter: each API key is one published workflow app, shown as one read-only flow. Dify's API runs
 * and traces an app but cannot read or change its graph, so the flow is the graph of what ran, accumulated
 * across runs (`graph.ts`), and every edit is refused with a reason (`editFlows: false`).
 *
 * Runs stream by default (SSE through `readSse`, mapped by `DifyTraceMapper`); a stream that drops mid-run
 * says so in the trace, then asks `GET /workflows/run/:id` for the final status instead of spinning. Stop is
 * `POST /workflows/tasks/:task_id/stop` with the same `user`. History merges `GET /workflows/logs` with the
 * runs recorded in this browser (those replay event by event; the server's have a summary only).
 */
import type { Flow } from '../../model/flow';
import type { InputSchemaSource, ModuleCategory, ModuleDefinition } from '../../model/modules';
import { difySyntax } from '../../model/references/dify';
import type { ReferenceSyntax } from '../../model/references';
import { readSse, sseJson, type FetchLike, type SseMessage } from '../transport';
import type { TraceEvent } from '../trace';
import {
  BackendError,
  type BackendAdapter,
  type Capabilities,
  type FlowSummary,
  type ListFlowsQuery,
  type Page,
  type RunHandle,
  type RunStatus,
  type RunSummary,
  type SavedFlow,
  type StartRunRequest,
} from '../types';
import { DifyClient, normaliseBaseUrl } from './client';
import { flowOfApp, layoutPositions, mergeObservations, startModuleIdOf } from './graph';
import { DIFY_NODE_MODULES, DIFY_CATEGORY, formOfParameters, genericModule, inputsOfParameters, startModule } from './modules';
import { memoryRecordStore, type DifyRecordStore, type RecordedRun } from './records';
import type { DifyParameters, DifyRunDetail } from './schemas';
import { DifyTraceMapper, runStatusOf, type DifyTraceEvent } from './trace-mapper';

export interface DifyAppConfig {
  apiKey: string;
  /** Shown until (or instead of) the name from `GET /info`. */
  label?: string;
}

export interface DifyAdapterOptions {
  id?: string;
  label?: string;
  /** The API base URL Dify shows for the app, e.g. `https://api.dify.ai/v1`. */
  baseUrl: string;
  apps: DifyAppConfig[];
  /** The end-user identity sent as `user` (runs, stop, uploads, parameters). Default `flowbench`. */
  user?: string;
  /** `streaming` (default) or `blocking` (no node trace: the answer comes when the run is over). */
  responseMode?: 'streaming' | 'blocking';
  fetch?: FetchLike;
  timeoutMs?: number;
  /** A stream silent (not even a ping) this long is treated as lost. Default 35 s (Dify pings every 10 s). */
  idleTimeoutMs?: number;
  /** After a lost stream: how often and how long to ask `GET /workflows/run/:id`. */
  recoverPollMs?: number;
  recoverMaxWaitMs?: number;
  records?: DifyRecordStore;
  /** Whether to call `GET /info` for app names (not in the seed document; Dify has it). Default true. */
  useInfoEndpoint?: boolean;
}

export interface DifyAppInfo {
  flowId: string;
  name: string;
  description: string;
  tags: string[];
  /** Set when the app could not be reached with its key (the name then comes from the label). */
  error?: BackendError;
}

export interface DifyAdapter extends BackendAdapter {
  /** `POST /files/upload`: the id to pass as `upload_file_id` in a file input or in `files`. */
  uploadFile(flowId: string, file: Blob, name?: string): Promise<{ id: string; name: string }>;
  /** `GET /parameters` of the app behind a flow. */
  parameters(flowId: string): Promise<DifyParameters>;
  /** The run form of a flow in the forms layer's terms: the app's `user_input_form` with `file_upload`. */
  runInputSchema(flowId: string): Promise<InputSchemaSource>;
  /** `GET /workflows/logs` with every documented filter. */
  searchLogs(flowId: string, query: { keyword?: string; status?: 'succeeded' | 'failed' | 'stopped'; page?: number; limit?: number }): Promise<Page<RunSummary>>;
  /** `GET /workflows/run/:id` as a run summary. */
  runDetail(flowId: string, runId: string): Promise<RunSummary & { outputs?: unknown; totalTokens?: number; totalSteps?: number }>;
  apps(): Promise<DifyAppInfo[]>;
  testConnection(): Promise<{ ok: boolean; apps: DifyAppInfo[] }>;
}

const CAPABILITIES: Capabilities = {
  editFlows: false,
  folders: false,
  nestedFolders: false,
  versions: false,
  publish: false,
  revertDraft: false,
  duplicate: false,
  move: false,
  enableDisable: false,
  favourites: false,
  tags: true,
  run: true,
  cancelRun: true,
  runHistory: true,
  logs: false,
  importExport: false,
  conflictDetection: false,
  testStep: false,
  structures: ['graph'],
};

/** Trigger label of runs known only from the server's logs (no events recorded here). */
export const SERVER_RUN_TRIGGER_PREFIX = 'dify:';

/** FNV-1a (64-bit) of the API key: a stable flow id that does not reveal the key. */
export function flowIdOfKey(apiKey: string): string {
  let h = 0xcbf29ce484222325n;
  for (const ch of new TextEncoder().encode(apiKey)) {
    h ^= BigInt(ch);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `dify-${h.toString(16).padStart(16, '0')}`;
}

interface App {
  flowId: string;
  config: DifyAppConfig;
  client: DifyClient;
  index: number;
  info?: DifyAppInfo;
  parameters?: DifyParameters;
}

interface LiveRun {
  app: App;
  taskId: string;
  stopRequested: boolean;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

function difyStatusOf(status: RunStatus | undefined): 'succeeded' | 'failed' | 'stopped' | undefined {
  if (status === 'succeeded' || status === 'failed') return status;
  if (status === 'cancelled') return 'stopped';
  return undefined;
}

function parseInputs(raw: unknown): Record<string, unknown> {
  if (typeof raw === 'string') {
    try {
      const v: unknown = JSON.parse(raw);
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}

/** Run inputs as the form gives them → Dify's `inputs` and `files` (the image upload field is `files`). */
export function splitRunInputs(values: Record<string, unknown>): { inputs: Record<string, unknown>; files?: unknown[] } {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v === 'object' && v !== null && 'transfer_method' in v) {
      const { name: _name, ...rest } = v as Record<string, unknown>;
      return rest;
    }
    return v;
  };
  const inputs: Record<string, unknown> = {};
  let files: unknown[] | undefined;
  for (const [k, v] of Object.entries(values)) {
    if (k === 'files' && Array.isArray(v)) files = strip(v) as unknown[];
    else if (v !== undefined) inputs[k] = strip(v);
  }
  return files && files.length > 0 ? { inputs, files } : { inputs };
}

function isFinalMessage(m: SseMessage): boolean {
  try {
    const e = (JSON.parse(m.data) as { event?: unknown }).event;
    return e === 'workflow_finished' || e === 'error';
  } catch {
    return false;
  }
}

export function createDifyAdapter(options: DifyAdapterOptions): DifyAdapter {
  if (!options.baseUrl?.trim()) throw new BackendError('invalid', 'Dify: the API base URL is missing.');
  if (options.apps.length === 0) throw new BackendError('invalid', 'Dify: add at least one app API key.');
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  const user = options.user?.trim() || 'flowbench';
  const records = options.records ?? memoryRecordStore();
  const idleTimeoutMs = options.idleTimeoutMs ?? 35_000;
  const recoverPollMs = options.recoverPollMs ?? 1000;
  const recoverMaxWaitMs = options.recoverMaxWaitMs ?? 120_000;
  const useInfo = options.useInfoEndpoint ?? true;

  const apps = new Map<string, App>();
  options.apps.forEach((config, index) => {
    const key = config.apiKey.trim();
    if (!key) return;
    const flowId = flowIdOfKey(key);
    if (apps.has(flowId)) return;
    apps.set(flowId, { flowId, config, index, client: new DifyClient({ baseUrl, apiKey: key, fetch: options.fetch, timeoutMs: options.timeoutMs }) });
  });
  const live = new Map<string, LiveRun>();
  /** Mappers of runs still streaming, by flow: their nodes are drawn before the run is recorded. */
  const following = new Map<string, Set<DifyTraceMapper>>();
  const disposer = new AbortController();

  /** The app's graph: what recorded runs showed, plus what runs still streaming have shown so far. */
  function graphOf(flowId: string) {
    let graph = records.loadGraph(flowId);
    for (const m of following.get(flowId) ?? []) graph = mergeObservations(graph, m.nodes.values(), m.edges.values());
    return graph;
  }

  function appOf(flowId: string): App {
    const app = apps.get(flowId);
    if (!app) throw new BackendError('not-found', `No Dify app with the flow id ${flowId} in this connection.`);
    return app;
  }

  const fallbackName = (app: App) => app.config.label?.trim() || `Dify app ${app.index + 1}`;

  async function loadParameters(app: App): Promise<DifyParameters> {
    app.parameters = await app.client.parameters(user);
    return app.parameters;
  }

  async function loadInfo(app: App): Promise<DifyAppInfo> {
    if (app.info && !app.info.error) return app.info;
    let info: DifyAppInfo;
    try {
      const got = useInfo ? await app.client.info().catch((e: unknown) => {
        // An older Dify without `/info`: the key is checked through `/parameters` instead.
        if (e instanceof BackendError && (e.code === 'not-found' || e.code === 'unsupported')) return null;
        throw e;
      }) : null;
      if (!got) await loadParameters(app);
      info = {
        flowId: app.flowId,
        name: app.config.label?.trim() || got?.name || fallbackName(app),
        description: got?.description ?? '',
        tags: got?.tags ?? [],
      };
    } catch (e) {
      const error = e instanceof BackendError ? e : new BackendError('internal', String(e));
      info = { flowId: app.flowId, name: fallbackName(app), description: error.serverMessage ?? error.message, tags: [], error };
    }
    app.info = info;
    return info;
  }

  function summaryOf(app: App, info: DifyAppInfo): FlowSummary {
    const graph = graphOf(app.flowId);
    return {
      id: app.flowId,
      name: info.name,
      description: info.description,
      folderId: null,
      tags: info.tags,
      enabled: !info.error,
      favourite: false,
      stepCount: Math.max(1, Object.keys(graph.nodes).length),
      modifiedAt: 0,
      revision: `graph-${graph.revision}`,
      published: null,
    };
  }

  async function flowOf(app: App): Promise<Flow> {
    const [info, parameters] = await Promise.all([loadInfo(app), loadParameters(app)]);
    if (info.error) throw info.error;
    const graph = graphOf(app.flowId);
    const positions = await layoutPositions(graph);
    return flowOfApp(
      {
        flowId: app.flowId,
        name: info.name,
        description: info.description,
        tags: info.tags,
        inputs: inputsOfParameters(parameters),
        extensions: { dify: { parameters, app: { name: info.name, description: info.description, tags: info.tags } } },
      },
      graph,
      positions,
    );
  }

  const readOnly = (what: string) =>
    new BackendError('unsupported', `${what}: a Dify app is edited in Dify itself. Its API runs and traces a published workflow but cannot change it.`);

  function record(app: App, mapper: DifyTraceMapper, events: DifyTraceEvent[], trigger: string): void {
    const first = events[0];
    const last = events.at(-1);
    if (!first || !mapper.workflowRunId) return;
    const summary: RunSummary = {
      id: mapper.workflowRunId,
      flowId: app.flowId,
      status: last?.type === 'run-finished' ? last.status : 'running',
      startedAt: first.at,
      finishedAt: last?.type === 'run-finished' ? last.at : null,
      trigger,
    };
    if (last?.type === 'run-finished' && last.error) summary.error = last.error.message;
    records.saveRun({ summary, events });
    records.saveGraph(app.flowId, mergeObservations(records.loadGraph(app.flowId), mapper.nodes.values(), mapper.edges.values()));
  }

  async function* recoverAfterDrop(app: App, mapper: DifyTraceMapper, cause: BackendError, signal: AbortSignal | undefined): AsyncGenerator<DifyTraceEvent> {
    const runId = mapper.workflowRunId!;
    yield* mapper.note('warn', `The event stream was lost mid-run (${cause.message}). Asking the server for the run's final status.`);
    const deadline = Date.now() + recoverMaxWaitMs;
    let lastError: unknown;
    for (;;) {
      if (signal?.aborted || disposer.signal.aborted) {
        yield* mapper.fail('cancelled', 'Stopped following the run.');
        return;
      }
      try {
        const detail = await app.client.runDetail(runId, signal);
        const events = mapper.recover(detail);
        if (events.length > 0) {
          yield* events;
          return;
        }
      } catch (e) {
        lastError = e;
        if (e instanceof BackendError && !e.retryable) break;
      }
      if (Date.now() >= deadline) break;
      await sleep(recoverPollMs, signal);
    }
    const why = lastError instanceof Error ? ` (${lastError.message})` : '';
    yield* mapper.fail('timeout', `The event stream was lost and the final status could not be learnt within ${Math.round(recoverMaxWaitMs / 1000)} s${why}.`);
  }

  async function startStreaming(app: App, req: StartRunRequest, signal: AbortSignal | undefined): Promise<RunHandle> {
    const trigger = req.trigger ?? 'manual';
    const body = { ...splitRunInputs(req.inputs), user, response_mode: 'streaming' as const };
    const res = await app.client.runStreaming(body, signal);
    const url = `${app.client.baseUrl}/workflows/run`;
    const iterator = readSse(res, { signal, isFinal: isFinalMessage, idleTimeoutMs, url });
    const mapper = new DifyTraceMapper({ flowId: app.flowId, inputs: req.inputs, trigger });
    const followers = following.get(app.flowId) ?? following.set(app.flowId, new Set()).get(app.flowId)!;
    followers.add(mapper);
    const pending: DifyTraceEvent[] = [];
    // The run id arrives with `workflow_started`; the handle needs it (stop, history).
    while (!mapper.workflowRunId && !mapper.isFinished) {
      let next: IteratorResult<SseMessage>;
      try {
        next = await iterator.next();
      } catch (e) {
        followers.delete(mapper);
        await iterator.return(undefined).catch(() => undefined);
        throw e;
      }
      if (next.done) {
        followers.delete(mapper);
        throw new BackendError('network', `The server closed the event stream (${url}) before the run started. Retry.`);
      }
      let raw: unknown;
      try {
        raw = sseJson(next.value);
      } catch {
        continue;
      }
      const head = raw as { event?: unknown; message?: unknown; code?: unknown };
      if (head.event === 'error' && !mapper.workflowRunId) {
        followers.delete(mapper);
        await iterator.return(undefined).catch(() => undefined);
        throw new BackendError('internal', `Dify could not start the run: ${String(head.message ?? 'error event')}`, {
          serverCode: typeof head.code === 'string' ? head.code : undefined,
          serverMessage: typeof head.message === 'string' ? head.message : undefined,
        });
      }
      pending.push(...mapper.feed(raw));
    }
    const runId = mapper.workflowRunId!;
    const liveRun: LiveRun = { app, taskId: mapper.taskId ?? '', stopRequested: false };
    live.set(runId, liveRun);

    async function* follow(): AsyncGenerator<TraceEvent> {
      const all: DifyTraceEvent[] = [];
      const out = function* (events: Iterable<DifyTraceEvent>) {
        for (const e of events) {
          all.push(e);
          yield e;
        }
      };
      try {
        yield* out(pending);
        while (!mapper.isFinished) {
          let next: IteratorResult<SseMessage>;
          try {
            next = await iterator.next();
          } catch (e) {
            const err = e instanceof BackendError ? e : new BackendError('network', String(e), { cause: e });
            if (err.code === 'cancelled') yield* out(mapper.fail('cancelled', 'Stopped following the run; it may still be going on the server.'));
            else if (err.code === 'network' || err.code === 'timeout') {
              for await (const ev of recoverAfterDrop(app, mapper, err, signal)) yield* out([ev]);
            } else yield* out(mapper.fail('failed', err.message, typeof err.serverCode === 'string' ? err.serverCode : undefined));
            break;
          }
          if (next.done) {
            for await (const ev of recoverAfterDrop(app, mapper, new BackendError('network', 'the stream ended before workflow_finished'), signal)) yield* out([ev]);
            break;
          }
          let raw: unknown;
          try {
            raw = sseJson(next.value);
          } catch (e) {
            yield* out(mapper.note('warn', e instanceof Error ? e.message : String(e)));
            continue;
          }
          yield* out(mapper.feed(raw));
        }
      } finally {
        live.delete(runId);
        await iterator.return(undefined).catch(() => undefined);
        record(app, mapper, all, trigger);
        followers.delete(mapper);
      }
    }
    return { runId, events: follow() };
  }

  async function startBlocking(app: App, req: StartRunRequest, signal: AbortSignal | undefined): Promise<RunHandle> {
    const trigger = req.trigger ?? 'manual';
    const startedAt = Date.now();
    const answer = await app.client.runBlocking({ ...splitRunInputs(req.inputs), user, response_mode: 'blocking' }, signal);
    const mapper = new DifyTraceMapper({ runId: answer.workflow_run_id, flowId: app.flowId, inputs: req.inputs, trigger, now: () => startedAt });
    const events: DifyTraceEvent[] = [
      ...mapper.note('info', 'Blocking mode: Dify sends the result only, without node events.'),
      ...mapper.feed({ event: 'workflow_finished', data: answer.data }),
    ];
    record(app, mapper, events, trigger);
    async function* replay(): AsyncGenerator<TraceEvent> {
      yield* events;
    }
    return { runId: answer.workflow_run_id, events: replay() };
  }

  function summaryFromServer(flowId: string, row: { id: string; status: Parameters<typeof runStatusOf>[0]; error?: string | null; created_at: number; finished_at?: number | null }, createdFrom: string | null | undefined): RunSummary {
    const s: RunSummary = {
      id: row.id,
      flowId,
      status: runStatusOf(row.status),
      startedAt: row.created_at,
      finishedAt: row.finished_at ?? null,
      trigger: `${SERVER_RUN_TRIGGER_PREFIX}${createdFrom ?? 'server'}`,
    };
    if (row.error) s.error = row.error;
    return s;
  }

  async function findRun(runId: string): Promise<{ app: App; detail: DifyRunDetail } | undefined> {
    for (const app of apps.values()) {
      try {
        return { app, detail: await app.client.runDetail(runId) };
      } catch (e) {
        if (e instanceof BackendError && e.code === 'not-found') continue;
        throw e;
      }
    }
    return undefined;
  }

  const adapter: DifyAdapter = {
    id: options.id ?? 'dify',
    label: options.label ?? 'Dify',
    capabilities: CAPABILITIES,
    referenceSyntax: difySyntax as ReferenceSyntax,

    async apps() {
      return Promise.all([...apps.values()].map(loadInfo));
    },

    async testConnection() {
      for (const app of apps.values()) app.info = undefined;
      const list = await adapter.apps();
      return { ok: list.every((a) => !a.error), apps: list };
    },

    async listFlows(query: ListFlowsQuery = {}) {
      const all = await Promise.all([...apps.values()].map(async (app) => summaryOf(app, await loadInfo(app))));
      let items = all;
      if (query.search) {
        const needle = query.search.toLowerCase();
        items = items.filter((s) => s.name.toLowerCase().includes(needle) || s.description.toLowerCase().includes(needle));
      }
      if (query.tags?.length) items = items.filter((s) => query.tags!.every((t) => s.tags.includes(t)));
      if (query.sortBy === 'name') items.sort((a, b) => a.name.localeCompare(b.name) * (query.order === 'desc' ? -1 : 1));
      const offset = query.offset ?? 0;
      const limit = query.limit ?? items.length;
      return { items: items.slice(offset, offset + limit), total: items.length, offset, limit };
    },

    async getFlow(id): Promise<SavedFlow> {
      const app = appOf(id);
      const flow = await flowOf(app);
      return { flow, summary: summaryOf(app, app.info!) };
    },

    saveFlow() {
      return Promise.reject(readOnly('Saving'));
    },

    deleteFlow() {
      return Promise.reject(readOnly('Deleting'));
    },

    async listCategories(): Promise<ModuleCategory[]> {
      return [DIFY_CATEGORY];
    },

    async listModules(): Promise<ModuleDefinition[]> {
      const starts = [...apps.values()].map((app) => startModule(app.flowId, app.info?.name ?? fallbackName(app), app.parameters));
      const observed = new Set<string>();
      for (const app of apps.values()) for (const n of Object.values(graphOf(app.flowId).nodes)) observed.add(n.nodeType);
      const known = new Set(DIFY_NODE_MODULES.map((m) => m.id));
      const extra = [...observed].filter((t) => t !== 'start' && !known.has(`dify.${t}`)).map(genericModule);
      return [...starts, ...DIFY_NODE_MODULES, ...extra];
    },

    async getModule(id) {
      const app = [...apps.values()].find((a) => startModuleIdOf(a.flowId) === id);
      if (app) return startModule(app.flowId, (await loadInfo(app)).name, await loadParameters(app));
      const mod = (await adapter.listModules()).find((m) => m.id === id);
      if (!mod) throw new BackendError('not-found', `Dify has no node type "${id}".`);
      return mod;
    },

    async startRun(req, signal) {
      const app = appOf(req.flowId);
      if (options.responseMode === 'blocking') return startBlocking(app, req, signal);
      return startStreaming(app, req, signal);
    },

    async cancelRun(runId) {
      const run = live.get(runId);
      if (!run) {
        if (records.getRun(runId)) return;
        throw new BackendError('not-found', `No running Dify run ${runId} was started from this tab; only those can be stopped (the stop API needs the task id from the stream).`);
      }
      run.stopRequested = true;
      await run.app.client.stop(run.taskId, user);
    },

    async listRuns(flowId, opts = {}) {
      const app = appOf(flowId);
      const limit = opts.limit ?? 20;
      const offset = opts.offset ?? 0;
      const status = difyStatusOf(opts.status);
      const local = records.listRuns(flowId).filter((r) => !opts.status || r.summary.status === opts.status);
      const logs = opts.status && !status ? null : await app.client.logs({ page: 1, limit: Math.min(100, offset + limit), status });
      const merged = new Map<string, RunSummary>();
      const serverIds = new Set<string>();
      for (const row of logs?.data ?? []) {
        serverIds.add(row.workflow_run.id);
        const mine = local.find((r) => r.summary.id === row.workflow_run.id);
        merged.set(row.workflow_run.id, mine?.summary ?? summaryFromServer(flowId, row.workflow_run, row.created_from));
      }
      for (const r of local) if (!merged.has(r.summary.id)) merged.set(r.summary.id, r.summary);
      const items = [...merged.values()].sort((a, b) => b.startedAt - a.startedAt);
      const localOnly = local.filter((r) => !serverIds.has(r.summary.id)).length;
      return { items: items.slice(offset, offset + limit), total: (logs?.total ?? 0) + localOnly, offset, limit };
    },

    async getRunEvents(runId) {
      const recorded: RecordedRun | undefined = records.getRun(runId);
      if (recorded) return recorded.events;
      const found = await findRun(runId);
      if (!found) throw new BackendError('not-found', `No Dify run ${runId} in this connection's apps.`);
      const { app, detail } = found;
      const startedAt = detail.created_at ?? Date.now();
      const mapper = new DifyTraceMapper({ runId, flowId: app.flowId, inputs: parseInputs(detail.inputs), trigger: `${SERVER_RUN_TRIGGER_PREFIX}server`, now: () => startedAt });
      const events = [
        ...mapper.note('info', 'Recorded on the Dify server: a summary only, no node events (runs started from this browser replay in full).'),
        ...(runStatusOf(detail.status) === 'running' ? [] : mapper.feed({ event: 'workflow_finished', data: detail })),
      ];
      return events;
    },

    async uploadFile(flowId, file, name) {
      const app = appOf(flowId);
      const fileName = name ?? (file as { name?: string }).name ?? 'upload';
      const got = await app.client.upload(file, fileName, user);
      return { id: got.id, name: got.name };
    },

    async parameters(flowId) {
      return loadParameters(appOf(flowId));
    },

    async runInputSchema(flowId) {
      return { source: 'dify-user-input-form', form: formOfParameters(await loadParameters(appOf(flowId))) };
    },

    async searchLogs(flowId, query) {
      const app = appOf(flowId);
      const page = await app.client.logs(query);
      const local = new Map(records.listRuns(flowId).map((r) => [r.summary.id, r.summary]));
      return {
        items: page.data.map((row) => local.get(row.workflow_run.id) ?? summaryFromServer(flowId, row.workflow_run, row.created_from)),
        total: page.total,
        offset: (page.page - 1) * page.limit,
        limit: page.limit,
      };
    },

    async runDetail(flowId, runId) {
      const d = await appOf(flowId).client.runDetail(runId);
      const s: RunSummary & { outputs?: unknown; totalTokens?: number; totalSteps?: number } = {
        id: d.id,
        flowId,
        status: runStatusOf(d.status),
        startedAt: d.created_at ?? 0,
        finishedAt: d.finished_at ?? null,
        trigger: records.getRun(runId)?.summary.trigger ?? `${SERVER_RUN_TRIGGER_PREFIX}server`,
      };
      if (d.error) s.error = d.error;
      if (d.outputs !== undefined && d.outputs !== null) s.outputs = d.outputs;
      if (typeof d.total_tokens === 'number') s.totalTokens = d.total_tokens;
      if (typeof d.total_steps === 'number') s.totalSteps = d.total_steps;
      return s;
    },

    dispose() {
      disposer.abort();
    },
  };
  return adapter;
}
