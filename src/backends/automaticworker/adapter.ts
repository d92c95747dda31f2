/**
 * The AutoMaticWorker adapter (seed 002): flows as graphs, node types as JSON Schema modules, sync or async
 * executions followed by polling with back-off, history with paging and the status filter, JSON / Python
 * export, webhooks. Every choice where the document is vague is in README.md.
 */
import type { Flow } from '../../model/flow';
import type { ModuleCategory, ModuleDefinition } from '../../model/modules';
import { toGraphFlow } from '../../model/structure';
import { landedCreates, mayHaveLanded, sleep } from '../transport';
import type { ConnectionTestResult } from '../descriptor';
import type { TraceEvent } from '../trace';
import {
  BackendError,
  type BackendAdapter,
  type Capabilities,
  type ExportedFile,
  type ImportReportEntry,
  type FlowSummary,
  type ListFlowsQuery,
  type Page,
  type RunHandle,
  type RunStatus,
  type RunSummary,
  type SavedFlow,
  type SaveFlowRequest,
  type StartRunRequest,
  type Webhook,
} from '../types';
import { AmwClient, type AmwClientOptions } from './client';
import { amwFlowSchema } from './document';
import { DEFAULT_MAPPING, documentMeta, documentToFlow, flowToDocument, type AmwMappingOptions } from './mapping';
import { categoriesOf, nodeTypeListSchema, nodeTypeSchema, nodeTypeToModule, type NodeTypeDto } from './modules';
import { exportFile, importCandidates } from './io';
import { automaticworkerSyntax } from './references';
import { executionSchema, isTerminal, runStatusOf, serverStatusFor, traceFromExecution, type ExecutionRecord } from './run-trace';
import { z } from 'zod';

export interface AmwAdapterOptions extends AmwClientOptions {
  /** Adapter id (`automaticworker:<connection id>`). */
  id?: string;
  label?: string;
  /** `async` (default): `async: true`, then poll; `sync`: the execute call waits for the result. */
  runMode?: 'async' | 'sync';
  /** First poll interval; grows by `pollBackoff` while nothing changes, up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  pollBackoff?: number;
  maxPollIntervalMs?: number;
  /** Failed polls in a row (network, 5xx, 429) tolerated before the run's stream ends with the error. */
  maxPollErrors?: number;
  /** Read each flow in `listFlows` for its step count and revision (default true; the list has neither). */
  listDetails?: boolean;
  /** Read the stored flow before an update and refuse a stale save (default true). */
  checkConflicts?: boolean;
  mapping?: Partial<AmwMappingOptions>;
}

export type { Webhook } from '../types';

export const WEBHOOK_EVENTS = ['flow.executed', 'flow.failed'] as const;

export interface AmwAdapter extends BackendAdapter {
  readonly client: AmwClient;
  /** Signs in now (the connection test, the sign-in form). */
  signIn(): Promise<void>;
  signOut(): void;
  exportFlow(flowId: string, format: 'python' | 'json'): Promise<ExportedFile>;
  listWebhooks(): Promise<Webhook[]>;
  /** Without `secret` one is generated; the answer carries it once, the server never shows it again. */
  createWebhook(req: { url: string; events: string[]; secret?: string }): Promise<{ webhook: Webhook; secret: string }>;
  deleteWebhook(id: string): Promise<void>;
  /** The node type as the server describes it (input / output schema, example usage). */
  getNodeType(id: string): Promise<NodeTypeDto>;
}

const CAPABILITIES: Capabilities = {
  editFlows: true,
  folders: false,
  nestedFolders: false,
  versions: false,
  publish: false,
  revertDraft: false,
  duplicate: true,
  move: false,
  enableDisable: false,
  favourites: false,
  tags: false,
  run: true,
  cancelRun: false,
  runHistory: true,
  logs: true,
  importExport: true,
  conflictDetection: true,
  testStep: false,
  structures: ['graph'],
  // Execute runs the stored flow: the run panel saves first.
  runNeedsSavedFlow: true,
};

