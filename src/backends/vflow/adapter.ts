/**
 * The vFlow backend adapter (vFlow Remote Web Editor API, seed document 001): an Android automation app that
 * serves `/api/v1` on the phone. See README.md beside this file for what is implemented and how the vague
 * parts of the document are read.
 */
import { deepEqual } from '../../model/equal';
import { DEFAULT_INPUT_PORT, type Flow } from '../../model/flow';
import type { ModuleCategory, ModuleDefinition, ModuleOutput, ValueType } from '../../model/modules';
import { syntaxFor } from '../../model/references/dialects';
import { vflowSyntax } from '../../model/references/vflow';
import { mayHaveLanded, pollToEvents, sleep } from '../transport';
import type { TraceEvent } from '../trace';
import {
  BackendError,
  type BackendAdapter,
  type Capabilities,
  type ExportedFile,
  type Folder,
  type FlowSummary,
  type ImportReportEntry,
  type ListFlowsQuery,
  type Page,
  type RunHandle,
  type RunStatus,
  type RunSummary,
  type SavedFlow,
  type SaveFlowRequest,
  type StartRunRequest,
} from '../types';
import { isBrokenResponse, VflowClient, type ConnectResult, type RateLimitKind, type RateLimitWait, type RequestOptions, type VerifyResult, type VflowClientOptions } from './client';
import { bundleFile, flowFile, importCandidates, uploadFor, type ImportCandidate } from './io';
import {
  catalogFrom,
  countSteps,
  FLOWBENCH_FIELD,
  flowToWorkflow,
  inferType,
  MANAGED_FIELDS,
  workflowRequestBody,
  workflowToFlow,
  type FlowbenchDataMode,
  type VflowCatalog,
} from './mapping';
import { inputsOfRun, isTerminal, runStatusOf, VflowRunTracker, type StepEventSource } from './run-trace';
import { inputsWithEnglishLabels, withEnglishLabels } from './module-labels';
import {
  batchResultSchema,
  categoriesSchema,
  createdFolderSchema,
  createdWorkflowSchema,
  deletedCountSchema,
  deletedSchema,
  duplicatedSchema,
  enabledSchema,
  executeAsyncSchema,
  executionDetailSchema,
  executionListSchema,
  exportJsonSchema,
  folderDeletedSchema,
  folderDetailSchema,
  foldersSchema,
  healthSchema,
  importResultSchema,
  inputSchemaSchema,
  logsSchema,
  magicVariablesSchema,
  moduleDetailSchema,
  modulesSchema,
  statsSchema,
  stopSchema,
  systemInfoSchema,
  updatedSchema,
  workflowListSchema,
  workflowSchema,
  type VflowExecutionDetail,
  type VflowExecutionSummary,
  type VflowFolder,
  type VflowHealth,
  type VflowLogEntry,
  type VflowMagicVariables,
  type VflowModuleDetail,
  type VflowModuleListEntry,
  type VflowStats,
  type VflowSystemInfo,
  type VflowWorkflow,
  type VflowWorkflowListItem,
} from './schemas';

/** Status-mode polling keeps its base rhythm until one step has been current this long. */
const STATUS_STEADY_MS = 1000;

export interface VflowAdapterOptions extends VflowClientOptions {
  /** Poll interval of a run's status and logs, ms. Default 250. */
  pollIntervalMs?: number;
  /** The longest pause between polls while nothing happens (a long step), ms. Default 2000. */
  maxPollIntervalMs?: number;
  /** Where step events come from: the log's start/complete entries (default) or `currentStep` changes. */
  stepEvents?: StepEventSource;
  /**
   * vFlow has no revision check: before an update the adapter reads `modifiedAt` and refuses a stale save with
   * a `conflict` (best effort: a write between that read and the PUT is not seen). Default true.
   */
  checkConflicts?: boolean;
  /** `isEnabled` of workflows created or imported from Flowbench flows (vFlow refuses to run disabled ones). Default true. */
  createEnabled?: boolean;
  /** Which input format `getModule` hands to the forms: `auto` picks input-schema when it covers every input. */
  inputSchema?: 'auto' | 'inputs' | 'input-schema';
  /** `timeout` (seconds) sent with each execution; default none (the workflow's maxExecutionTime applies). */
  runTimeoutSeconds?: number;
  /** Where step titles, positions, notes and run inputs are kept: inside `metadata` (default) or nowhere. */
  flowbenchData?: FlowbenchDataMode;
  /**
   * A create whose answer broke is looked for by name + folder among workflows modified since the request
   * (minus this much device clock skew), when the id Flowbench sent is not found. Default 5 minutes.
   */
  createdClockSkewMs?: number;
  label?: string;
}

export interface TestConnectionResult {
  ok: boolean;
  latencyMs: number;
  /** Which step failed: reaching the server, or authenticating. */
  stage?: 'health' | 'auth';
  error?: BackendError;
  serverVersion?: string;
  deviceInfo?: Record<string, unknown>;
}

export type VflowBatchAction = 'delete' | 'enable' | 'disable' | 'move';

export interface VflowAdapter extends BackendAdapter {
  /** POST /auth/token for this device (also done automatically on first use unless autoConnect is false). */
  connect(signal?: AbortSignal): Promise<ConnectResult>;
  verify(signal?: AbortSignal): Promise<VerifyResult>;
  /** Logs out: POST /auth/revoke and forget the tokens; calls fail with `unauthorized` until `connect()`. */
  revoke(): Promise<void>;
  isConnected(): Promise<boolean>;
  /** Reachability (health, no token) then authentication (verify, connecting if needed). Never throws. */
  testConnection(): Promise<TestConnectionResult>;
  systemInfo(): Promise<VflowSystemInfo>;
  stats(period?: 'today' | 'week' | 'month' | 'all'): Promise<VflowStats>;
  health(): Promise<VflowHealth>;
  magicVariables(flowId: string): Promise<VflowMagicVariables>;
  batch(action: VflowBatchAction, ids: string[], targetFolderId?: string | null): Promise<{ succeeded: string[]; failed: string[]; skipped: string[] }>;
  /** Deletes execution history: one run, all of a flow, or older than a time. */
  deleteRuns(filter: { flowId?: string; olderThan?: number }): Promise<number>;
  /** What the device last said of a rate-limit class (X-RateLimit-*), or null when unknown or reset since. */
  rateLimitState(kind: RateLimitKind): { limit: number | null; remaining: number; resetAt: number } | null;
}

