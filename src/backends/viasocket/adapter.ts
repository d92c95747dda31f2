/**
 * The viaSocket backend adapter (seed 000). Projects are folders, scripts are flows, `json_script` is the
 * step list. Saving diffs the edited flow against the server's current script and sends the step calls the
 * API wants (see planner.ts); a save that fails half-way reports what landed, re-reads the script, and the
 * next save sends only the remainder. See README.md for how the vague parts of the document are read.
 */
import type { Flow } from '../../model/flow';
import type { ModuleCategory, ModuleDefinition } from '../../model/modules';
import { viasocketSyntax } from '../../model/references/viasocket';
import type { TraceEvent } from '../trace';
import {
  BackendError,
  type BackendAdapter,
  type Capabilities,
  type FlowSummary,
  type FlowVersion,
  type Folder,
  type ListFlowsQuery,
  type Page,
  type RunHandle,
  type RunStatus,
  type RunSummary,
  type SavedFlow,
  type SaveFlowRequest,
  type StartRunRequest,
} from '../types';
import { mayHaveLanded } from '../transport';
import { ViasocketClient, type ViasocketClientOptions } from './client';
import { followRenamesInCode, moduleIdOf, reachableSteps, scriptToFlow, stepIdOf, type MappingOptions } from './mapping';
import { actionModule, CORE_CATEGORY, CORE_MODULES, pluginCategory } from './modules';
import { describeCall, planSave, PlanError, randomStepId, type BaseScript, type StepCall } from './planner';
import { eventsOfLog, parseRunId, runIdOf, runSummaryOf } from './run-trace';
import {
  actionSchema,
  envelope,
  functionSchema,
  logsPageSchema,
  orgDetailsSchema,
  pluginSchema,
  projectSchema,
  runLogSchema,
  scriptSchema,
  validated,
  type Action,
  type FunctionRecord,
  type Plugin,
  type Project,
  type RunLog,
  type Script,
} from './schemas';
import { z } from 'zod';
import type { SandboxProvider } from '../local/sandbox/types';
import type { StepAuthorization, TestStepRequest, TestStepResult } from '../types';
import { testFunctionStep } from './test-step';

export interface ViasocketAdapterOptions extends ViasocketClientOptions, MappingOptions {
  /** Connection id, for the adapter id. */
  connectionId?: string;
  label?: string;
  /** Project new flows go to when no folder is given; default `proj<orgId>` (the seed's main project), else the first. */
  defaultProjectId?: string;
  /** How a flow is deleted: the seed's verified way (status 3 then 0, default) or `DELETE /projects/{p}/scripts/{s}`. */
  deleteVia?: 'status' | 'delete';
  /** Step id generator (tests). */
  newStepId?: () => string;
  /** Unix seconds when the token expires (the `expire_at` cookie), shown in the info panel. */
  tokenExpireAt?: number;
  /** The local sandbox, for testing a function step with a sample context (testStep). */
  sandbox?: SandboxProvider;
}

/** What landed of a save that failed half-way; `details` of the thrown BackendError. */
export interface PartialSaveDetails {
  kind: 'partial-save';
  landed: string[];
  failed: string;
  notSent: string[];
  current: SavedFlow | undefined;
}

/** `details` of the error `authBinding` gives for a step that is not a plugin step. */
const NOT_A_PLUGIN_STEP = 'not-a-plugin-step';

export interface AuthBinding {
  stepId: string;
  pluginId: string;
  authVersion: string | null;
  authId: string | null;
  /** The account's name, when the binding gives one. */
  authName?: string;
  valid: boolean;
  reason?: string;
}

const CAPABILITIES: Capabilities = {
  editFlows: true,
  // Projects are listed (listFolders) and flows move between them, but the API has no project create,
  // rename or delete, which the `folders` capability promises.
  folders: false,
  nestedFolders: false,
  versions: false,
  publish: true,
  revertDraft: true,
  // duplicateFlow exists, but viaSocket gives the copy new step ids, and the capability promises an equal copy.
  duplicate: false,
  move: true,
  enableDisable: true,
  favourites: false,
  tags: false,
  run: true,
  cancelRun: false,
  runHistory: true,
  logs: true,
  importExport: false,
  conflictDetection: true,
  testStep: false,
  structures: ['blocks'],
  // The dry run executes the server's draft, so pending edits must be saved first.
  runNeedsSavedFlow: true,
  // Action lists may come without input fields; `getModule` reads the action's detail.
  partialModuleList: true,
  elseBranch: true,
};

const ok = <T extends z.ZodType>(schema: T) => validated(envelope(schema));
const enc = encodeURIComponent;

