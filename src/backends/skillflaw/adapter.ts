/**
 * The SkillFlaw (Langflow-derived) adapter: projects as folders, flows as graphs with typed ports, versions
 * with publish, builds streamed as NDJSON into TraceEvents. Every path is in `paths.ts` (overridable), every
 * error a `BackendError` with FastAPI's `detail`.
 */
import type { Flow, StepPorts } from '../../model/flow';
import type { ModuleCategory, ModuleDefinition } from '../../model/modules';
import { BackendError, type BackendAdapter, type Capabilities, type ExportedFile, type FlowSummary, type FlowVersion, type Folder, type ImportReportEntry, type ListFlowsQuery, type Page, type RunHandle, type RunStatus, type RunSummary, type SaveFlowRequest, type SavedFlow, type StartRunRequest } from '../types';
import type { TraceEvent } from '../trace';
import { sameDocument, type FetchLike } from '../transport';
import { BuildTrace } from './build-trace';
import { catalogFromAllTypes, type Catalog } from './catalog';
import { SkillflawClient, type SkillflawAuth, type TokenStore } from './client';
import { bundleFile, flowFile, importCandidates } from './io';
import { jsonEqual, livePortsOf, toFlow, toLangflowData } from './mapping';
import { readNdjson } from './ndjson';
import { skillflawSyntax } from './references';
import { allTypesSchema, buildEventSchema, cancelSchema, flowListSchema, flowReadSchema, jobSchema, projectSchema, versionSchema, vertexBuildsSchema, type FlowRead, type FlowVersionRead, type ProjectRead } from './schemas';
import { defaultRunRecords, recordedRunEvents, recordedRunsPage, type RunRecordStore } from '../run-records';

export type EventDelivery = 'streaming' | 'polling' | 'direct';

export interface SkillflawAdapterOptions {
  baseUrl: string;
  auth: SkillflawAuth;
  /** Path table overrides (JSON object or text). */
  paths?: unknown;
  /** How build events are read (default streaming; polling is also the fallback when streaming fails). */
  eventDelivery?: EventDelivery;
  /** The project shown as the root (Langflow's default project). */
  defaultProjectName?: string;
  pollIntervalMs?: number;
  fetch?: FetchLike;
  timeoutMs?: number;
  tokens?: TokenStore;
  /** How the refresh cookie travels (see `SkillflawClientOptions.refreshCookie`); default by environment. */
  refreshCookie?: 'browser' | 'header';
  /** Where finished builds are recorded for history and replay (default: IndexedDB in the browser, else memory). */
  runRecords?: RunRecordStore;
  id?: string;
  label?: string;
}