/** Run polling: requests nobody waits for, told when they wait for the rate limit. */
type LiveRequest = Pick<RequestOptions<unknown>, 'background' | 'onRateLimitWait'>;

const CAPABILITIES_BASE: Omit<Capabilities, 'conflictDetection'> = {
  editFlows: true,
  folders: true,
  nestedFolders: true,
  versions: false,
  publish: false,
  revertDraft: false,
  duplicate: true,
  move: true,
  enableDisable: true,
  favourites: true,
  tags: true,
  run: true,
  cancelRun: true,
  runHistory: true,
  logs: true,
  importExport: true,
  testStep: false,
  structures: ['blocks'],
};

const VALUE_TYPES: ReadonlySet<string> = new Set(['string', 'number', 'boolean', 'dictionary', 'list', 'any', 'object', 'file']);

function valueType(t: string): ValueType {
  if (VALUE_TYPES.has(t)) return t as ValueType;
  if (t === 'integer' || t === 'float' || t === 'double') return 'number';
  if (t === 'array') return 'list';
  if (t === 'map') return 'dictionary';
  return 'any';
}

function text(t: string | undefined, en: string | undefined): { text: string; en?: string } {
  const out: { text: string; en?: string } = { text: t ?? en ?? '' };
  if (en !== undefined) out.en = en;
  return out;
}

function folderOf(f: VflowFolder): Folder {
  const { id, name, parentId, order, createdAt, modifiedAt, workflowCount, subfolderCount } = f;
  const out: Folder = { id, name, parentId: parentId ?? null, order: order ?? 0, createdAt: createdAt ?? 0, modifiedAt: modifiedAt ?? createdAt ?? 0 };
  const vflow: Record<string, unknown> = {};
  if (workflowCount !== undefined) vflow.workflowCount = workflowCount;
  if (subfolderCount !== undefined) vflow.subfolderCount = subfolderCount;
  if (Object.keys(vflow).length) out.extensions = { vflow };
  return out;
}

function summaryFromList(w: VflowWorkflowListItem, known?: { revision: number; count: number }): FlowSummary {
  return {
    id: w.id,
    name: w.name,
    description: w.description ?? '',
    folderId: w.folderId ?? null,
    tags: w.tags ?? [],
    enabled: w.isEnabled ?? true,
    favourite: w.isFavorite ?? false,
    stepCount: known && known.revision === (w.modifiedAt ?? 0) ? known.count : (w.stepCount ?? 0),
    modifiedAt: w.modifiedAt ?? 0,
    revision: String(w.modifiedAt ?? 0),
  };
}

function runSummaryOf(e: VflowExecutionSummary): RunSummary {
  const out: RunSummary = {
    id: e.executionId,
    flowId: e.workflowId,
    status: runStatusOf(e.status),
    startedAt: e.startedAt,
    finishedAt: e.completedAt ?? null,
    trigger: e.triggeredBy ?? 'manual',
  };
  const err = typeof e.error === 'string' ? e.error : e.error && typeof e.error === 'object' ? e.error.message : undefined;
  if (err) out.error = err;
  return out;
}

function moduleKindOf(entry: VflowModuleListEntry, catalog: VflowCatalog): ModuleDefinition['kind'] {
  return catalog.kindOf(entry.id);
}

function moduleFromList(entry: VflowModuleListEntry, catalog: VflowCatalog): ModuleDefinition {
  const { id, metadata, blockBehavior, ...rest } = entry;
  const { name, nameEn, icon, category, description, descriptionEn, ...metaRest } = metadata;
  const def: ModuleDefinition = {
    id,
    kind: moduleKindOf(entry, catalog),
    category,
    name: text(name, nameEn),
    inputSchema: { source: 'vflow-inputs', inputs: [] },
    outputs: [],
  };
  if (description !== undefined || descriptionEn !== undefined) def.description = text(description, descriptionEn);
  if (icon !== undefined) def.icon = icon;
  if (blockBehavior) {
    def.blockBehavior = { blockType: blockBehavior.blockType, endBlockId: blockBehavior.endBlockId ?? null };
    if (blockBehavior.canStartWorkflow !== undefined) def.blockBehavior.canStartWorkflow = blockBehavior.canStartWorkflow;
  }
  const vflow: Record<string, unknown> = { detailLoaded: false };
  if (catalog.isElse(id) || catalog.isEnd(id)) vflow.structural = true;
  if (def.kind === 'if') vflow.elseModule = catalog.declaredElseOf(id);
  if (Object.keys(metaRest).length) vflow.metadata = metaRest;
  if (Object.keys(rest).length) vflow.fields = rest;
  def.extensions = { vflow };
  // What the editor reads (no backend names above src/backends): whether an if step can hold an else branch.
  // Without an else module an if has no False port (`portsOf(step, module)`: the canvas offers no False handle).
  if (def.kind === 'if') {
    def.extensions.elseBranch = vflow.elseModule !== null;
    if (vflow.elseModule === null) def.ports = { inputs: [{ id: DEFAULT_INPUT_PORT }], outputs: [{ id: 'true' }] };
  }
  return def;
}