const flowListSchema = z.object({ flows: z.array(z.object({ id: z.union([z.number(), z.string()]), name: z.string() }).loose()) }).loose();
const createdSchema = z.object({ id: z.union([z.number(), z.string()]) }).loose();
const executeSchema = z.object({ execution_id: z.union([z.string(), z.number()]).transform(String), status: z.string().optional() }).loose();
const historySchema = z
  .object({
    executions: z.array(executionSchema),
    pagination: z.object({ page: z.number(), per_page: z.number(), total: z.number(), pages: z.number().optional() }).loose().optional(),
  })
  .loose();
const webhookSchema = z
  .object({ id: z.union([z.string(), z.number()]).transform(String), url: z.string(), events: z.array(z.string()).default([]), created_at: z.string().nullable().optional() })
  .loose();

/** A stable, cheap fingerprint of a document's content (FNV-1a, 52 bits). */
function fingerprint(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${(h2 & 0xfffff).toString(16).padStart(5, '0')}`;
}

/**
 * `updated_at` is to the second, so two saves in one second share it; the revision adds a fingerprint of
 * the stored content, which any change moves.
 */
export function revisionOf(doc: Record<string, unknown>): string {
  const { id: _i, created_at: _c, updated_at, ...content } = doc;
  return `${typeof updated_at === 'string' ? updated_at : ''}#${fingerprint(JSON.stringify(content))}`;
}

function fileNameFrom(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8'[^']*')?([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to filename=
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
  return (plain?.[2] ?? plain?.[1])?.trim() || undefined;
}