/** A build request: a run, optionally up to (`stop`) or from (`start`) one component. */
export interface SkillflawRunRequest extends StartRunRequest {
  stopComponentId?: string;
  startComponentId?: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RecordedRun {
  summary: RunSummary;
  events: TraceEvent[];
}

function time(s: string | null | undefined): number {
  const t = s ? Date.parse(s) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

function stepCountOf(data: unknown): number {
  const nodes = (data as { nodes?: unknown })?.nodes;
  return Array.isArray(nodes) ? nodes.filter((n) => (n as { type?: unknown })?.type !== 'noteNode').length : 0;
}

function requireId(id: string, what: string): void {
  // SkillFlaw ids are UUIDs; anything else cannot exist (the server would answer 422, not 404).
  if (!UUID_RE.test(id)) throw new BackendError('not-found', `${what} ${id} does not exist (SkillFlaw ids are UUIDs).`);
}

export class SkillflawAdapter implements BackendAdapter {
  readonly id: string;
  readonly label: string;
  readonly referenceSyntax = skillflawSyntax;
  readonly capabilities: Capabilities = {
    editFlows: true,
    folders: true,
    nestedFolders: false,
    versions: true,
    publish: true,
    revertDraft: false,
    duplicate: false,
    move: true,
    enableDisable: false,
    favourites: false,
    tags: false,
    run: true,
    cancelRun: true,
    runHistory: true,
    logs: true,
    importExport: true,
    conflictDetection: true,
    testStep: false,
    structures: ['graph'],
    // A build names a stored flow (`/build/{flow_id}/flow`): the run panel saves pending edits first.
    runNeedsSavedFlow: true,
  };
  readonly client: SkillflawClient;
  private catalog: Promise<Catalog> | null = null;
  /** The catalog once loaded, for synchronous work (`portsForParams`). */
  private loadedCatalog: Catalog | null = null;
  private defaultProject: Promise<ProjectRead> | null = null;
  /** Builds of this session (live or just ended); ended ones are also in `records`. */
  private readonly runs = new Map<string, RecordedRun>();
  /** SkillFlaw keeps vertex builds, not runs that replay: they are recorded in the browser. */
  private readonly records: RunRecordStore;
  private readonly live = new Map<string, { cancel: () => void }>();

  constructor(private readonly opts: SkillflawAdapterOptions) {
    this.client = new SkillflawClient({ baseUrl: opts.baseUrl, auth: opts.auth, paths: opts.paths, fetch: opts.fetch, timeoutMs: opts.timeoutMs, tokens: opts.tokens, ...(opts.refreshCookie ? { refreshCookie: opts.refreshCookie } : {}) });
    this.id = opts.id ?? `skillflaw:${opts.baseUrl}`;
    this.label = opts.label ?? 'SkillFlaw';
    this.records = opts.runRecords ?? defaultRunRecords(this.id);
  }

  // ---- catalog

  private loadCatalog(): Promise<Catalog> {
    this.catalog ??= this.client.json('allTypes', { parse: (r) => allTypesSchema.parse(r) }).then(
      (all) => (this.loadedCatalog = catalogFromAllTypes(all)),
      (e: unknown) => {
        this.catalog = null;
        throw e;
      },
    );
    return this.catalog;
  }

  /** A Prompt's `{variables}` are input ports as soon as they are typed (see `livePortsOf`). */
  portsForParams(flow: Flow, stepId: string): StepPorts | undefined {
    try {
      return livePortsOf(flow, stepId, this.loadedCatalog?.nodes);
    } catch {
      return undefined; // A step the server does not offer: the save will say so.
    }
  }

  async listCategories(): Promise<ModuleCategory[]> {
    return (await this.loadCatalog()).categories;
  }

  async listModules(): Promise<ModuleDefinition[]> {
    return (await this.loadCatalog()).modules;
  }

  async getModule(id: string): Promise<ModuleDefinition> {
    const m = (await this.loadCatalog()).modules.find((x) => x.id === id);
    if (!m) throw new BackendError('not-found', `The server offers no component "${id}".`);
    return m;
  }

  // ---- projects

  private rootProject(): Promise<ProjectRead> {
    this.defaultProject ??= this.client.json('listProjects', { parse: (r) => projectSchema.array().parse(r) }).then(
      (list) => {
        const name = this.opts.defaultProjectName ?? 'My Projects';
        const p = list.find((x) => x.name === name);
        if (!p) throw new BackendError('not-found', `The server has no default project "${name}"; set the default project name in the connection.`);
        return p;
      },
      (e: unknown) => {
        this.defaultProject = null;
        throw e;
      },
    );
    return this.defaultProject;
  }

  private async folderIdOf(projectId: string | null | undefined): Promise<string | null> {
    if (!projectId) return null;
    return projectId === (await this.rootProject()).id ? null : projectId;
  }

  private async projectIdOf(folderId: string | null): Promise<string> {
    return folderId ?? (await this.rootProject()).id;
  }

  async listFolders(): Promise<Folder[]> {
    const root = await this.rootProject();
    const list = await this.client.json('listProjects', { query: { sort_order: 'asc' }, parse: (r) => projectSchema.array().parse(r) });
    return list
      .filter((p) => p.id !== root.id)
      .map((p, i) => ({ id: p.id, name: p.name, parentId: null, order: i, createdAt: time(p.ctime), modifiedAt: time(p.utime), extensions: { skillflaw: { description: p.description ?? '' } } }));
  }

  private folderOf(p: ProjectRead): Folder {
    return { id: p.id, name: p.name, parentId: null, order: 0, createdAt: time(p.ctime), modifiedAt: time(p.utime), extensions: { skillflaw: { description: p.description ?? '' } } };
  }

  async createFolder(name: string, parentId: string | null): Promise<Folder> {
    if (parentId !== null) throw new BackendError('unsupported', 'SkillFlaw projects do not nest.');
    return this.folderOf(await this.client.json('createProject', { body: { name, description: '' }, parse: (r) => projectSchema.parse(r) }));
  }

  async updateFolder(id: string, patch: { name?: string; parentId?: string | null; order?: number }): Promise<Folder> {
    requireId(id, 'Project');
    if (patch.parentId !== undefined && patch.parentId !== null) throw new BackendError('unsupported', 'SkillFlaw projects do not nest.');
    const body: Record<string, unknown> = {};
    if (patch.name !== undefined) body.name = patch.name;
    return this.folderOf(await this.client.json('updateProject', { params: { project_id: id }, body, parse: (r) => projectSchema.parse(r) }));
  }

  async deleteFolder(id: string, contents: { mode: 'move'; moveTo: string | null } | { mode: 'delete' }): Promise<void> {
    requireId(id, 'Project');
    if (contents.mode === 'move') {
      const target = await this.projectIdOf(contents.moveTo);
      const flows = (await this.allFlows()).filter((f) => f.project_id === id);
      for (const f of flows) await this.client.json('updateFlow', { params: { flow_id: f.id }, body: { project_id: target } });
    }
    await this.client.json('deleteProject', { params: { project_id: id } });
  }

  /** The project as a ZIP of its flows (Langflow's project download). */
  async downloadProject(id: string): Promise<ExportedFile> {
    const res = await this.client.response('downloadProject', { params: { project_id: await this.projectIdOf(id === '' ? null : id) } });
    return { name: fileNameOf(res) ?? 'project.zip', mime: res.headers.get('content-type') ?? 'application/zip', data: new Uint8Array(await res.arrayBuffer()) };
  }

  /** A folder's ZIP is the project's own download (Langflow's format; `importFiles` reads it back). */
  exportFolder(folderId: string): Promise<ExportedFile> {
    return this.downloadProject(folderId);
  }

  /** A project ZIP uploaded as a new project; returns the new folder's flows. */
  async uploadProject(file: ExportedFile): Promise<SavedFlow[]> {
    const rows = await this.client.upload('uploadProject', file, { parse: (r) => flowReadSchema.array().parse(r) });
    this.defaultProject = null;
    return Promise.all(rows.map((r) => this.saved(r)));
  }

  // ---- flows

  private async allFlows(keyword?: string): Promise<FlowRead[]> {
    const res = await this.client.json('listFlows', { query: { get_all: true, remove_example_flows: true, keyword }, parse: (r) => flowListSchema.parse(r) });
    const rows = Array.isArray(res) ? res : res.items;
    return rows.filter((f) => f.is_component !== true);
  }

  private async summary(row: FlowRead, published?: FlowSummary['published'], differs?: boolean): Promise<FlowSummary> {
    return {
      id: row.id,
      name: row.name,
      description: row.description ?? '',
      folderId: await this.folderIdOf(row.project_id ?? row.folder_id),
      tags: row.tags ?? [],
      enabled: true,
      favourite: false,
      stepCount: stepCountOf(row.data),
      modifiedAt: time(row.updated_at),
      revision: row.updated_at ?? '',
      published: published ?? (row.is_online ? { versionId: '', publishedAt: time(row.updated_at) } : null),
      ...(differs !== undefined ? { draftDiffersFromPublished: differs } : {}),
    };
  }

  private toModel(row: FlowRead): Flow {
    return toFlow({ id: row.id, name: row.name, description: row.description ?? '', tags: row.tags ?? [], data: row.data ?? null });
  }

  /** The FlowRead as Flowbench's pair; for an online flow, which version is online and whether the draft differs. */
  private async saved(row: FlowRead): Promise<SavedFlow> {
    let published: FlowSummary['published'] | undefined;
    let differs: boolean | undefined;
    if (row.is_online && row.online_version) {
      const versions = await this.versionRows(row.id);
      const online = versions.find((v) => v.flow_version === row.online_version);
      if (online) {
        published = { versionId: String(online.id), publishedAt: time(online.create_at) };
        differs = !jsonEqual(online.data ?? null, row.data ?? null) || (online.name ?? row.name) !== row.name || (online.description ?? '') !== (row.description ?? '');
      }
    }
    return { flow: this.toModel(row), summary: await this.summary(row, published, differs) };
  }

  async listFlows(query: ListFlowsQuery = {}): Promise<Page<FlowSummary>> {
    let rows = await this.allFlows(query.search || undefined);
    if (query.search) {
      const s = query.search.toLowerCase();
      rows = rows.filter((f) => f.name.toLowerCase().includes(s) || (f.description ?? '').toLowerCase().includes(s));
    }
    let items = await Promise.all(rows.map((r) => this.summary(r)));
    if (query.folderId !== undefined) items = items.filter((s) => s.folderId === query.folderId);
    const dir = query.order === 'asc' ? 1 : -1;
    if (query.sortBy === 'name') items.sort((a, b) => a.name.localeCompare(b.name) * (query.order === 'desc' ? -1 : 1));
    else items.sort((a, b) => (a.modifiedAt - b.modifiedAt) * dir);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? items.length;
    return { items: items.slice(offset, offset + limit), total: items.length, offset, limit };
  }

  async getFlow(id: string): Promise<SavedFlow> {
    requireId(id, 'Flow');
    return this.saved(await this.client.json('readFlow', { params: { flow_id: id }, parse: (r) => flowReadSchema.parse(r) }));
  }

  async saveFlow(req: SaveFlowRequest): Promise<SavedFlow> {
    const catalog = await this.loadCatalog();
    const data = toLangflowData(req.flow, catalog.nodes);
    if (req.baseRevision === null) {
      const body: Record<string, unknown> = { name: req.flow.name, description: req.flow.description, data, tags: req.flow.tags };
      // FlowCreate takes an optional id: a UUID the editor already uses is kept, so runs and links stay valid.
      if (UUID_RE.test(req.flow.id)) body.id = req.flow.id;
      if (req.folderId) body.project_id = req.folderId;
      try {
        return this.saved(await this.client.json('createFlow', { body, parse: (r) => flowReadSchema.parse(r) }));
      } catch (e) {
        // "A flow with this ID already exists": an earlier create of this very flow landed though its answer
        // broke. Holding exactly this document it is the result; anything else is a real clash.
        if (!(e instanceof BackendError) || e.code !== 'conflict' || body.id === undefined) throw e;
        const existing = await this.getFlow(req.flow.id).catch(() => undefined);
        if (existing && sameDocument(existing.flow, req.flow)) return existing;
        throw new BackendError('conflict', e.message, { serverMessage: e.serverMessage, serverCode: e.serverCode, details: e.details, current: existing, cause: e });
      }
    }
    requireId(req.flow.id, 'Flow');
    const body: Record<string, unknown> = { name: req.flow.name, description: req.flow.description, data };
    if (!req.force) body.last_known_updated_at = req.baseRevision;
    if (req.folderId !== undefined) body.project_id = await this.projectIdOf(req.folderId);
    try {
      return this.saved(await this.client.json('updateFlow', { params: { flow_id: req.flow.id }, body, parse: (r) => flowReadSchema.parse(r) }));
    } catch (e) {
      if (!(e instanceof BackendError) || e.code !== 'conflict') throw e;
      // The 409 names no copy; read the server's so the conflict dialog can compare.
      const current = await this.getFlow(req.flow.id).catch(() => undefined);
      throw new BackendError('conflict', e.message, { serverMessage: e.serverMessage, serverCode: e.serverCode, details: e.details, current, cause: e });
    }
  }

  async deleteFlow(id: string): Promise<void> {
    requireId(id, 'Flow');
    await this.client.json('deleteFlow', { params: { flow_id: id } });
  }

  /** Several flows in one request (`DELETE /flows/` with their ids). */
  async deleteFlows(ids: string[]): Promise<void> {
    await this.client.json('deleteFlows', { body: ids });
  }

  async moveFlow(id: string, folderId: string | null): Promise<void> {
    requireId(id, 'Flow');
    await this.client.json('updateFlow', { params: { flow_id: id }, body: { project_id: await this.projectIdOf(folderId) } });
  }

  // ---- versions

  private versionRows(flowId: string): Promise<FlowVersionRead[]> {
    return this.client.json('listVersions', { params: { flow_id: flowId }, parse: (r) => versionSchema.array().parse(r) });
  }

  private versionOf(v: FlowVersionRead, flow: FlowRead): FlowVersion {
    return {
      id: String(v.id),
      flowId: v.flow_id,
      createdAt: time(v.create_at),
      note: v.version_note ?? '',
      name: v.flow_version,
      published: flow.is_online === true && flow.online_version === v.flow_version,
    };
  }

  async listVersions(flowId: string): Promise<FlowVersion[]> {
    requireId(flowId, 'Flow');
    const [flow, rows] = await Promise.all([this.client.json('readFlow', { params: { flow_id: flowId }, parse: (r) => flowReadSchema.parse(r) }), this.versionRows(flowId)]);
    return rows.map((v) => this.versionOf(v, flow)).sort((a, b) => b.createdAt - a.createdAt || Number(b.id) - Number(a.id));
  }

  async getVersion(flowId: string, versionId: string): Promise<{ version: FlowVersion; flow: Flow }> {
    requireId(flowId, 'Flow');
    const [flow, rows] = await Promise.all([this.client.json('readFlow', { params: { flow_id: flowId }, parse: (r) => flowReadSchema.parse(r) }), this.versionRows(flowId)]);
    const v = rows.find((x) => String(x.id) === versionId);
    if (!v) throw new BackendError('not-found', `Flow ${flowId} has no version ${versionId}.`);
    return { version: this.versionOf(v, flow), flow: this.toModel({ ...flow, name: v.name ?? flow.name, description: v.description ?? flow.description, data: v.data }) };
  }

  async createVersion(flowId: string, opts: { note: string; name?: string }): Promise<FlowVersion> {
    requireId(flowId, 'Flow');
    const rows = await this.versionRows(flowId);
    let label = opts.name;
    if (!label) {
      let n = rows.length + 1;
      while (rows.some((v) => v.flow_version === `v${n}`)) n++;
      label = `v${n}`;
    }
    const v = await this.client.json('createVersion', { params: { flow_id: flowId }, body: { version: label, note: opts.note }, parse: (r) => versionSchema.parse(r) });
    const flow = await this.client.json('readFlow', { params: { flow_id: flowId }, parse: (r) => flowReadSchema.parse(r) });
    return this.versionOf(v, flow);
  }

  async publish(flowId: string, opts: { note: string }): Promise<FlowVersion> {
    const v = await this.createVersion(flowId, { note: opts.note });
    const flow = await this.client.json('publishVersion', { params: { flow_id: flowId, version_id: v.id }, parse: (r) => flowReadSchema.parse(r) });
    return { ...v, published: flow.is_online === true && flow.online_version === v.name };
  }

  async restoreVersion(flowId: string, versionId: string): Promise<SavedFlow> {
    const target = await this.getVersion(flowId, versionId);
    await this.createVersion(flowId, { note: `Draft kept before rolling back to ${target.version.name ?? versionId}` });
    return this.saved(await this.client.json('rollbackVersion', { params: { flow_id: flowId, version_id: versionId }, parse: (r) => flowReadSchema.parse(r) }));
  }

  /** The online (published) flow, or null when none is online. */
  async getOnlineFlow(flowId: string): Promise<SavedFlow | null> {
    requireId(flowId, 'Flow');
    try {
      return await this.saved(await this.client.json('readOnlineFlow', { params: { flow_id: flowId }, parse: (r) => flowReadSchema.parse(r) }));
    } catch (e) {
      if (e instanceof BackendError && e.code === 'not-found') return null;
      throw e;
    }
  }

  /** Takes the flow offline. */
  async unpublish(flowId: string): Promise<void> {
    requireId(flowId, 'Flow');
    await this.client.json('deleteOnlineFlow', { params: { flow_id: flowId } });
  }

  // ---- builds

  async startRun(req: SkillflawRunRequest, signal?: AbortSignal): Promise<RunHandle> {
    requireId(req.flowId, 'Flow');
    const catalog = await this.loadCatalog();
    const inputValue = req.inputs.input_value ?? req.inputs.message ?? req.inputs.text;
    const body: Record<string, unknown> = { inputs: { ...(inputValue !== undefined ? { input_value: String(inputValue) } : {}), ...(typeof req.inputs.session === 'string' ? { session: req.inputs.session } : {}) } };
    if (req.flow) body.data = toLangflowData(req.flow, catalog.nodes);
    const delivery = this.opts.eventDelivery ?? 'streaming';
    const query = { event_delivery: delivery, log_builds: true, stop_component_id: req.stopComponentId, start_component_id: req.startComponentId };
    const abort = new AbortController();
    signal?.addEventListener('abort', () => abort.abort(signal.reason), { once: true });
    let jobId: string;
    let direct: Response | null = null;
    if (delivery === 'direct') {
      direct = await this.client.response('buildFlow', { params: { flow_id: req.flowId }, query, body, signal: abort.signal });
      jobId = `direct-${crypto.randomUUID()}`;
    } else {
      jobId = (await this.client.json('buildFlow', { params: { flow_id: req.flowId }, query, body, parse: (r) => jobSchema.parse(r), signal: abort.signal })).job_id;
    }
    const trace = new BuildTrace(jobId);
    const recorded: RecordedRun = { summary: { id: jobId, flowId: req.flowId, status: 'running', startedAt: Date.now(), finishedAt: null, trigger: req.trigger ?? 'manual' }, events: [] };
    this.runs.set(jobId, recorded);
    let cancelled = false;
    this.live.set(jobId, {
      cancel: () => {
        cancelled = true;
        if (direct) abort.abort(new Error('cancelled'));
      },
    });
    const client = this.client;
    const pollMs = this.opts.pollIntervalMs ?? 300;
    const live = this.live;
    const records = this.records;
    async function* source(): AsyncGenerator<unknown> {
      if (direct) {
        yield* readNdjson(direct.body!);
        return;
      }
      if (delivery === 'streaming') {
        let res: Response | null = null;
        try {
          res = await client.response('buildEvents', { params: { job_id: jobId }, query: { event_delivery: 'streaming' }, signal: abort.signal });
        } catch (e) {
          // A server that refuses streaming answers (404 "No event task", 405, 501...): poll instead. A cut
          // connection is not a refusal: its events are gone, so the run fails rather than poll for them.
          if (!(e instanceof BackendError) || !['not-found', 'unsupported', 'invalid'].includes(e.code)) throw e;
          res = null;
        }
        if (res) {
          yield* readNdjson(res.body!);
          return;
        }
      }
      while (!abort.signal.aborted) {
        const res = await client.response('buildEvents', { params: { job_id: jobId }, query: { event_delivery: 'polling' }, signal: abort.signal });
        let any = false;
        for await (const e of readNdjson(res.body!)) {
          any = true;
          yield e;
        }
        if (!any) await new Promise((r) => setTimeout(r, pollMs));
      }
    }
    async function* events(): AsyncGenerator<TraceEvent> {
      const emit = async (e: TraceEvent) => {
        recorded.events.push(e);
        if (e.type === 'run-finished') {
          recorded.summary = { ...recorded.summary, status: e.status as RunStatus, finishedAt: e.at, ...(e.error ? { error: e.error.message } : {}) };
          // Recorded before the caller hears the end; a browser that refuses keeps it for the session.
          await records.save({ summary: recorded.summary, events: recorded.events }).catch(() => undefined);
        }
        return e;
      };
      yield await emit(trace.start(req.flowId, req.inputs, req.trigger ?? 'manual'));
      try {
        for await (const raw of source()) {
          const parsed = buildEventSchema.safeParse(raw);
          if (!parsed.success) continue;
          for (const e of trace.push(parsed.data)) yield await emit(e);
          if (trace.done) break;
        }
        if (!trace.done) {
          const out = cancelled
            ? trace.finish('cancelled')
            : trace.finish('failed', { message: 'The event stream ended before the build finished (the connection was cut).', code: 'network' });
          for (const e of out) yield await emit(e);
        }
      } catch (e) {
        const out = cancelled || abort.signal.aborted
          ? trace.finish('cancelled')
          : trace.finish('failed', { message: e instanceof Error ? e.message : String(e), code: e instanceof BackendError ? e.code : 'internal' });
        for (const ev of out) yield await emit(ev);
      } finally {
        live.delete(jobId);
        abort.abort(new Error('done'));
      }
    }
    return { runId: jobId, events: events() };
  }

  async cancelRun(runId: string): Promise<void> {
    const live = this.live.get(runId);
    live?.cancel();
    if (runId.startsWith('direct-')) return;
    try {
      await this.client.json('cancelBuild', { params: { job_id: runId }, parse: (r) => cancelSchema.parse(r) });
    } catch (e) {
      // A build that already ended has no job any more: nothing to cancel.
      if (!(e instanceof BackendError && e.code === 'not-found')) throw e;
    }
  }

  /** Builds recorded in this browser, newest first (SkillFlaw keeps vertex builds, not runs). */
  listRuns(flowId: string, opts: { limit?: number; offset?: number; status?: RunStatus } = {}): Promise<Page<RunSummary>> {
    return recordedRunsPage(this.records, flowId, [...this.runs.values()].map((r) => r.summary), opts);
  }

  getRunEvents(runId: string): Promise<TraceEvent[]> {
    return recordedRunEvents(this.records, runId, this.runs.get(runId)?.events);
  }

  async deleteRun(runId: string): Promise<void> {
    this.runs.delete(runId);
    await this.records.remove(runId);
  }

  /** The server's vertex builds of a flow (`GET /monitor/builds`): the last results of each component. */
  async vertexBuilds(flowId: string): Promise<Record<string, Array<{ id: string; valid?: boolean | null; data: unknown; timestamp?: string | null }>>> {
    requireId(flowId, 'Flow');
    return (await this.client.json('vertexBuilds', { query: { flow_id: flowId }, parse: (r) => vertexBuildsSchema.parse(r) })).vertex_builds;
  }

  // ---- import / export

  async exportFlows(ids: string[], format: 'json' | 'zip'): Promise<ExportedFile> {
    if (format === 'zip') {
      const res = await this.client.response('downloadFlows', { body: ids });
      const data = new Uint8Array(await res.arrayBuffer());
      if (data[0] === 0x50 && data[1] === 0x4b) return { name: fileNameOf(res) ?? 'skillflaw-flows.zip', mime: 'application/zip', data };
      // One flow: Langflow answers with its JSON, not a ZIP; wrap it so the caller gets what it asked for.
      const { zipSync } = await import('fflate');
      const row = JSON.parse(new TextDecoder().decode(data)) as FlowRead;
      return { name: 'skillflaw-flows.zip', mime: 'application/zip', data: zipSync({ [`${row.name}.json`]: data }) };
    }
    const rows = await Promise.all(ids.map((id) => this.client.json('readFlow', { params: { flow_id: id }, parse: (r) => flowReadSchema.parse(r) })));
    if (rows.length === 1) return flowFile(this.toModel(rows[0]!), rows[0]!);
    return bundleFile(rows.map((r) => this.toModel(r)), rows);
  }

  async importFiles(files: ExportedFile[], opts: { folderId: string | null; dryRun?: boolean }): Promise<ImportReportEntry[]> {
    const candidates = importCandidates(files);
    const ok = candidates.filter((c) => c.flow);
    if (opts.dryRun || ok.length === 0) {
      return candidates.map((c) => (c.flow ? { file: c.file, status: 'imported' as const } : { file: c.file, status: 'error' as const, message: c.error }));
    }
    const projectId = await this.projectIdOf(opts.folderId);
    const doc = new TextEncoder().encode(JSON.stringify({ flows: ok.map((c) => ({ ...c.flow, project_id: projectId })) }));
    let rows: FlowRead[];
    try {
      rows = await this.client.upload('uploadFlows', { name: 'flows.json', mime: 'application/json', data: doc }, { query: { project_id: projectId }, parse: (r) => flowReadSchema.array().parse(r) });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return candidates.map((c) => ({ file: c.file, status: 'error' as const, message: c.error ?? message }));
    }
    let i = 0;
    return candidates.map((c) => (c.flow ? { file: c.file, status: 'imported' as const, flowId: rows[i++]?.id } : { file: c.file, status: 'error' as const, message: c.error }));
  }

  dispose(): void {
    for (const l of this.live.values()) l.cancel();
    this.live.clear();
  }
}

function fileNameOf(res: Response): string | undefined {
  const cd = res.headers.get('content-disposition');
  const m = cd ? /filename="?([^";]+)"?/i.exec(cd) : null;
  return m?.[1];
}

export function createSkillflawAdapter(opts: SkillflawAdapterOptions): SkillflawAdapter {
  return new SkillflawAdapter(opts);
}