/** JSON with object keys sorted, so two equal documents compare equal whatever their key order. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stable(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * Whether the draft differs from the published snapshot (`execution_script`): its steps and order
 * (`json_script`, but the `trigger.type` that publishing itself sets), variables, title, description and,
 * when known, function code. Undefined when never published.
 */
export function draftDiffersFromPublished(script: Script, functions?: FunctionRecord[]): boolean | undefined {
  const snap = script.execution_script as { title?: unknown; description?: unknown; json_script?: unknown; used_variables?: unknown; functions?: unknown } | null | undefined;
  if (!snap || typeof snap !== 'object') return undefined;
  const body = (js: unknown) => {
    if (!js || typeof js !== 'object') return js;
    const { trigger, ...rest } = js as Record<string, unknown>;
    const { type: _type, ...triggerRest } = (trigger ?? {}) as Record<string, unknown>;
    return { ...rest, trigger: triggerRest };
  };
  const code = (list: unknown) =>
    Array.isArray(list) ? Object.fromEntries(list.filter((f): f is FunctionRecord => !!f && typeof f === 'object' && 'id' in f).map((f) => [f.id, f.code])) : {};
  const same =
    stable(body(script.json_script)) === stable(body(snap.json_script)) &&
    stable(script.used_variables ?? {}) === stable(snap.used_variables ?? {}) &&
    script.title === (snap.title ?? script.title) &&
    (script.description ?? '') === ((snap.description as string | undefined) ?? script.description ?? '') &&
    (functions === undefined || !Array.isArray(snap.functions) || stable(code(functions)) === stable(code(snap.functions)));
  return !same;
}

function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