function outputOf(o: VflowModuleDetail['outputs'][number]): ModuleOutput {
  const out: ModuleOutput = { id: o.id, type: valueType(o.type), label: text(o.label ?? o.id, o.labelEn) };
  if (o.description !== undefined || o.descriptionEn !== undefined) out.description = text(o.description, o.descriptionEn);
  return out;
}

export function createVflowAdapter(options: VflowAdapterOptions): VflowAdapter {
  const client = new VflowClient(options);
  const pollMs = options.pollIntervalMs ?? 250;
  const maxPollMs = Math.max(pollMs, options.maxPollIntervalMs ?? 2000);
  const checkConflicts = options.checkConflicts !== false;
  const createEnabled = options.createEnabled !== false;
  const capabilities: Capabilities = { ...CAPABILITIES_BASE, conflictDetection: checkConflicts };
  const referenceSyntax = syntaxFor('vflow') ?? vflowSyntax;

  let modulesPromise: Promise<{ list: VflowModuleListEntry[]; catalog: VflowCatalog }> | null = null;
  const moduleDetails = new Map<string, Promise<ModuleDefinition>>();

  const modules = (): Promise<{ list: VflowModuleListEntry[]; catalog: VflowCatalog }> => {
    if (!modulesPromise) {
      modulesPromise = client.request('GET', '/modules', { schema: modulesSchema }).then(({ data }) => ({
        list: data.modules,
        catalog: catalogFrom(data.modules.map((m) => ({ id: m.id, category: m.metadata.category, blockBehavior: m.blockBehavior }))),
      }));
      modulesPromise.catch(() => {
        modulesPromise = null;
      });
    }
    return modulesPromise;
  };
  const catalog = async (): Promise<VflowCatalog> => (await modules()).catalog;

  const enc = encodeURIComponent;
  const flowbenchData = options.flowbenchData ?? 'metadata';

  /**
   * Flows created under an id the device chose (the document's create request has no id): Flowbench's id ->
   * the device's, so the editor's copy is still saved, run and deleted by the right id.
   */
  const deviceIds = new Map<string, string>();
  const rid = (id: string): string => deviceIds.get(id) ?? id;
  /** The id runs are reported under: the one the caller created the flow with. */
  const callerId = (deviceId: string): string => {
    for (const [mine, theirs] of deviceIds) if (theirs === deviceId) return mine;
    return deviceId;
  };

  /**
   * Steps per workflow revision, from details seen here: the list's `stepCount` may count every row (endif
   * included); the editor counts steps. A workflow not opened since its last change shows the device's count.
   */
  const stepCounts = new Map<string, { revision: number; count: number }>();

  /**
   * The content (everything but server-owned fields) of each revision this adapter has seen. Enable, disable,
   * move and favourite change `modifiedAt` too: a save whose base revision differs only in those is no conflict.
   */
  const contentByRevision = new Map<string, Map<string, string>>();
  const contentOf = (wf: VflowWorkflow): string => {
    const o: Record<string, unknown> = { ...wf };
    for (const k of MANAGED_FIELDS) delete o[k];
    return JSON.stringify(o);
  };
  function remember(wf: VflowWorkflow): void {
    let m = contentByRevision.get(wf.id);
    if (!m) contentByRevision.set(wf.id, (m = new Map()));
    m.set(String(wf.modifiedAt ?? 0), contentOf(wf));
    // A few revisions per flow are plenty: the editor's base is the latest it loaded or saved.
    while (m.size > 16) m.delete(m.keys().next().value as string);
  }

  async function fetchWorkflow(id: string, signal?: AbortSignal): Promise<VflowWorkflow> {
    const wf = (await client.request('GET', `/workflows/${enc(rid(id))}`, { schema: workflowSchema, signal })).data;
    remember(wf);
    return wf;
  }

  function savedOf(wf: VflowWorkflow, cat: VflowCatalog): SavedFlow {
    const { flow } = workflowToFlow(wf, cat);
    stepCounts.set(wf.id, { revision: wf.modifiedAt ?? 0, count: countSteps(wf.steps, cat) });
    const summary: FlowSummary = {
      id: wf.id,
      name: wf.name,
      description: wf.description ?? '',
      folderId: wf.folderId ?? null,
      tags: flow.tags,
      enabled: wf.isEnabled ?? true,
      favourite: wf.isFavorite ?? false,
      stepCount: countSteps(wf.steps, cat),
      modifiedAt: wf.modifiedAt ?? 0,
      revision: String(wf.modifiedAt ?? 0),
    };
    return { flow, summary };
  }

  async function getFlow(id: string): Promise<SavedFlow> {
    const [wf, cat] = await Promise.all([fetchWorkflow(rid(id)), catalog()]);
    return savedOf(wf, cat);
  }

  const summary = (w: VflowWorkflowListItem): FlowSummary => summaryFromList(w, stepCounts.get(w.id));

  async function listFlows(query: ListFlowsQuery = {}): Promise<Page<FlowSummary>> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const params = {
      includeDisabled: query.includeDisabled,
      sortBy: query.sortBy,
      order: query.order,
      search: query.search || undefined,
      tags: query.tags?.length ? query.tags.join(',') : undefined,
    };
    if (query.folderId === null) {
      // The list filters by folder id only: the root level is filtered here, over every page.
      const all: VflowWorkflowListItem[] = [];
      for (let page = 0; page < 40; page++) {
        const { data } = await client.request('GET', '/workflows', { query: { ...params, limit: 500, offset: page * 500 }, schema: workflowListSchema });
        all.push(...data.workflows);
        if (data.workflows.length < 500 || all.length >= data.total) break;
      }
      const root = all.filter((w) => (w.folderId ?? null) === null);
      return { items: root.slice(offset, offset + limit).map(summary), total: root.length, offset, limit };
    }
    const { data } = await client.request('GET', '/workflows', { query: { ...params, folderId: query.folderId, limit, offset }, schema: workflowListSchema });
    return { items: data.workflows.map(summary), total: data.total, offset: data.offset ?? offset, limit: data.limit ?? limit };
  }

  /** A write whose answer broke may have landed: this error is for when it did not. */
  function notLanded(e: BackendError, what: string): BackendError {
    return new BackendError('network', `The connection to vFlow broke before it answered; ${what} was not stored. Try again.`, {
      cause: e,
      details: e.details,
    });
  }

  /** Whether the stored workflow has every field of an update body (the write landed). */
  function hasFields(wf: VflowWorkflow, body: Record<string, unknown>): boolean {
    const stored = wf as VflowWorkflow & Record<string, unknown>;
    return Object.entries(body).every(([k, v]) => {
      if (k === 'tags') {
        const meta = stored.metadata;
        const t = meta && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Record<string, unknown>).tags : stored.tags;
        return deepEqual(t ?? stored.tags, v);
      }
      return deepEqual(stored[k] ?? null, v ?? null);
    });
  }

  /**
   * The workflow a create whose answer broke made, if any: by the id Flowbench sent, else by name + folder among
   * workflows modified since just before the request (the list has no createdAt).
   */
  async function findCreated(sentId: string, name: string, folderId: string | null, since: number): Promise<string | null> {
    try {
      const wf = await fetchWorkflow(sentId);
      if (wf.name === name) return wf.id;
    } catch (e) {
      if (!(e instanceof BackendError && e.code === 'not-found')) throw e;
    }
    const skew = options.createdClockSkewMs ?? 5 * 60_000;
    const { data } = await client.request('GET', '/workflows', { query: { search: name, limit: 500, sortBy: 'modifiedAt', order: 'desc' }, schema: workflowListSchema });
    const hit = data.workflows.find((w) => w.name === name && (w.folderId ?? null) === folderId && (w.modifiedAt ?? 0) >= since - skew);
    return hit?.id ?? null;
  }

  async function createFlow(req: SaveFlowRequest, wf: VflowWorkflow): Promise<SavedFlow> {
    const body = workflowRequestBody(wf, 'create', { folderId: req.folderId, enabled: createEnabled });
    const since = Date.now();
    let id: string;
    try {
      id = (await client.request('POST', '/workflows', { body, schema: createdWorkflowSchema })).data.id;
    } catch (e) {
      if (!isBrokenResponse(e)) throw e;
      const found = await findCreated(req.flow.id, req.flow.name, (body.folderId as string | null | undefined) ?? null, since);
      if (!found) throw notLanded(e as BackendError, `"${req.flow.name}"`);
      id = found;
    }
    if (id !== req.flow.id) deviceIds.set(req.flow.id, id);
    return getFlow(id);
  }

  async function saveFlow(req: SaveFlowRequest): Promise<SavedFlow> {
    const cat = await catalog();
    // Refusals (an else the device cannot store, a graph that does not nest) come here, before any write.
    const wf = flowToWorkflow(req.flow, cat, { flowbenchData });
    if (req.baseRevision === null) return createFlow(req, wf);
    const id = rid(req.flow.id);
    let current: VflowWorkflow | null = null;
    if (checkConflicts && !req.force) {
      current = await fetchWorkflow(id);
      const revision = String(current.modifiedAt ?? 0);
      const baseContent = contentByRevision.get(current.id)?.get(req.baseRevision);
      // Enable / disable / move / favourite bump modifiedAt without touching the content: not a conflict.
      if (revision !== req.baseRevision && baseContent !== contentOf(current)) {
        const cur = savedOf(current, cat);
        throw new BackendError('conflict', `"${cur.flow.name}" was changed on the device since it was opened here; reload it or keep your copy.`, {
          current: cur,
          details: { baseRevision: req.baseRevision, currentRevision: revision },
        });
      }
    }
    const body = workflowRequestBody(wf, 'update', { folderId: req.folderId });
    // Update is a merge of top-level fields: metadata that held only Flowbench data is cleared explicitly.
    const stored = current as (VflowWorkflow & Record<string, unknown>) | null;
    if (stored && !('metadata' in body) && stored.metadata && typeof stored.metadata === 'object' && FLOWBENCH_FIELD in stored.metadata) body.metadata = {};
    try {
      await client.request('PUT', `/workflows/${enc(id)}`, { body, schema: updatedSchema });
    } catch (e) {
      if (!isBrokenResponse(e)) throw e;
      if (!hasFields(await fetchWorkflow(id), body)) throw notLanded(e as BackendError, `the change to "${req.flow.name}"`);
    }
    return getFlow(id);
  }

  /** PUT of a server-owned field (folder, favourite), checked by re-reading when the answer broke. */
  async function setManaged(id: string, body: Record<string, unknown>): Promise<void> {
    try {
      await client.request('PUT', `/workflows/${enc(rid(id))}`, { body, schema: updatedSchema });
    } catch (e) {
      if (!isBrokenResponse(e)) throw e;
      if (!hasFields(await fetchWorkflow(id), body)) throw notLanded(e as BackendError, 'the change');
    }
  }

  async function batch(action: VflowBatchAction, ids: string[], targetFolderId?: string | null): Promise<{ succeeded: string[]; failed: string[]; skipped: string[] }> {
    const body: Record<string, unknown> = { action, workflowIds: ids };
    if (action === 'move') body.targetFolderId = targetFolderId ?? null;
    const { data } = await client.request('POST', '/workflows/batch', { body, schema: batchResultSchema });
    const ids_ = (xs: Array<string | { id: string }> | undefined): string[] => (xs ?? []).map((x) => (typeof x === 'string' ? x : x.id));
    return { succeeded: ids_(data.succeeded), failed: ids_(data.failed), skipped: ids_(data.skipped) };
  }

  async function getFolder(id: string): Promise<Folder> {
    return folderOf((await client.request('GET', `/folders/${enc(id)}`, { schema: folderDetailSchema })).data);
  }

  async function fetchLogs(runId: string, from: number, signal?: AbortSignal, live?: LiveRequest): Promise<VflowLogEntry[]> {
    const out: VflowLogEntry[] = [];
    for (let page = 0; page < 100; page++) {
      const { data } = await client.request('GET', `/executions/${enc(runId)}/logs`, { query: { offset: from + out.length, limit: 500 }, schema: logsSchema, signal, ...live });
      out.push(...data.logs);
      if (data.logs.length < 500 || from + out.length >= data.total) break;
    }
    return out;
  }

  async function status(runId: string, signal?: AbortSignal, live?: LiveRequest): Promise<VflowExecutionDetail> {
    return (await client.request('GET', `/executions/${enc(runId)}`, { schema: executionDetailSchema, signal, ...live })).data;
  }

  /** The inputs of the runs started here (a replay shows them even when the device does not record them). */
  const runInputs = new Map<string, Record<string, unknown>>();

  async function structureOf(flowId: string): Promise<{ wf: VflowWorkflow; flow: Flow } | null> {
    try {
      const [wf, cat] = await Promise.all([fetchWorkflow(flowId), catalog()]);
      return { wf, flow: workflowToFlow(wf, cat).flow };
    } catch (e) {
      if (e instanceof BackendError && e.code === 'not-found') return null;
      throw e;
    }
  }

  /** Executions started here: a broken answer's lookup never takes one of them for its own. */
  const runsStarted = new Set<string>();

  /** The newest execution of this workflow started around `sentAt` (minutes either way: device clocks drift). */
  async function findStartedRun(flowId: string, sentAt: number): Promise<VflowExecutionSummary | null> {
    const { data } = await client.request('GET', '/executions', { query: { workflowId: flowId, limit: 10, offset: 0 }, schema: executionListSchema });
    const candidates = data.executions.filter((x) => !runsStarted.has(x.executionId) && Math.abs(x.startedAt - sentAt) < 5 * 60_000);
    return candidates.sort((a, b) => b.startedAt - a.startedAt)[0] ?? null;
  }

  async function startRun(req: StartRunRequest, signal?: AbortSignal): Promise<RunHandle> {
    const flowId = rid(req.flowId);
    const structure = await structureOf(flowId);
    if (!structure) throw new BackendError('not-found', `There is no workflow "${req.flowId}" on the device; save the flow first.`);
    const inputVariables: Record<string, { type: string; value: unknown }> = {};
    for (const [k, v] of Object.entries(req.inputs)) inputVariables[k] = { type: inferType(v), value: v };
    const body: Record<string, unknown> = { inputVariables, async: true };
    if (options.runTimeoutSeconds) body.timeout = options.runTimeoutSeconds;
    let started;
    const sentAt = Date.now();
    try {
      started = (await client.request('POST', `/workflows/${enc(flowId)}/execute`, { body, schema: executeAsyncSchema, signal })).data;
    } catch (e) {
      // The execute was sent but its answer broke: the run is most likely going on the device. Found in the
      // execution list, it is followed like any other instead of being reported as never started.
      const landed = mayHaveLanded(e) && !signal?.aborted ? await findStartedRun(flowId, sentAt).catch(() => null) : null;
      if (landed) started = landed;
      else if (e instanceof BackendError && e.code === 'conflict' && e.serverCode === 1003) {
        throw new BackendError('conflict', `vFlow does not run disabled workflows: enable "${structure.wf.name}" first.`, {
          serverCode: e.serverCode,
          serverMessage: e.serverMessage,
          details: e.details,
          cause: e,
        });
      }
      else throw e;
    }
    const runId = started.executionId;
    runsStarted.add(runId);
    runInputs.set(runId, { ...req.inputs });
    const pending: TraceEvent[] = [];
    const tracker = new VflowRunTracker(runId, structure.wf.steps, structure.flow, (e) => pending.push(e), { stepEvents: options.stepEvents });
    tracker.start({ at: started.startedAt, flowId: callerId(flowId), inputs: { ...req.inputs }, trigger: 'manual' });
    const statusMode = options.stepEvents === 'status';
    const logsPath = `/executions/${enc(runId)}/logs`;
    const waitText = (w: RateLimitWait): string =>
      `Waiting for the rate limit: vFlow allows ${w.limit ?? 'a limited number of'} queries a minute; the trace resumes in ${Math.max(1, Math.ceil((w.until - Date.now()) / 1000))} s.`;
    const live: LiveRequest = { background: true, onRateLimitWait: (w) => tracker.notice(waitText(w)) };
    let offset = 0;
    let idle = 0;
    let noticed = false;
    let lastStep: string | null = null;
    let lastMovedAt = Date.now();
    const readLogs = async (sig: AbortSignal, s: VflowExecutionDetail | null): Promise<number> => {
      const logs = await fetchLogs(runId, offset, sig, live);
      offset += logs.length;
      tracker.onLogs(logs, statusMode ? s?.outputs : undefined);
      return logs.length;
    };
    // One request per tick where possible: logs while they flow, the status when they pause (is it over?),
    // backing off while a step is long and pacing by X-RateLimit-Remaining so a long run never stalls on 429.
    const events = pollToEvents<TraceEvent>(
      async (sig) => {
        if (tracker.done) return { items: pending.splice(0), done: true };
        const pace = client.backgroundPace('GET', logsPath);
        if (pace.resetWait) {
          if (!noticed) {
            noticed = true;
            tracker.notice(waitText(pace.resetWait));
            return { items: pending.splice(0), done: false };
          }
          await sleep(Math.max(0, pace.resetWait.until - Date.now()), sig);
        }
        noticed = false;
        const backoff = idle > 0 ? Math.min(maxPollMs, pollMs * 2 ** idle) : pollMs;
        const extra = Math.max(backoff, pace.spreadMs) - pollMs;
        if (extra > 0) await sleep(extra, sig);
        if (statusMode) {
          const s = await status(runId, sig, live);
          const n = await readLogs(sig, s);
          tracker.onStatus(s);
          // Status mode sees a step only while it is current: back off only once the same step has been
          // current for a while (a long step), never between short ones.
          const step = s.currentStep ? `${s.currentStepIndex ?? ''}:${s.currentStep.id}` : null;
          if (step !== lastStep) {
            lastStep = step;
            lastMovedAt = Date.now();
          }
          idle = n || Date.now() - lastMovedAt < STATUS_STEADY_MS ? 0 : idle + 1;
          if (isTerminal(s.status)) tracker.finish(s);
        } else if (idle === 0) {
          if (!(await readLogs(sig, null))) idle = 1;
        } else {
          const s = await status(runId, sig, live);
          const step = s.currentStep ? `${s.currentStepIndex ?? ''}:${s.currentStep.id}` : null;
          const moved = step !== lastStep;
          lastStep = step;
          if (isTerminal(s.status) || moved || idle % 4 === 0) idle = (await readLogs(sig, s)) ? 0 : idle + 1;
          else idle++;
          if (isTerminal(s.status)) tracker.finish(s);
        }
        return { items: pending.splice(0), done: tracker.done };
      },
      pollMs,
      signal,
    );
    return { runId, events };
  }

  async function getRunEvents(runId: string): Promise<TraceEvent[]> {
    const s = await status(runId);
    const logs = await fetchLogs(runId, 0);
    const structure = await structureOf(s.workflowId);
    const events: TraceEvent[] = [];
    const tracker = new VflowRunTracker(runId, structure?.wf.steps ?? null, structure?.flow ?? null, (e) => events.push(e), { stepEvents: options.stepEvents });
    const declared = (structure?.flow.inputs ?? []).map((i) => i.id);
    tracker.start({ at: s.startedAt, flowId: callerId(s.workflowId), inputs: inputsOfRun(runInputs.get(runId), logs, s, declared), trigger: s.triggeredBy ?? 'manual' });
    tracker.onLogs(logs, options.stepEvents === 'status' ? s.outputs : undefined);
    if (isTerminal(s.status)) tracker.finish(s);
    return events;
  }

  const vflowStatus: Partial<Record<RunStatus, string>> = { running: 'running', succeeded: 'completed', failed: 'failed', cancelled: 'cancelled', timeout: 'timeout' };

  async function exportFlows(ids: string[], format: 'json' | 'zip'): Promise<ExportedFile> {
    if (ids.length === 0) throw new BackendError('invalid', 'Nothing to export.');
    if (format === 'zip') {
      const r =
        ids.length === 1
          ? await client.requestBinary('GET', `/workflows/${enc(ids[0] as string)}/export`, { query: { format: 'zip', includeSteps: true } })
          : await client.requestBinary('POST', '/workflows/export-batch', { body: { workflowIds: ids, format: 'zip', includeSteps: true } });
      let name = r.filename ?? (ids.length === 1 ? 'workflow.zip' : 'workflows-export.zip');
      if (!name.toLowerCase().endsWith('.zip')) name = `${name}.zip`;
      return { name, mime: 'application/zip', data: r.data };
    }
    const cat = await catalog();
    const workflows: Record<string, unknown>[] = [];
    const flows: Flow[] = [];
    for (const id of ids) {
      const { data } = await client.request('GET', `/workflows/${enc(id)}/export`, { query: { format: 'json', includeSteps: true }, schema: exportJsonSchema });
      const parsed = workflowSchema.safeParse(data.workflow);
      if (!parsed.success) throw new BackendError('internal', `vFlow exported "${id}" in an unexpected shape.`, { details: parsed.error.issues.slice(0, 5) });
      workflows.push(data.workflow);
      flows.push(workflowToFlow(parsed.data, cat).flow);
    }
    return ids.length === 1 ? flowFile(flows[0] as Flow, workflows[0] as Record<string, unknown>) : bundleFile(flows, workflows);
  }

  async function importFiles(
    files: ExportedFile[],
    opts: { folderId: string | null; dryRun?: boolean; override?: boolean },
  ): Promise<ImportReportEntry[]> {
    const cat = await catalog();
    const cands = importCandidates(files, cat);
    const report = new Map<ImportCandidate, ImportReportEntry>();
    for (const c of cands) {
      if (c.error) report.set(c, { file: c.file, status: 'error', message: c.error });
      else if (c.workflow && !('isEnabled' in c.workflow)) c.workflow.isEnabled = createEnabled;
      if (c.workflow) c.workflow.folderId = opts.folderId;
    }
    const valid = cands.filter((c) => !c.error && c.workflow);
    if (opts.dryRun) {
      for (const c of valid) {
        const entry: ImportReportEntry = { file: c.file, status: 'imported', message: 'Valid; a dry run writes nothing (existing names are not checked).' };
        if (typeof c.workflow?.id === 'string') entry.flowId = c.workflow.id;
        report.set(c, entry);
      }
      return cands.map((c) => report.get(c) as ImportReportEntry);
    }
    const groups = new Map<number, ImportCandidate[]>();
    for (const c of valid) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
    for (const group of groups.values()) {
      const up = uploadFor(group);
      const form = new FormData();
      form.append('file', new Blob([up.file.data as BlobPart], { type: up.file.mime }), up.file.name);
      form.append('override', String(opts.override ?? false));
      if (opts.folderId) form.append('folderId', opts.folderId);
      try {
        const { data } = await client.request('POST', up.batch ? '/workflows/import-batch' : '/workflows/import', { body: form, schema: importResultSchema });
        const byName = new Map<string, ImportCandidate[]>();
        const unreported = new Set(group);
        (data.errors ?? []).forEach((err) => {
          const i = err.filename ? up.filenames.indexOf(err.filename) : up.batch ? -1 : 0;
          const c = group[i];
          if (c && unreported.has(c)) {
            unreported.delete(c);
            report.set(c, { file: c.file, status: 'error', message: err.error ?? 'vFlow could not import it.' });
          }
        });
        for (const c of unreported) byName.set(String(c.workflow?.name), [...(byName.get(String(c.workflow?.name)) ?? []), c]);
        const take = (name: string | undefined): ImportCandidate | undefined => {
          const q = byName.get(String(name));
          const c = q?.shift() ?? (group.length === 1 ? group.find((g) => unreported.has(g)) : undefined);
          if (c) unreported.delete(c);
          return c;
        };
        for (const imp of data.imported) {
          const c = take(imp.name);
          if (c) report.set(c, { file: c.file, status: 'imported', flowId: imp.workflowId });
        }
        for (const sk of data.skipped ?? []) {
          const c = take(sk.name);
          if (c) report.set(c, { file: c.file, status: 'skipped', message: sk.reason ?? 'Skipped by vFlow.' });
        }
        for (const c of unreported) report.set(c, { file: c.file, status: 'error', message: 'vFlow did not report on this workflow.' });
      } catch (e) {
        const msg = e instanceof BackendError ? e.message : String(e);
        for (const c of group) report.set(c, { file: c.file, status: 'error', message: msg });
      }
    }
    return cands.map((c) => report.get(c) as ImportReportEntry);
  }

  const adapter: VflowAdapter = {
    id: 'vflow',
    label: options.label ?? 'vFlow',
    capabilities,
    referenceSyntax,

    listFlows,
    getFlow,
    saveFlow,
    async deleteFlow(id) {
      try {
        await client.request('DELETE', `/workflows/${enc(rid(id))}`, { schema: deletedSchema });
      } catch (e) {
        if (!isBrokenResponse(e)) throw e;
        try {
          await fetchWorkflow(id);
        } catch (gone) {
          if (gone instanceof BackendError && gone.code === 'not-found') return;
          throw gone;
        }
        throw notLanded(e as BackendError, 'the deletion');
      }
    },
    async duplicateFlow(id, opts = {}) {
      const body: Record<string, unknown> = {};
      if (opts.name !== undefined) body.newName = opts.name;
      if (opts.folderId !== undefined) body.targetFolderId = opts.folderId;
      const { data } = await client.request('POST', `/workflows/${enc(rid(id))}/duplicate`, { body, schema: duplicatedSchema });
      return getFlow(data.newWorkflowId);
    },
    async moveFlow(id, folderId) {
      await setManaged(id, { folderId });
    },
    async setFlowEnabled(id, enabled) {
      try {
        await client.request('POST', `/workflows/${enc(rid(id))}/${enabled ? 'enable' : 'disable'}`, { schema: enabledSchema });
      } catch (e) {
        if (!isBrokenResponse(e)) throw e;
        if ((await fetchWorkflow(id)).isEnabled !== enabled) throw notLanded(e as BackendError, 'the change');
      }
    },
    async setFlowFavourite(id, favourite) {
      await setManaged(id, { isFavorite: favourite });
    },

    async listFolders() {
      return (await client.request('GET', '/folders', { schema: foldersSchema })).data.folders.map(folderOf);
    },
    async createFolder(name, parentId) {
      const { data } = await client.request('POST', '/folders', { body: { name, parentId }, schema: createdFolderSchema });
      return getFolder(data.id);
    },
    async updateFolder(id, patch) {
      await client.request('PUT', `/folders/${enc(id)}`, { body: patch, schema: updatedSchema });
      return getFolder(id);
    },
    async deleteFolder(id, contents) {
      if (contents.mode === 'delete') {
        await client.request('DELETE', `/folders/${enc(id)}`, { query: { deleteWorkflows: true }, schema: folderDeletedSchema });
        return;
      }
      const { data } = await client.request('GET', `/folders/${enc(id)}`, { schema: folderDetailSchema });
      if (contents.moveTo !== null) {
        // `moveWorkflowsTo` names workflows only: the subfolders are moved here first, whatever the device
        // would do with them.
        for (const sub of data.subfolders ?? []) await client.request('PUT', `/folders/${enc(sub.id)}`, { body: { parentId: contents.moveTo }, schema: updatedSchema });
        await client.request('DELETE', `/folders/${enc(id)}`, { query: { moveWorkflowsTo: contents.moveTo }, schema: folderDeletedSchema });
        return;
      }
      // To the root: the query can only name a folder, so empty it first.
      const wfIds = (data.workflows ?? []).map((w) => w.id);
      if (wfIds.length) {
        const r = await batch('move', wfIds, null);
        if (r.failed.length) throw new BackendError('internal', `vFlow could not move ${r.failed.length} workflow(s) out of the folder.`, { details: r });
      }
      for (const sub of data.subfolders ?? []) await client.request('PUT', `/folders/${enc(sub.id)}`, { body: { parentId: null }, schema: updatedSchema });
      await client.request('DELETE', `/folders/${enc(id)}`, { schema: folderDeletedSchema });
    },

    async listCategories(): Promise<ModuleCategory[]> {
      const { data } = await client.request('GET', '/modules/categories', { schema: categoriesSchema });
      return data.categories.map((c, i) => {
        const out: ModuleCategory = { id: c.id, name: text(c.name, c.nameEn), order: c.order ?? i };
        if (c.description !== undefined || c.descriptionEn !== undefined) out.description = text(c.description, c.descriptionEn);
        if (c.icon !== undefined) out.icon = c.icon;
        return out;
      });
    },
    async listModules() {
      const { list, catalog: cat } = await modules();
      const defs = list.map((m) => moduleFromList(m, cat));
      // Known once the catalog is read; the capabilities object is the one the UI holds.
      capabilities.elseBranch = defs.filter((m) => m.kind === 'if').every((m) => m.extensions?.elseBranch !== false);
      return defs;
    },
    getModule(id) {
      let p = moduleDetails.get(id);
      if (!p) {
        p = (async () => {
          const [detail, schema, cat] = await Promise.all([
            client.request('GET', `/modules/${enc(id)}`, { schema: moduleDetailSchema }),
            client.request('GET', `/modules/${enc(id)}/input-schema`, { schema: inputSchemaSchema }).catch((e: unknown) => {
              if (e instanceof BackendError && (e.code === 'not-found' || e.code === 'internal' || e.code === 'unsupported')) return null;
              throw e;
            }),
            catalog(),
          ]);
          const d = detail.data;
          const def = moduleFromList(d, cat);
          const schemaList = schema?.data.schema ?? null;
          const covers = schemaList !== null && d.inputs.every((i) => schemaList.some((s) => s.key === i.id));
          const pref = options.inputSchema ?? 'auto';
          const useSchema = schemaList !== null && (pref === 'input-schema' || (pref === 'auto' && covers && schemaList.length > 0));
          // The input-schema says nothing of value types: an input of type `any` is marked so a text field
          // there also takes a number (no "Enter text.").
          const typed = (schemaList ?? []).map((e) => {
            const t = d.inputs.find((i) => i.id === e.key)?.type;
            return t === 'any' && e.valueType === undefined ? { ...e, valueType: t } : e;
          });
          // English labels for an English UI where the server gives only its own language (module-labels.ts).
          def.inputSchema = useSchema
            ? { source: 'vflow-input-schema', schema: withEnglishLabels(id, typed, d) }
            : { source: 'vflow-inputs', inputs: inputsWithEnglishLabels(id, d.inputs) };
          def.outputs = d.outputs.map(outputOf);
          const vflow: Record<string, unknown> = { ...(def.extensions?.vflow as Record<string, unknown>), detailLoaded: true, inputs: d.inputs };
          if (schemaList) vflow.inputSchema = schemaList;
          if (d.examples) vflow.examples = d.examples;
          delete (vflow.fields as Record<string, unknown> | undefined)?.inputs;
          delete (vflow.fields as Record<string, unknown> | undefined)?.outputs;
          delete (vflow.fields as Record<string, unknown> | undefined)?.examples;
          if (vflow.fields && Object.keys(vflow.fields).length === 0) delete vflow.fields;
          def.extensions = { ...def.extensions, vflow };
          return def;
        })();
        moduleDetails.set(id, p);
        p.catch(() => moduleDetails.delete(id));
      }
      return p;
    },

    startRun,
    async cancelRun(runId) {
      try {
        await client.request('POST', `/executions/${enc(runId)}/stop`, { schema: stopSchema });
      } catch (e) {
        // Already finished: nothing to stop.
        if (e instanceof BackendError && e.serverCode === 5002) return;
        throw e;
      }
    },
    async listRuns(flowId, opts = {}) {
      const limit = opts.limit ?? 20;
      const offset = opts.offset ?? 0;
      if (opts.status && !vflowStatus[opts.status]) return { items: [], total: 0, offset, limit };
      const { data } = await client.request('GET', '/executions', {
        query: { workflowId: rid(flowId), status: opts.status ? vflowStatus[opts.status] : undefined, limit, offset },
        schema: executionListSchema,
      });
      return { items: data.executions.map((e) => ({ ...runSummaryOf(e), flowId: callerId(e.workflowId) })), total: data.total, offset: data.offset ?? offset, limit: data.limit ?? limit };
    },
    getRunEvents,
    async deleteRun(runId) {
      await client.request('DELETE', '/executions', { query: { executionId: runId }, schema: deletedCountSchema });
    },

    exportFlows,
    importFiles,

    connect: (signal) => client.connect(signal),
    verify: (signal) => client.verify(signal),
    revoke: () => client.revoke(),
    isConnected: () => client.isConnected(),
    async testConnection() {
      const t0 = Date.now();
      let health: VflowHealth;
      try {
        health = (await client.request('GET', '/system/health', { auth: false, schema: healthSchema })).data;
      } catch (e) {
        return { ok: false, latencyMs: Date.now() - t0, stage: 'health', error: e instanceof BackendError ? e : new BackendError('network', String(e)) };
      }
      try {
        const v = await client.verify();
        const out: TestConnectionResult = { ok: v.valid, latencyMs: Date.now() - t0, deviceInfo: v.deviceInfo };
        if (health.version !== undefined) out.serverVersion = health.version;
        if (!v.valid) out.stage = 'auth';
        return out;
      } catch (e) {
        return { ok: false, latencyMs: Date.now() - t0, stage: 'auth', error: e instanceof BackendError ? e : new BackendError('unauthorized', String(e)) };
      }
    },
    async systemInfo() {
      return (await client.request('GET', '/system/info', { schema: systemInfoSchema })).data;
    },
    async stats(period) {
      return (await client.request('GET', '/system/stats', { query: { period }, schema: statsSchema })).data;
    },
    async health() {
      return (await client.request('GET', '/system/health', { auth: false, schema: healthSchema })).data;
    },
    async magicVariables(flowId) {
      return (await client.request('GET', `/workflows/${enc(flowId)}/magic-variables`, { schema: magicVariablesSchema })).data;
    },
    batch,
    async deleteRuns(filter) {
      if (filter.flowId === undefined && filter.olderThan === undefined) throw new BackendError('invalid', 'Say which runs to delete: a flow, or older than a time.');
      const { data } = await client.request('DELETE', '/executions', { query: { workflowId: filter.flowId, olderThan: filter.olderThan }, schema: deletedCountSchema });
      return data.deletedCount;
    },
    rateLimitState: (kind) => client.rateLimitState(kind),
    dispose() {
      moduleDetails.clear();
      modulesPromise = null;
    },
  };
  return adapter;
}