function randomSecret(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export function createAmwAdapter(options: AmwAdapterOptions): AmwAdapter {
  const client = new AmwClient(options);
  const mapping: AmwMappingOptions = { ...DEFAULT_MAPPING, ...options.mapping };
  /** Ids the editor used before the server gave its own (a new flow's local id) -> the server's id. */
  const aliases = new Map<string, string>();
  /** What a run was started as, so rebuilt traces say the same as the live stream did. */
  const runs = new Map<string, { flowId: string; trigger: string; conditions: Set<string> }>();
  let nodeTypes: Promise<NodeTypeDto[]> | null = null;
  const details = new Map<string, Promise<NodeTypeDto>>();
  const serverId = (id: string) => aliases.get(id) ?? id;


  const loadNodeTypes = (): Promise<NodeTypeDto[]> => {
    nodeTypes ??= client.json('/node-types', { parse: (raw) => nodeTypeListSchema.parse(raw).node_types }).catch((e: unknown) => {
      nodeTypes = null;
      throw e;
    });
    return nodeTypes;
  };

  async function getDocument(id: string): Promise<Record<string, unknown>> {
    return client.json(`/flows/${encodeURIComponent(serverId(id))}`, {
      parse: (raw) => {
        amwFlowSchema.parse(raw);
        return raw as Record<string, unknown>;
      },
    });
  }

  function savedFrom(doc: Record<string, unknown>): SavedFlow {
    const flow = documentToFlow(doc, mapping);
    const meta = documentMeta(doc);
    const summary: FlowSummary = {
      id: meta.id,
      name: flow.name,
      description: flow.description,
      folderId: null,
      tags: flow.tags,
      enabled: true,
      favourite: false,
      stepCount: Object.keys(flow.steps).length,
      modifiedAt: Date.parse(meta.updatedAt ?? '') || 0,
      revision: revisionOf(doc),
    };
    return { flow, summary };
  }

  async function listFlows(query: ListFlowsQuery = {}): Promise<Page<FlowSummary>> {
    const rows = await client.json('/flows', { parse: (raw) => flowListSchema.parse(raw).flows });
    let summaries: FlowSummary[];
    if (options.listDetails ?? true) {
      const saved = await mapLimited(rows, 4, async (r) => {
        try {
          return savedFrom(await getDocument(String(r.id))).summary;
        } catch (e) {
          // Deleted between the list and the read: not listed.
          if (e instanceof BackendError && e.code === 'not-found') return null;
          throw e;
        }
      });
      summaries = saved.filter((s): s is FlowSummary => s !== null);
    } else {
      summaries = rows.map((r) => ({
        id: String(r.id),
        name: r.name,
        description: typeof r.description === 'string' ? r.description : '',
        folderId: null,
        tags: [],
        enabled: true,
        favourite: false,
        stepCount: 0,
        modifiedAt: Date.parse(typeof r.updated_at === 'string' ? r.updated_at : '') || 0,
        revision: typeof r.updated_at === 'string' ? r.updated_at : '',
      }));
    }
    if (query.folderId) summaries = [];
    const needle = query.search?.trim().toLowerCase();
    if (needle) summaries = summaries.filter((s) => s.name.toLowerCase().includes(needle) || s.description.toLowerCase().includes(needle));
    if (query.sortBy === 'name') summaries.sort((a, b) => a.name.localeCompare(b.name));
    else if (query.sortBy === 'modifiedAt') summaries.sort((a, b) => a.modifiedAt - b.modifiedAt);
    if (query.order === 'desc') summaries.reverse();
    const offset = query.offset ?? 0;
    const limit = query.limit ?? summaries.length;
    return { items: summaries.slice(offset, offset + limit), total: summaries.length, offset, limit };
  }

  async function createDocument(body: Record<string, unknown>): Promise<SavedFlow> {
    const created = await client.json('/flows', { method: 'POST', body, parse: (raw) => createdSchema.parse(raw) });
    return savedFrom(await getDocument(String(created.id)));
  }

  // A create whose answer broke is looked for before it is sent again: the server assigns ids, so a second
  // POST would make a second flow.
  const guardCreate = landedCreates(() => ({ listFlows, getFlow: async (id) => savedFrom(await getDocument(id)) }));

  async function saveFlow(req: SaveFlowRequest): Promise<SavedFlow> {
    const graph = req.flow.structure === 'graph' ? req.flow : toGraphFlow(req.flow);
    const body = flowToDocument(graph, mapping);
    if (req.baseRevision === null) {
      const saved = await guardCreate(req.flow, () => createDocument(body));
      if (req.flow.id !== saved.summary.id) aliases.set(req.flow.id, saved.summary.id);
      return saved;
    }
    const id = serverId(req.flow.id);
    if (!req.force && (options.checkConflicts ?? true)) {
      const current = savedFrom(await getDocument(id));
      if (current.summary.revision !== req.baseRevision) {
        throw new BackendError('conflict', `"${current.flow.name}" was changed on the server since it was opened.`, { current, details: { baseRevision: req.baseRevision } });
      }
    }
    await client.json(`/flows/${encodeURIComponent(id)}`, { method: 'PUT', body });
    return savedFrom(await getDocument(id));
  }

  function conditionNodesOf(doc: Record<string, unknown> | null): Set<string> {
    const nodes = Array.isArray(doc?.nodes) ? (doc.nodes as Array<Record<string, unknown>>) : [];
    return new Set(nodes.filter((n) => mapping.conditionTypes.includes(String(n.type))).map((n) => String(n.id)));
  }

  async function getExecution(id: string, signal?: AbortSignal): Promise<ExecutionRecord> {
    return client.json(`/executions/${encodeURIComponent(id)}`, { parse: (raw) => executionSchema.parse(raw), signal });
  }

  /** Polls the execution with back-off: faster while it moves, slower while it does not, patient with faults. */
  async function* follow(runId: string, signal: AbortSignal | undefined): AsyncGenerator<TraceEvent> {
    const run = runs.get(runId)!;
    const ctx = { runId, flowId: run.flowId, trigger: run.trigger, conditionNodes: run.conditions };
    let emitted = 0;
    let interval = options.pollIntervalMs ?? 150;
    let errors = 0;
    for (;;) {
      let exec: ExecutionRecord;
      try {
        exec = await getExecution(runId, signal);
        errors = 0;
      } catch (e) {
        if (signal?.aborted) throw new BackendError('cancelled', 'Stopped following the run.');
        if (!(e instanceof BackendError) || !e.retryable || ++errors > (options.maxPollErrors ?? 5)) throw e;
        await sleep(Math.min(options.maxPollIntervalMs ?? 2000, interval * 2 ** errors), signal);
        continue;
      }
      const events = traceFromExecution(exec, ctx);
      const fresh = events.slice(emitted);
      emitted = events.length;
      for (const e of fresh) yield e;
      if (isTerminal(runStatusOf(exec.status))) return;
      interval = fresh.length > 0 ? (options.pollIntervalMs ?? 150) : Math.min(options.maxPollIntervalMs ?? 2000, interval * (options.pollBackoff ?? 1.5));
      await sleep(interval, signal);
    }
  }

  async function findStartedExecution(flowId: string, inputs: Record<string, unknown>, sentAt: number): Promise<{ execution_id: string } | null> {
    const history = await client.json(`/flows/${encodeURIComponent(flowId)}/executions`, { query: { page: 1, per_page: 10 }, parse: (raw) => historySchema.parse(raw) });
    const same = JSON.stringify(inputs ?? {});
    const near = (t: string | null | undefined) => !t || Math.abs(Date.parse(t) - sentAt) < 5 * 60_000 || Number.isNaN(Date.parse(t));
    // The history may leave the inputs out (the test server's does): then time and ownership decide.
    const found = history.executions.filter((x) => !runs.has(x.execution_id) && near(x.start_time) && (x.input_data == null || JSON.stringify(x.input_data) === same));
    return found.sort((a, b) => Date.parse(b.start_time ?? '') - Date.parse(a.start_time ?? ''))[0] ?? null;
  }

  async function startRun(req: StartRunRequest, signal?: AbortSignal): Promise<RunHandle> {
    const id = serverId(req.flowId);
    const doc = req.flow ? flowToDocument(req.flow.structure === 'graph' ? req.flow : toGraphFlow(req.flow), mapping) : await getDocument(id).catch(() => null);
    const mode = options.runMode ?? 'async';
    const sentAt = Date.now();
    let answer: { execution_id: string };
    try {
      answer = await client.json(`/flows/${encodeURIComponent(id)}/execute`, {
        method: 'POST',
        body: { input_data: req.inputs, ...(mode === 'async' ? { async: true } : {}) },
        parse: (raw) => executeSchema.parse(raw),
        signal,
        // A synchronous execution answers when it is done.
        timeoutMs: mode === 'sync' ? 10 * 60_000 : undefined,
      });
    } catch (e) {
      // Sent, but the answer broke: the execution most likely exists. Found in the flow's history (started
      // just now, the same inputs where listed, not one of ours), it is followed instead of reported as never
      // started.
      const landed = mayHaveLanded(e) && !signal?.aborted ? await findStartedExecution(id, req.inputs, sentAt).catch(() => null) : null;
      if (!landed) throw e;
      answer = landed;
    }
    runs.set(answer.execution_id, { flowId: req.flowId, trigger: req.trigger ?? 'manual', conditions: conditionNodesOf(doc) });
    return { runId: answer.execution_id, events: follow(answer.execution_id, signal) };
  }

  async function listRuns(flowId: string, opts: { limit?: number; offset?: number; status?: RunStatus } = {}): Promise<Page<RunSummary>> {
    const limit = Math.min(100, Math.max(1, opts.limit ?? 20));
    const offset = opts.offset ?? 0;
    const status = opts.status ? serverStatusFor(opts.status) : undefined;
    if (opts.status && !status) return { items: [], total: 0, offset, limit };
    const page = Math.floor(offset / limit) + 1;
    const read = (p: number) =>
      client.json(`/flows/${encodeURIComponent(serverId(flowId))}/executions`, {
        query: { page: p, per_page: limit, status },
        parse: (raw) => historySchema.parse(raw),
      });
    const answer = await read(page);
    // An offset inside a page: the rest of this page and the start of the next.
    const skip = offset % limit;
    let rows = answer.executions;
    if (skip > 0) {
      const more = rows.length === limit ? (await read(page + 1)).executions : [];
      rows = [...rows, ...more].slice(skip, skip + limit);
    }
    const items = rows.map(
      (e): RunSummary => {
        const s: RunSummary = {
          id: e.execution_id,
          flowId,
          status: runStatusOf(e.status),
          startedAt: Date.parse(e.start_time ?? '') || 0,
          finishedAt: Date.parse(e.end_time ?? '') || null,
          trigger: runs.get(e.execution_id)?.trigger ?? 'manual',
        };
        return s;
      },
    );
    return { items, total: answer.pagination?.total ?? items.length, offset, limit };
  }

  async function getRunEvents(runId: string): Promise<TraceEvent[]> {
    const exec = await getExecution(runId);
    let run = runs.get(runId);
    if (!run) {
      const flowId = exec.flow_id !== undefined ? String(exec.flow_id) : '';
      const doc = flowId ? await getDocument(flowId).catch(() => null) : null;
      run = { flowId, trigger: 'manual', conditions: conditionNodesOf(doc) };
    }
    return traceFromExecution(exec, { runId, flowId: run.flowId, trigger: run.trigger, conditionNodes: run.conditions });
  }

  async function exportFlow(flowId: string, format: 'python' | 'json'): Promise<ExportedFile> {
    const id = serverId(flowId);
    const res = await client.response(`/flows/${encodeURIComponent(id)}/export`, { query: { format } });
    const data = new Uint8Array(await res.arrayBuffer());
    const name = fileNameFrom(res.headers.get('content-disposition')) ?? `flow_${id}.${format === 'python' ? 'py' : 'json'}`;
    return { name, mime: res.headers.get('content-type') ?? (format === 'python' ? 'text/x-python' : 'application/json'), data };
  }

  /** Start and end nodes, named as the server names their types: the server refuses a flow without them. */
  async function newFlowTemplate(init: { id: string; name: string }): Promise<Flow> {
    const types = await loadNodeTypes().catch(() => [] as NodeTypeDto[]);
    const nameOf = (type: string, fallback: string) => types.find((t) => t.id === type)?.name ?? fallback;
    const doc = {
      id: init.id,
      name: init.name,
      description: '',
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: { [mapping.titleField]: nameOf('start', 'Start') } },
        { id: 'end', type: 'end', position: { x: 0, y: 160 }, data: { [mapping.titleField]: nameOf('end', 'End') } },
      ],
      edges: [{ id: 'edge1', source: 'start', target: 'end' }],
    };
    return documentToFlow(doc, mapping);
  }

  const adapter: AmwAdapter = {
    id: options.id ?? 'automaticworker',
    label: options.label ?? 'AutoMaticWorker',
    capabilities: CAPABILITIES,
    referenceSyntax: automaticworkerSyntax,
    client,

    async signIn() {
      await client.signIn();
    },
    signOut: () => client.signOut(),
    session: {
      isConnected: () => (client.tokenExpiresAt() ?? 0) > Date.now(),
      async connect() {
        await client.signIn();
      },
      // The API has no sign-out: the token is forgotten here and expires on the server.
      async disconnect() {
        client.signOut();
      },
      async check(): Promise<ConnectionTestResult> {
        const t0 = Date.now();
        const stageOf = (e: unknown) => {
          const code = e instanceof BackendError ? e.code : 'network';
          return code === 'unauthorized' || code === 'invalid' || code === 'forbidden' ? 'auth' : 'reach';
        };
        try {
          // A token held is checked by using it below (a 401 signs in again): a password that is not kept is
          // then not asked for again right after it was given.
          if ((client.tokenExpiresAt() ?? 0) <= Date.now()) await client.signIn();
        } catch (e) {
          return { ok: false, latencyMs: Date.now() - t0, stage: stageOf(e), error: e };
        }
        try {
          // Not the cached list: the check must reach the server.
          const types = await client.json('/node-types', { parse: (raw) => nodeTypeListSchema.parse(raw).node_types });
          return { ok: true, latencyMs: Date.now() - t0, summary: `AutoMaticWorker · ${types.length} node types · ${client.root}` };
        } catch (e) {
          return { ok: false, latencyMs: Date.now() - t0, stage: stageOf(e), error: e };
        }
      },
    },

    listFlows,
    getFlow: async (id) => savedFrom(await getDocument(id)),
    saveFlow,
    async deleteFlow(id) {
      await client.json(`/flows/${encodeURIComponent(serverId(id))}`, { method: 'DELETE' });
    },
    async duplicateFlow(id, opts) {
      const { flow } = savedFrom(await getDocument(id));
      const copy: Flow = { ...flow, name: opts?.name ?? `${flow.name} (copy)` };
      // No alias: the source's id is the server's own.
      return createDocument(flowToDocument(copy, mapping));
    },

    async listCategories(): Promise<ModuleCategory[]> {
      return categoriesOf(await loadNodeTypes());
    },
    async listModules(): Promise<ModuleDefinition[]> {
      return (await loadNodeTypes()).map((t) => nodeTypeToModule(t, mapping));
    },
    async getModule(id) {
      return nodeTypeToModule(await adapter.getNodeType(id), mapping);
    },
    getNodeType(id) {
      let p = details.get(id);
      if (!p) {
        p = client.json(`/node-types/${encodeURIComponent(id)}`, { parse: (raw) => nodeTypeSchema.parse(raw) });
        details.set(id, p);
        p.catch(() => details.delete(id));
      }
      return p;
    },

    startRun,
    listRuns,
    getRunEvents,
    exportFlow,
    newFlowTemplate,
    flowExports: {
      formats: [
        { id: 'python', label: 'export.python', language: 'python' },
        { id: 'json', label: 'export.json', language: 'json' },
      ],
      exportFlow: (flowId, format) => {
        if (format !== 'python' && format !== 'json') return Promise.reject(new BackendError('unsupported', `AutoMaticWorker exports python or json, not "${format}".`));
        return exportFlow(flowId, format);
      },
    },

    async exportFlows(ids, format) {
      const items = await mapLimited(ids, 4, async (id) => {
        const doc = await getDocument(id);
        return { flow: documentToFlow(doc, mapping), doc };
      });
      return exportFile(items, format);
    },
    async importFiles(files, opts): Promise<ImportReportEntry[]> {
      const report: ImportReportEntry[] = [];
      for (const c of importCandidates(files, mapping)) {
        if (!c.body) {
          report.push({ file: c.file, status: 'error', message: c.error ?? 'Not importable.' });
          continue;
        }
        if (opts.dryRun) {
          report.push({ file: c.file, status: 'imported', message: `Would create "${c.name ?? ''}".` });
          continue;
        }
        try {
          const created = await client.json('/flows', { method: 'POST', body: c.body, parse: (raw) => createdSchema.parse(raw) });
          report.push({ file: c.file, status: 'imported', flowId: String(created.id) });
        } catch (e) {
          report.push({ file: c.file, status: 'error', message: e instanceof Error ? e.message : String(e) });
        }
      }
      return report;
    },

    async listWebhooks() {
      const answer = await client.json('/webhooks', { parse: (raw) => z.object({ webhooks: z.array(webhookSchema) }).loose().parse(raw).webhooks });
      return answer.map((w) => ({ id: w.id, url: w.url, events: w.events, createdAt: w.created_at ?? null }));
    },
    async createWebhook(req) {
      const secret = req.secret ?? randomSecret();
      const w = await client.json('/webhooks', { method: 'POST', body: { url: req.url, events: req.events, secret }, parse: (raw) => webhookSchema.parse(raw) });
      return { webhook: { id: w.id, url: w.url, events: w.events, createdAt: w.created_at ?? null }, secret };
    },
    async deleteWebhook(id) {
      await client.json(`/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' });
    },

    // One object for the adapter's life (a getter made a new one on every read, e.g. every render).
    webhooks: {
      events: WEBHOOK_EVENTS,
      list: () => adapter.listWebhooks(),
      create: (req) => adapter.createWebhook(req),
      delete: (id) => adapter.deleteWebhook(id),
    },

    dispose() {
      runs.clear();
    },
  };
  return adapter;
}