function time(iso: string | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

function remapIds(flow: Flow, idMap: Record<string, string>): Flow {
  if (Object.keys(idMap).length === 0) return flow;
  const m = (id: string) => idMap[id] ?? id;
  const steps: Flow['steps'] = {};
  for (const s of Object.values(flow.steps)) {
    const branches = s.branches ? Object.fromEntries(Object.entries(s.branches).map(([k, v]) => [k, (v ?? []).map(m)])) : undefined;
    steps[m(s.id)] = { ...s, id: m(s.id), ...(branches ? { branches } : {}) };
  }
  return { ...flow, steps, root: flow.root.map(m) };
}

export class ViasocketAdapter implements BackendAdapter {
  readonly id: string;
  readonly label: string;
  readonly capabilities: Capabilities;
  readonly referenceSyntax = viasocketSyntax;
  readonly client: ViasocketClient;
  private orgIdPromise: Promise<string> | null = null;
  private projectOf = new Map<string, string>();
  /** Revisions left by this adapter's own half-failed saves -> the revision those saves started from. */
  private partialRevisions = new Map<string, string>();
  /**
   * Editor step id -> server step id, from saves that created steps. The editor keeps its own ids after a
   * save (it only takes the new revision), so every later save, and a retry after a half-failed one, must
   * map them or it would create the steps again.
   */
  private createdIds = new Map<string, Record<string, string>>();
  /**
   * Flow ids a caller created a flow with -> the script id the server gave it (viaSocket picks its own ids),
   * so a caller still holding the editor's id reaches the script, and sees its own id in runs.
   */
  private aliases = new Map<string, string>();
  /** Scripts created here (the answers that arrived, or found after one broke): never adopted twice. */
  private createdScripts = new Set<string>();
  /** `project/title` of creates whose answer broke without the script being found: looked for first next time. */
  private uncertainCreates = new Set<string>();
  /** Run logs already reported as some run's result: a broken answer's lookup never takes one twice. */
  private runsSeen = new Set<string>();
  private modulesCache: Promise<{ categories: ModuleCategory[]; modules: ModuleDefinition[]; plugins: Plugin[] }> | null = null;

  constructor(readonly opts: ViasocketAdapterOptions) {
    this.client = new ViasocketClient(opts);
    this.capabilities = { ...CAPABILITIES, testStep: opts.sandbox !== undefined };
    this.id = `viasocket:${opts.connectionId ?? ''}`;
    this.label = opts.label ?? 'viaSocket';
  }

  private get mapping(): MappingOptions {
    return { elseSuffix: this.opts.elseSuffix };
  }

  orgId(): Promise<string> {
    this.orgIdPromise ??= this.client.request('GET', '/orgs/user-org/details', { parse: ok(orgDetailsSchema) }).then((r) => String(r.data.id));
    this.orgIdPromise.catch(() => (this.orgIdPromise = null));
    return this.orgIdPromise;
  }

  /** `GET /orgs/user-org/details` as it answered (connection test, info panel). */
  async orgDetails(): Promise<Record<string, unknown>> {
    const r = await this.client.request('GET', '/orgs/user-org/details', { parse: ok(orgDetailsSchema) });
    return r.data;
  }

  async projects(): Promise<Project[]> {
    const org = await this.orgId();
    const r = await this.client.request('GET', `/orgs/${enc(org)}/projects?type=flow&bringflows=true`, { parse: ok(z.array(projectSchema)) });
    for (const p of r.data) for (const f of p.flows ?? []) this.projectOf.set(f.id, p.id);
    return r.data;
  }

  private async defaultProject(): Promise<string> {
    if (this.opts.defaultProjectId) return this.opts.defaultProjectId;
    const [org, projects] = await Promise.all([this.orgId(), this.projects()]);
    const main = projects.find((p) => p.id === `proj${org}`) ?? projects[0];
    if (!main) throw new BackendError('not-found', 'This viaSocket organisation has no project to put flows in.');
    return main.id;
  }

  private resolve(id: string): string {
    return this.aliases.get(id) ?? id;
  }

  private callerIdOf(scriptId: string): string {
    for (const [alias, id] of this.aliases) if (id === scriptId) return alias;
    return scriptId;
  }

  private async projectIdOf(id: string): Promise<string> {
    const scriptId = this.resolve(id);
    const known = this.projectOf.get(scriptId);
    if (known) return known;
    await this.projects();
    const found = this.projectOf.get(scriptId);
    if (!found) throw new BackendError('not-found', `No viaSocket flow ${scriptId}`);
    return found;
  }

  async listFolders(): Promise<Folder[]> {
    return (await this.projects()).map((p, i) => ({ id: p.id, name: p.title, parentId: null, order: i, createdAt: time(p.created_at as string | undefined), modifiedAt: time(p.created_at as string | undefined) }));
  }

  // ---------------------------------------------------------------- scripts

  private async readScript(scriptId: string): Promise<{ script: Script; functions: FunctionRecord[]; projectId: string }> {
    let projectId = await this.projectIdOf(scriptId);
    const get = () =>
      Promise.all([
        this.client.request('GET', `/projects/${enc(projectId)}/scripts/${enc(scriptId)}?type=flow`, { parse: ok(scriptSchema) }),
        this.client.request('GET', `/scripts/${enc(scriptId)}/functions/`, { parse: ok(z.array(functionSchema)) }),
      ]);
    let got;
    try {
      got = await get();
    } catch (e) {
      // Moved by someone else since we looked: refresh the project map once.
      if (!(e instanceof BackendError && e.code === 'not-found')) throw e;
      this.projectOf.delete(scriptId);
      projectId = await this.projectIdOf(scriptId);
      got = await get();
    }
    return { script: got[0].data, functions: got[1].data, projectId };
  }

  private summaryOf(script: Script, projectId: string, stepCount: number, functions?: FunctionRecord[]): FlowSummary {
    const published = script.execution_script ? { versionId: `pub-${hash(JSON.stringify(script.execution_script))}`, publishedAt: 0 } : null;
    const differs = draftDiffersFromPublished(script, functions);
    return {
      id: script.id,
      name: script.title,
      description: script.description ?? '',
      folderId: projectId,
      tags: [],
      enabled: Number(script.status ?? 1) === 1,
      favourite: false,
      stepCount,
      modifiedAt: time(script.updated_at),
      revision: script.updated_at ?? '',
      published,
      ...(differs !== undefined ? { draftDiffersFromPublished: differs } : {}),
    };
  }

  private saved(read: { script: Script; functions: FunctionRecord[]; projectId: string }): SavedFlow {
    const flow = scriptToFlow({ script: read.script, functions: read.functions }, this.mapping);
    return { flow, summary: this.summaryOf(read.script, read.projectId, Object.keys(flow.steps).length, read.functions) };
  }

  async getFlow(id: string): Promise<SavedFlow> {
    return this.saved(await this.readScript(this.resolve(id)));
  }

  async listFlows(query: ListFlowsQuery = {}): Promise<Page<FlowSummary>> {
    const projects = await this.projects();
    const folder = query.folderId === null ? await this.defaultProject() : query.folderId;
    let rows = projects.flatMap((p) => (folder === undefined || p.id === folder ? (p.flows ?? []).map((f) => ({ f, p })) : []));
    if (!query.includeDisabled && query.includeDisabled !== undefined) rows = rows.filter(({ f }) => Number(f.status ?? 1) === 1);
    if (query.search) rows = rows.filter(({ f }) => f.title.toLowerCase().includes(query.search!.toLowerCase()));
    const dir = query.order === 'desc' ? -1 : 1;
    if (query.sortBy === 'name') rows.sort((a, b) => a.f.title.localeCompare(b.f.title) * dir);
    else if (query.sortBy === 'modifiedAt') rows.sort((a, b) => (time(a.f.updated_at) - time(b.f.updated_at)) * dir);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    // The list has no step counts: read each script of the page (a few at a time).
    const page = rows.slice(offset, offset + limit);
    const items: FlowSummary[] = [];
    for (let i = 0; i < page.length; i += 4) {
      const batch = await Promise.all(page.slice(i, i + 4).map(({ f }) => this.readScript(f.id)));
      for (const r of batch) items.push(this.saved(r).summary);
    }
    return { items, total: rows.length, offset, limit };
  }

  private baseOf(read: { script: Script; functions: FunctionRecord[]; projectId: string }): BaseScript {
    return {
      id: read.script.id,
      projectId: read.projectId,
      title: read.script.title,
      description: read.script.description ?? '',
      jsonScript: read.script.json_script,
      functions: read.functions,
      usedVariables: read.script.used_variables ?? {},
    };
  }

  /**
   * POST of a new (empty) script. The server picks its id, so when the answer broke after the script was made,
   * sending it again would make a second one: the script it made is looked for instead (this title, in this
   * project, no steps yet, not one made here before), now or before the next create of that title.
   */
  private async createScript(projectId: string, title: string): Promise<string> {
    const key = `${projectId}/${title}`;
    const adopt = (id: string): string => {
      this.createdScripts.add(id);
      this.uncertainCreates.delete(key);
      return id;
    };
    if (this.uncertainCreates.has(key)) {
      const found = await this.findEmptyScript(projectId, title);
      this.uncertainCreates.delete(key);
      if (found) return adopt(found);
    }
    try {
      const created = await this.client.request('POST', `/projects/${enc(projectId)}/scripts`, { body: { title, type: 'flow' }, parse: ok(scriptSchema) });
      return adopt(created.data.id);
    } catch (e) {
      if (!mayHaveLanded(e)) throw e;
      this.uncertainCreates.add(key);
      const found = await this.findEmptyScript(projectId, title).catch(() => null);
      if (!found) throw e;
      return adopt(found);
    }
  }

  private async findEmptyScript(projectId: string, title: string): Promise<string | null> {
    const project = (await this.projects()).find((p) => p.id === projectId);
    for (const f of project?.flows ?? []) {
      if (f.title !== title || this.createdScripts.has(f.id)) continue;
      const read = await this.readScript(f.id);
      if (reachableSteps(read.script.json_script, this.mapping).length === 0) return f.id;
    }
    return null;
  }

  async saveFlow(req: SaveFlowRequest): Promise<SavedFlow> {
    let scriptId = req.flow.id;
    if (req.baseRevision === null) {
      const projectId = req.folderId ?? (await this.defaultProject());
      scriptId = await this.createScript(projectId, req.flow.name);
      this.projectOf.set(scriptId, projectId);
      if (req.flow.id !== scriptId) this.aliases.set(req.flow.id, scriptId);
    } else {
      scriptId = this.resolve(scriptId);
    }
    const read = await this.readScript(scriptId);
    const current = this.saved(read);
    if (req.baseRevision !== null && !req.force) {
      const rev = current.summary.revision;
      if (rev !== req.baseRevision && this.partialRevisions.get(rev) !== req.baseRevision) {
        throw new BackendError('conflict', `The viaSocket flow "${current.flow.name}" changed on the server since it was opened.`, { current });
      }
    }
    // Steps an earlier, half-failed save created keep the ids the server has for them.
    const known = { ...(this.createdIds.get(scriptId) ?? {}), ...this.adoptByTitle(req.flow, read.script) };
    const present = new Set(reachableSteps(read.script.json_script, this.mapping).map((r) => stepIdOf(r.title, r.block)));
    const remapped = remapIds({ ...req.flow, id: scriptId }, Object.fromEntries(Object.entries(known).filter(([, v]) => present.has(v))));
    const renames = new Map<string, string>();
    for (const r of reachableSteps(read.script.json_script, this.mapping)) {
      const step = remapped.steps[stepIdOf(r.title, r.block)];
      if (step && step.title !== r.title) renames.set(r.title, step.title);
    }
    const flow = followRenamesInCode(remapped, renames);
    let plan;
    try {
      plan = planSave(this.baseOf(read), flow, { orgId: await this.orgId(), newStepId: this.opts.newStepId ?? (() => randomStepId()), elseSuffix: this.opts.elseSuffix });
    } catch (e) {
      if (e instanceof PlanError) throw new BackendError('invalid', e.message, { details: { stepId: e.stepId } });
      throw e;
    }
    this.createdIds.set(scriptId, { ...known, ...plan.idMap });
    const landed: StepCall[] = [];
    for (const call of plan.calls) {
      try {
        await this.client.request(call.method, call.path, { body: call.body ?? (call.method === 'DELETE' ? undefined : {}) });
        landed.push(call);
      } catch (e) {
        const failedAt = plan.calls.indexOf(call);
        let after: SavedFlow | undefined;
        try {
          after = await this.getFlow(scriptId);
          if (req.baseRevision !== null || landed.length > 0) this.partialRevisions.set(after.summary.revision, req.baseRevision ?? current.summary.revision);
        } catch {
          after = undefined;
        }
        const err = e instanceof BackendError ? e : new BackendError('internal', String(e), { cause: e });
        const details: PartialSaveDetails = {
          kind: 'partial-save',
          landed: landed.map(describeCall),
          failed: describeCall(call),
          notSent: plan.calls.slice(failedAt + 1).map(describeCall),
          current: after,
        };
        const what = landed.length === 0 ? 'Nothing was saved' : `Saved ${landed.length} of ${plan.calls.length} changes (${details.landed.join(', ')})`;
        throw new BackendError(err.code, `${what}; "${details.failed}" failed: ${err.serverMessage ?? err.message}. Your other changes are kept; save again to send the rest.`, {
          retryable: err.retryable,
          serverMessage: err.serverMessage,
          serverCode: err.serverCode,
          details,
          cause: err,
        });
      }
    }
    return this.getFlow(scriptId);
  }

  /**
   * Editor steps whose id the server does not know but whose title and type a server step has, and no other
   * editor step claims: the same step (titles are the keys of a viaSocket script). Covers a draft restored
   * from the journal after a reload, when this adapter's id map is gone.
   */
  private adoptByTitle(flow: Flow, script: Script): Record<string, string> {
    const reached = reachableSteps(script.json_script, this.mapping);
    const claimed = new Set(Object.keys(flow.steps));
    const known = this.createdIds.get(script.id) ?? {};
    for (const v of Object.values(known)) claimed.add(v);
    const out: Record<string, string> = {};
    for (const step of Object.values(flow.steps)) {
      const serverIds = new Set(reached.map((r) => stepIdOf(r.title, r.block)));
      if (serverIds.has(step.id) || known[step.id]) continue;
      const match = reached.find((r) => r.title === step.title && moduleIdOf(r.block) === step.type && !claimed.has(stepIdOf(r.title, r.block)));
      if (!match) continue;
      const id = stepIdOf(match.title, match.block);
      out[step.id] = id;
      claimed.add(id);
    }
    return out;
  }

  async deleteFlow(id: string): Promise<void> {
    id = this.resolve(id);
    const projectId = await this.projectIdOf(id);
    if (this.opts.deleteVia === 'delete') await this.client.request('DELETE', `/projects/${enc(projectId)}/scripts/${enc(id)}`);
    else {
      await this.client.request('PUT', `/scripts/${enc(id)}/status`, { body: { status: 3 } });
      await this.client.request('PUT', `/scripts/${enc(id)}/status`, { body: { status: 0 } });
    }
    this.projectOf.delete(id);
  }

  async setFlowEnabled(id: string, enabled: boolean): Promise<void> {
    id = this.resolve(id);
    await this.projectIdOf(id);
    await this.client.request('PUT', `/scripts/${enc(id)}/status`, { body: { status: enabled ? 1 : 3 } });
  }

  async duplicateFlow(id: string, opts: { name?: string; folderId?: string | null } = {}): Promise<SavedFlow> {
    id = this.resolve(id);
    const projectId = await this.projectIdOf(id);
    const r = await this.client.request('POST', `/projects/${enc(projectId)}/scripts/${enc(id)}/duplicate`, { body: {}, parse: ok(scriptSchema) });
    const copy = r.data.id;
    this.projectOf.set(copy, projectId);
    if (opts.name !== undefined) await this.client.request('PUT', `/projects/${enc(projectId)}/scripts/${enc(copy)}`, { body: { title: opts.name } });
    if (opts.folderId !== undefined && (opts.folderId ?? (await this.defaultProject())) !== projectId) await this.moveFlow(copy, opts.folderId);
    return this.getFlow(copy);
  }

  async moveFlow(id: string, folderId: string | null): Promise<void> {
    id = this.resolve(id);
    const projectId = await this.projectIdOf(id);
    const target = folderId ?? (await this.defaultProject());
    if (target === projectId) return;
    await this.client.request('POST', `/projects/${enc(projectId)}/scripts/${enc(id)}/move`, { body: { projectId: target } });
    this.projectOf.set(id, target);
  }

  async publish(flowId: string): Promise<FlowVersion> {
    flowId = this.resolve(flowId);
    const projectId = await this.projectIdOf(flowId);
    await this.client.request('PUT', `/projects/${enc(projectId)}/scripts/${enc(flowId)}/publish`);
    const after = await this.getFlow(flowId);
    return { id: after.summary.published?.versionId ?? 'published', flowId, createdAt: after.summary.modifiedAt, note: 'Published', published: true };
  }

  /** The published definition (`execution_script`) as a flow, for the diff shown before a revert. */
  async getPublishedFlow(flowId: string): Promise<Flow | null> {
    flowId = this.resolve(flowId);
    const read = await this.readScript(flowId);
    const snap = read.script.execution_script as { title?: string; description?: string; json_script?: unknown; used_variables?: unknown; functions?: unknown } | null | undefined;
    if (!snap || typeof snap !== 'object' || !snap.json_script) return null;
    const script = scriptSchema.safeParse({ ...read.script, title: snap.title ?? read.script.title, description: snap.description ?? read.script.description, json_script: snap.json_script, used_variables: snap.used_variables ?? {} });
    const functions = z.array(functionSchema).safeParse(snap.functions ?? []);
    if (!script.success) return null;
    return scriptToFlow({ script: script.data, functions: functions.success ? functions.data : [] }, this.mapping);
  }

  async revertDraft(flowId: string): Promise<SavedFlow> {
    flowId = this.resolve(flowId);
    const projectId = await this.projectIdOf(flowId);
    // Without a JSON body the server answers 411 Length Required.
    await this.client.request('PUT', `/projects/${enc(projectId)}/scripts/${enc(flowId)}/revert`, { body: {} });
    return this.getFlow(flowId);
  }

  // ---------------------------------------------------------------- modules

  private catalog() {
    this.modulesCache ??= (async () => {
      const plugins = (
        await this.client.request(
          'GET',
          '/dbdash/getplugin?pluginFilter=[null]&fields[]=iconurl&fields[]=rowid&fields[]=name&fields[]=domain&fields[]=description&fields[]=preferedauthtype&fields[]=preferedauthversion&fields[]=istriggeravailable',
          { parse: ok(z.array(pluginSchema)) },
        )
      ).data;
      const actions = await Promise.all(plugins.map((p) => this.pluginActions(p.rowid)));
      const modules = [...CORE_MODULES, ...plugins.flatMap((p, i) => actions[i]!.map((a) => actionModule(a, p)))];
      return { categories: [CORE_CATEGORY, ...plugins.map((p, i) => pluginCategory(p, i + 1))], modules, plugins };
    })();
    this.modulesCache.catch(() => (this.modulesCache = null));
    return this.modulesCache;
  }

  /** `GET /dbdash/getplugin?…&query=` (fields[] given: without them the query is ignored, says the seed). */
  async searchPlugins(query: string): Promise<Plugin[]> {
    const org = await this.orgId();
    const q = `orgId=${enc(org)}&type[]=action,custom_action&query=${enc(query)}&fields[]=name&fields[]=rowid&fields[]=domain&fields[]=iconurl&fields[]=description&fields[]=preferedauthversion`;
    return (await this.client.request('GET', `/dbdash/getplugin?${q}`, { parse: ok(z.array(pluginSchema)) })).data;
  }

  async builtInPlugins(): Promise<Plugin[]> {
    const q = 'categoryFilter=isbuiltinplugin=true&fields[]=iconurl&fields[]=rowid&fields[]=name&fields[]=domain&fields[]=description&fields[]=preferedauthtype&fields[]=preferedauthversion&fields[]=istriggeravailable';
    return (await this.client.request('GET', `/dbdash/getplugin?${q}`, { parse: ok(z.array(pluginSchema)) })).data;
  }

  async pluginActions(pluginId: string): Promise<Action[]> {
    return (await this.client.request('GET', `/dbdash/getpluginbyplugid/action?pluginrecordid=${enc(pluginId)}&type=action&status=published`, { parse: ok(z.array(actionSchema)) })).data;
  }

  async actionDetail(actionId: string): Promise<Action> {
    const r = await this.client.request('GET', `/dbdash/getpluginbyplugid/action?rowid=${enc(actionId)}`, { parse: ok(z.array(actionSchema)) });
    const a = r.data.find((x) => x.rowid === actionId);
    if (!a) throw new BackendError('not-found', `No viaSocket action ${actionId}`);
    return a;
  }

  async listCategories(): Promise<ModuleCategory[]> {
    return (await this.catalog()).categories;
  }

  async listModules(): Promise<ModuleDefinition[]> {
    return (await this.catalog()).modules;
  }

  async getModule(id: string): Promise<ModuleDefinition> {
    const core = CORE_MODULES.find((m) => m.id === id);
    if (core) return core;
    if (!id.startsWith('plugin:')) throw new BackendError('not-found', `No viaSocket step type ${id}`);
    const action = await this.actionDetail(id.slice('plugin:'.length));
    const { plugins } = await this.catalog();
    return actionModule(action, plugins.find((p) => p.rowid === action.pluginrecordid));
  }

  /** `authBinding` in the shared terms the inspector shows; null for steps that need no account. */
  async stepAuthorization(flowId: string, stepId: string): Promise<StepAuthorization | null> {
    let b: AuthBinding;
    try {
      b = await this.authBinding(flowId, stepId);
    } catch (e) {
      // Only plugin steps run with an account; any other stored step needs none.
      if (e instanceof BackendError && e.details === NOT_A_PLUGIN_STEP) return null;
      throw e;
    }
    if (!b.authVersion) return null;
    if (!b.authId) return { account: null, valid: false, problem: 'not-connected' };
    return { account: b.authName ?? b.authId, valid: b.valid, ...(b.valid ? {} : { problem: 'invalid' as const }), ...(b.reason ? { reason: b.reason } : {}) };
  }

  /** The auth-binding chain of the seed (四): the flow's binding for the plugin, then whether that auth is valid. */
  async authBinding(flowId: string, stepId: string): Promise<AuthBinding> {
    flowId = this.resolve(flowId);
    const read = await this.readScript(flowId);
    const r = reachableSteps(read.script.json_script, this.mapping).find((x) => stepIdOf(x.title, x.block) === stepId);
    if (!r || r.block.type !== 'plugin') throw new BackendError('invalid', `Step ${stepId} is not a plugin step`, { details: NOT_A_PLUGIN_STEP });
    const { plugins } = await this.catalog();
    const actionId = (r.block.service as { eventId?: string } | undefined)?.eventId;
    const module = actionId ? await this.getModule(`plugin:${actionId}`).catch(() => undefined) : undefined;
    const meta = (module?.extensions?.viasocket ?? {}) as { pluginId?: string; authVersion?: string | null };
    const pluginId = meta.pluginId ?? ((r.block.service as { serviceId?: string } | undefined)?.serviceId ?? '');
    const authVersion = meta.authVersion ?? plugins.find((p) => p.rowid === pluginId)?.preferedauthversion ?? null;
    if (!authVersion) return { stepId, pluginId, authVersion: null, authId: null, valid: true, reason: 'This plugin needs no authorisation.' };
    const org = await this.orgId();
    const binding = await this.client.request('GET', `/authtoken/orgid/${enc(org)}/projectid/${enc(read.projectId)}/scriptid/${enc(flowId)}/serviceid/${enc(pluginId)}/version/${enc(authVersion)}`, {
      parse: ok(z.looseObject({ authId: z.string(), name: z.string().optional() }).nullable()),
    });
    if (!binding.data) return { stepId, pluginId, authVersion, authId: null, valid: false, reason: 'No account is connected for this plugin.' };
    const valid = await this.client.request('GET', `/authtoken/authvalid/${enc(`${binding.data.authId}_${pluginId}`)}`, { parse: ok(z.looseObject({ valid: z.boolean(), reason: z.string().optional() })) });
    return { stepId, pluginId, authVersion, authId: binding.data.authId, ...(binding.data.name ? { authName: binding.data.name } : {}), valid: valid.data.valid, reason: valid.data.reason };
  }

  async testStep(req: TestStepRequest): Promise<TestStepResult> {
    if (!this.opts.sandbox) throw new BackendError('unsupported', 'No local sandbox was given to this viaSocket connection.');
    return testFunctionStep(await this.opts.sandbox(), req);
  }

  dispose(): void {
    this.modulesCache = null;
    this.projectOf.clear();
  }

  // ---------------------------------------------------------------- runs

  /** Dry run of the draft (`POST {run}/func/{id}/test`), or the published webhook when `versionId` is `published`. */
  async startRun(req: StartRunRequest, signal?: AbortSignal): Promise<RunHandle> {
    const scriptId = this.resolve(req.flowId);
    await this.projectIdOf(scriptId);
    const published = req.versionId === 'published' || req.trigger === 'webhook';
    const path = published ? `/func/${enc(scriptId)}` : `/func/${enc(scriptId)}/test`;
    const inputs = req.inputs ?? {};
    const sentAt = Date.now();
    let log: RunLog;
    try {
      log = (await this.client.request('POST', path, { run: true, body: inputs, parse: ok(runLogSchema), signal })).data;
    } catch (e) {
      // The run answers once, with its whole log: when that answer breaks, the run has usually happened. Its
      // log is looked for rather than the run reported as never started (and run again by the user).
      if (!mayHaveLanded(e) || signal?.aborted) throw e;
      const found = await this.findLandedRun(scriptId, !published, inputs, sentAt).catch(() => null);
      if (!found) throw e;
      log = found;
    }
    this.runsSeen.add(log.id);
    const events = eventsOfLog(log, this.callerIdOf(log.script_id));
    return {
      runId: runIdOf(log.script_id, log.id),
      events: (async function* () {
        yield* events;
      })(),
    };
  }

  /**
   * The log of a run whose answer broke: the newest of this script's logs of the same kind (dry or not) with
   * exactly these inputs, started around when the request went out (a few minutes either way, for clock
   * skew), and not a run this adapter already reported.
   */
  private async findLandedRun(scriptId: string, dry: boolean, inputs: Record<string, unknown>, sentAt: number): Promise<RunLog | null> {
    const { logs } = await this.logs(scriptId, { page: 1, limit: 10 });
    const skew = 5 * 60_000;
    const same = JSON.stringify(inputs);
    for (const l of logs) {
      const at = Date.parse(l.created_at);
      if (this.runsSeen.has(l.id) || l.isDryRun !== dry || !(Math.abs(at - sentAt) < skew)) continue;
      if (JSON.stringify(l.req?.body ?? {}) === same) return l;
    }
    return null;
  }

  /** One page of a script's run logs, newest first (`page` from 1), with the seed's query parameters. */
  async logs(flowId: string, opts: { page?: number; limit?: number; key?: string } = {}): Promise<{ logs: RunLog[]; total: number | undefined }> {
    flowId = this.resolve(flowId);
    const projectId = await this.projectIdOf(flowId);
    const q = new URLSearchParams({
      page: String(opts.page ?? 1),
      limit: String(opts.limit ?? 40),
      key: opts.key ?? '',
      search: 'scriptId',
      advanced: 'false',
      filter: '{}',
      inProject: 'false',
      getCount: 'true',
    });
    const r = await this.client.request('GET', `/logs/projectid/${enc(projectId)}/scriptid/${enc(flowId)}?${q.toString()}`, { parse: validated(logsPageSchema) });
    return { logs: r.data.data, total: r.data.total };
  }

  async listRuns(flowId: string, opts: { limit?: number; offset?: number; status?: RunStatus } = {}): Promise<Page<RunSummary>> {
    const limit = opts.limit ?? 40;
    const offset = opts.offset ?? 0;
    if (opts.status) {
      // Status is not a documented filter: read every page and filter here.
      const all: RunSummary[] = [];
      for (let page = 1; ; page++) {
        const { logs } = await this.logs(flowId, { page, limit: 100 });
        all.push(...logs.map((l) => runSummaryOf(l, flowId)));
        if (logs.length < 100) break;
      }
      const items = all.filter((r) => r.status === opts.status);
      return { items: items.slice(offset, offset + limit), total: items.length, offset, limit };
    }
    // Pages of `limit`: an offset inside a page reads from that page on.
    const page = Math.floor(offset / limit) + 1;
    const { logs, total } = await this.logs(flowId, { page, limit });
    const skip = offset - (page - 1) * limit;
    return { items: logs.slice(skip).map((l) => runSummaryOf(l, flowId)), total: total ?? logs.length, offset, limit };
  }

  async getRunEvents(runId: string): Promise<TraceEvent[]> {
    const parsed = parseRunId(runId);
    if (!parsed) throw new BackendError('not-found', `No viaSocket run ${runId}`);
    for (let page = 1; page < 50; page++) {
      const { logs } = await this.logs(parsed.scriptId, { page, limit: 100, key: parsed.logId });
      const log = logs.find((l) => l.id === parsed.logId);
      if (log) return eventsOfLog(log, this.callerIdOf(log.script_id));
      if (logs.length < 100) break;
    }
    throw new BackendError('not-found', `No viaSocket run ${runId}`);
  }
}

/**
 * The adapter with its methods as own, bound properties: the app wraps adapters with an object spread
 * (connections/adapters.ts), which keeps only own properties, so prototype methods would be lost.
 */
export function createViasocketAdapter(opts: ViasocketAdapterOptions): ViasocketAdapter {
  const adapter = new ViasocketAdapter(opts);
  for (const name of Object.getOwnPropertyNames(ViasocketAdapter.prototype)) {
    const desc = Object.getOwnPropertyDescriptor(ViasocketAdapter.prototype, name);
    if (name === 'constructor' || !desc || typeof desc.value !== 'function') continue;
    Object.defineProperty(adapter, name, { value: (desc.value as (...a: unknown[]) => unknown).bind(adapter), enumerable: true, writable: true, configurable: true });
  }
  return adapter;
}
