/**
 * In-memory state of the vFlow test server and every operation on it. Handlers in server.ts parse HTTP and
 * call these; errors are ApiError with the document's codes.
 */
import { randomUUID, randomBytes } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { ApiError } from './errors';
import { CATEGORIES, MODULES, MODULES_BY_ID, moduleDetail, moduleListEntry, type CatalogModule } from './catalog';
import { analyse, Execution, toTypedInputs, validateForRun, WorkflowValidationError, type ExecutionRecord, type ExecutorOptions } from './executor';
import { defaultFixtures, type FolderRecord, type Json, type JsonObject, type VflowFixtures } from './fixtures';

export interface TokenRecord {
  token: string;
  kind: 'access' | 'refresh';
  deviceId: string;
  deviceName: string;
  /** epoch ms */
  expiresAt: number;
  revoked: boolean;
  /** The other token of the pair (access <-> refresh). */
  pair: string;
}

export interface StoreOptions {
  /** Access token lifetime, seconds. */
  tokenExpiresIn: number;
  /** Refresh token lifetime, seconds. */
  refreshTokenExpiresIn: number;
  uniqueWorkflowNames: boolean;
  tagMatch: 'any' | 'all';
  maxExecutions: number;
  executor: ExecutorOptions;
  /**
   * Whether the catalog declares an `else` module. The document knows `if_condition` ... `endif` only; with
   * false, `else` is not served and a workflow with an `else` row is refused (2001). Default true.
   */
  elseModule: boolean;
  /**
   * A create request's own `id` (not in the document's request body): `ignore` (default: the document's reading,
   * the server picks the id and answers it) or `accept` (kept when free, 1004 when taken).
   */
  clientIds: 'ignore' | 'accept';
  /** `stepCount` in the list: every row (`rows`, the literal reading: default) or rows that are not else/end markers. */
  stepCount: 'rows' | 'steps';
  /** Subfolders of a folder deleted with `moveWorkflowsTo`: deleted with it (default) or moved too. */
  subfoldersOnMove: 'delete' | 'move';
}

/** The workflow fields the document lists; others are stored as sent. */
export const DOCUMENTED_FIELDS = new Set(['id', 'name', 'description', 'isEnabled', 'isFavorite', 'folderId', 'order', 'steps', 'triggerConfig', 'modifiedAt', 'version', 'maxExecutionTime', 'metadata', 'tags']);

/** Rows that only close or split a block (else / endif / endloop): not counted as steps. */
function isMarkerRow(s: Json): boolean {
  if (!isObj(s)) return false;
  const bt = MODULES_BY_ID.get(String(s.moduleId))?.blockBehavior.blockType;
  return bt === 'else' || bt === 'end';
}

const DEVICE = { brand: 'Xiaomi', model: 'Mi 14', androidVersion: '14', apiLevel: 34 };

function clone<T>(v: T): T {
  return structuredClone(v);
}

function isObj(v: unknown): v is JsonObject {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function bool(q: string | null, def: boolean, name: string): boolean {
  if (q === null || q === '') return def;
  if (q === 'true' || q === '1') return true;
  if (q === 'false' || q === '0') return false;
  throw new ApiError(1002, `Invalid value for ${name}: ${q}`, { parameter: name });
}

function int(q: string | null, def: number, name: string, min: number, max: number): number {
  if (q === null || q === '') return def;
  const n = Number(q);
  if (!Number.isInteger(n) || n < min || n > max) throw new ApiError(1002, `Invalid value for ${name}: ${q}`, { parameter: name });
  return n;
}

function tagsOf(wf: JsonObject): string[] {
  const meta = wf.metadata;
  const t = isObj(meta) && Array.isArray(meta.tags) ? meta.tags : Array.isArray(wf.tags) ? wf.tags : [];
  return t.filter((x): x is string => typeof x === 'string');
}

function sanitizeFilename(name: string): string {
  const s = name.replace(/[^\p{L}\p{N}._ -]+/gu, '_').trim();
  return s || 'workflow';
}

export class VflowStore {
  workflows = new Map<string, JsonObject>();
  folders = new Map<string, FolderRecord>();
  executions = new Map<string, { record: ExecutionRecord; exec: Execution | null }>();
  tokens = new Map<string, TokenRecord>();
  readonly startTime = Date.now();

  constructor(
    private readonly fixtures: VflowFixtures,
    readonly opts: StoreOptions,
  ) {
    this.load(fixtures);
  }

  /** A module of this server's catalog (the `else` module only when declared). */
  moduleOf(id: string): CatalogModule | undefined {
    if (id === 'else' && !this.opts.elseModule) return undefined;
    return MODULES_BY_ID.get(id);
  }

  private load(f: VflowFixtures): void {
    this.workflows = new Map(f.workflows.map((w) => [String(w.id), clone(w)]));
    this.folders = new Map(f.folders.map((x) => [x.id, { ...x }]));
  }

  /** Back to the fixtures: workflows, folders, executions, tokens. */
  reset(): void {
    this.dispose();
    this.executions.clear();
    this.tokens.clear();
    this.load(this.fixtures);
  }

  dispose(): void {
    for (const e of this.executions.values()) e.exec?.dispose();
  }

  /** Makes every access token expired now (tests of the 6002 path). */
  expireTokens(): void {
    const past = Date.now() - 1000;
    for (const t of this.tokens.values()) if (t.kind === 'access') t.expiresAt = past;
  }

  private nextTime(prev: unknown): number {
    const now = Date.now();
    return typeof prev === 'number' && prev >= now ? prev + 1 : now;
  }

  // ---------------------------------------------------------------- auth

  issueToken(body: unknown): Record<string, unknown> {
    if (!isObj(body)) throw new ApiError(1002, 'Invalid request parameters', { reason: 'body must be a JSON object' });
    const { deviceId, deviceName, timestamp } = body;
    if (typeof deviceId !== 'string' || deviceId.trim() === '') throw new ApiError(1002, 'Invalid request parameters', { field: 'deviceId' });
    if (deviceName !== undefined && typeof deviceName !== 'string') throw new ApiError(1002, 'Invalid request parameters', { field: 'deviceName' });
    if (timestamp !== undefined && typeof timestamp !== 'number') throw new ApiError(1002, 'Invalid request parameters', { field: 'timestamp' });
    const access = this.newToken('access', deviceId, deviceName ?? '', this.opts.tokenExpiresIn);
    const refresh = this.newToken('refresh', deviceId, deviceName ?? '', this.opts.refreshTokenExpiresIn);
    access.pair = refresh.token;
    refresh.pair = access.token;
    return {
      token: access.token,
      refreshToken: refresh.token,
      expiresIn: this.opts.tokenExpiresIn,
      tokenType: 'Bearer',
      deviceInfo: { brand: DEVICE.brand, model: DEVICE.model, androidVersion: DEVICE.androidVersion },
    };
  }

  private newToken(kind: TokenRecord['kind'], deviceId: string, deviceName: string, ttlSeconds: number): TokenRecord {
    const payload = Buffer.from(JSON.stringify({ kind, deviceId, jti: randomUUID() })).toString('base64url');
    const token = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${payload}.${randomBytes(16).toString('base64url')}`;
    const rec: TokenRecord = { token, kind, deviceId, deviceName, expiresAt: Date.now() + ttlSeconds * 1000, revoked: false, pair: '' };
    this.tokens.set(token, rec);
    return rec;
  }

  /** Checks an Authorization header for an access (or refresh) token. */
  authenticate(header: string | undefined, kind: TokenRecord['kind'] = 'access'): TokenRecord {
    const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!m?.[1]) throw new ApiError(6001, 'Invalid authentication', { reason: 'missing bearer token' });
    const rec = this.tokens.get(m[1]);
    if (!rec || rec.revoked || rec.kind !== kind) throw new ApiError(6001, kind === 'refresh' ? 'Invalid refresh token' : 'Invalid authentication');
    if (rec.expiresAt <= Date.now()) throw new ApiError(6002, 'Token expired', { expiredAt: rec.expiresAt });
    return rec;
  }

  refresh(header: string | undefined): Record<string, unknown> {
    let rec: TokenRecord;
    try {
      rec = this.authenticate(header, 'refresh');
    } catch (e) {
      // The document: 401 for an invalid refresh token, whatever the reason.
      if (e instanceof ApiError) throw new ApiError(6001, 'Invalid refresh token');
      throw e;
    }
    const access = this.newToken('access', rec.deviceId, rec.deviceName, this.opts.tokenExpiresIn);
    access.pair = rec.token;
    rec.pair = access.token;
    return { token: access.token, expiresIn: this.opts.tokenExpiresIn };
  }

  verify(rec: TokenRecord): Record<string, unknown> {
    return { valid: true, deviceInfo: { ...DEVICE }, expiresAt: Math.floor(rec.expiresAt / 1000) };
  }

  revoke(rec: TokenRecord): void {
    rec.revoked = true;
    const pair = this.tokens.get(rec.pair);
    if (pair) pair.revoked = true;
    // Every access token issued from the same refresh token goes too.
    for (const t of this.tokens.values()) if (t.pair === rec.pair || t.pair === rec.token) t.revoked = true;
  }

  // ---------------------------------------------------------------- workflows

  getWorkflow(id: string): JsonObject {
    const wf = this.workflows.get(id);
    if (!wf) throw new ApiError(1001, 'Workflow not found', { workflowId: id });
    return wf;
  }

  private listEntry(wf: JsonObject): JsonObject {
    const meta = isObj(wf.metadata) ? wf.metadata : {};
    const out: JsonObject = {
      id: wf.id ?? null,
      name: wf.name ?? '',
      description: wf.description ?? '',
      isEnabled: wf.isEnabled ?? false,
      isFavorite: wf.isFavorite ?? false,
      folderId: wf.folderId ?? null,
      order: wf.order ?? 0,
      stepCount: Array.isArray(wf.steps) ? (this.opts.stepCount === 'steps' ? wf.steps.filter((x) => !isMarkerRow(x)).length : wf.steps.length) : 0,
      modifiedAt: wf.modifiedAt ?? 0,
      tags: tagsOf(wf),
    };
    for (const k of ['version', 'triggerConfig', 'maxExecutionTime'] as const) if (wf[k] !== undefined) out[k] = wf[k] as Json;
    if (meta.author !== undefined) out.author = meta.author;
    if (meta.vFlowLevel !== undefined) out.vFlowLevel = meta.vFlowLevel;
    return out;
  }

  listWorkflows(q: URLSearchParams): Record<string, unknown> {
    const sortBy = q.get('sortBy') ?? 'order';
    if (!['name', 'modifiedAt', 'order'].includes(sortBy)) throw new ApiError(1002, `Invalid sortBy: ${sortBy}`, { parameter: 'sortBy' });
    const order = q.get('order') ?? 'asc';
    if (order !== 'asc' && order !== 'desc') throw new ApiError(1002, `Invalid order: ${order}`, { parameter: 'order' });
    const limit = int(q.get('limit'), 50, 'limit', 1, 1000);
    const offset = int(q.get('offset'), 0, 'offset', 0, Number.MAX_SAFE_INTEGER);
    const includeDisabled = bool(q.get('includeDisabled'), true, 'includeDisabled');
    const folderId = q.get('folderId');
    const search = (q.get('search') ?? '').trim().toLowerCase();
    const tags = (q.get('tags') ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    let list = [...this.workflows.values()].filter((wf) => {
      if (folderId !== null && folderId !== '' && wf.folderId !== folderId) return false;
      if (!includeDisabled && wf.isEnabled !== true) return false;
      if (search && !`${String(wf.name ?? '')}\n${String(wf.description ?? '')}`.toLowerCase().includes(search)) return false;
      if (tags.length) {
        const own = tagsOf(wf);
        if (this.opts.tagMatch === 'all' ? !tags.every((t) => own.includes(t)) : !tags.some((t) => own.includes(t))) return false;
      }
      return true;
    });
    const key = (wf: JsonObject): string | number =>
      sortBy === 'name' ? String(wf.name ?? '').toLowerCase() : sortBy === 'modifiedAt' ? Number(wf.modifiedAt ?? 0) : Number(wf.order ?? 0);
    list = list.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      const c = ka < kb ? -1 : ka > kb ? 1 : String(a.name ?? '').localeCompare(String(b.name ?? ''));
      return order === 'asc' ? c : -c;
    });
    return { workflows: list.slice(offset, offset + limit).map((w) => this.listEntry(w)), total: list.length, limit, offset };
  }

  private checkFolder(folderId: unknown): void {
    if (folderId === null || folderId === undefined) return;
    if (typeof folderId !== 'string') throw new ApiError(1002, 'Invalid workflow data', { field: 'folderId' });
    if (!this.folders.has(folderId)) throw new ApiError(3001, 'Folder not found', { folderId });
  }

  /** Validates the known fields of a workflow body; unknown fields are accepted and stored. */
  private validateWorkflowBody(body: JsonObject, creating: boolean): void {
    const bad = (field: string, reason: string): never => {
      throw new ApiError(1002, 'Invalid workflow data', { field, reason });
    };
    if (creating || 'name' in body) {
      if (typeof body.name !== 'string' || body.name.trim() === '') bad('name', 'required, non-empty string');
      if (typeof body.name === 'string' && body.name.length > 200) bad('name', 'at most 200 characters');
    }
    if ('description' in body && typeof body.description !== 'string' && body.description !== null) bad('description', 'string');
    for (const k of ['isEnabled', 'isFavorite']) if (k in body && typeof body[k] !== 'boolean') bad(k, 'boolean');
    if ('order' in body && (typeof body.order !== 'number' || !Number.isInteger(body.order))) bad('order', 'integer');
    if ('maxExecutionTime' in body && (typeof body.maxExecutionTime !== 'number' || body.maxExecutionTime <= 0)) bad('maxExecutionTime', 'positive number');
    if ('tags' in body && (!Array.isArray(body.tags) || !body.tags.every((t) => typeof t === 'string'))) bad('tags', 'array of strings');
    if ('triggerConfig' in body && (!isObj(body.triggerConfig) || typeof body.triggerConfig.type !== 'string')) bad('triggerConfig', 'object with a type');
    if ('metadata' in body && body.metadata !== null && !isObj(body.metadata)) bad('metadata', 'object');
    if ('version' in body && typeof body.version !== 'string') bad('version', 'string');
    if ('steps' in body) {
      if (!Array.isArray(body.steps)) bad('steps', 'array');
      const steps = body.steps as Json[];
      const ids = new Set<string>();
      steps.forEach((s, i) => {
        if (!isObj(s)) bad(`steps[${i}]`, 'object');
        const st = s as JsonObject;
        if (typeof st.id !== 'string' || st.id === '') bad(`steps[${i}].id`, 'non-empty string');
        if (ids.has(st.id as string)) bad(`steps[${i}].id`, `duplicate step id ${String(st.id)}`);
        ids.add(st.id as string);
        if (typeof st.moduleId !== 'string') bad(`steps[${i}].moduleId`, 'string');
        if (!this.moduleOf(st.moduleId as string)) {
          throw new ApiError(2001, `Module not found: ${String(st.moduleId)}`, { stepId: st.id, moduleId: st.moduleId }, 400);
        }
        if (typeof st.indentationLevel !== 'number' || !Number.isInteger(st.indentationLevel) || st.indentationLevel < 0) bad(`steps[${i}].indentationLevel`, 'integer >= 0');
        if (!isObj(st.parameters)) throw new ApiError(2002, 'Invalid module parameters', { stepId: st.id, reason: 'parameters must be an object' });
        for (const [k, p] of Object.entries(st.parameters)) {
          if (!isObj(p) || typeof p.type !== 'string' || !('value' in p)) {
            throw new ApiError(2002, 'Invalid module parameters', { stepId: st.id, parameter: k, reason: 'each parameter is {type, value}' });
          }
        }
      });
      try {
        analyse(steps as JsonObject[]);
      } catch (e) {
        if (e instanceof WorkflowValidationError) throw new ApiError(1002, e.message, e.details);
        throw e;
      }
    }
    if ('folderId' in body) this.checkFolder(body.folderId);
  }

  private nameTaken(name: string, exceptId?: string): boolean {
    for (const wf of this.workflows.values()) if (wf.name === name && wf.id !== exceptId) return true;
    return false;
  }

  private applyBody(wf: JsonObject, body: JsonObject): void {
    for (const [k, v] of Object.entries(body)) {
      if (k === 'id' || k === 'modifiedAt' || k === 'createdAt') continue;
      // "All fields optional": a field sent is stored as sent, `null` included (the document has no
      // merge-patch rule that would make null delete a field).
      if (k === 'tags') {
        const meta = isObj(wf.metadata) ? wf.metadata : {};
        wf.metadata = { ...meta, tags: clone(v) };
        continue;
      }
      wf[k] = clone(v);
    }
    if ('tags' in body && 'metadata' in body && isObj(wf.metadata)) wf.metadata.tags = clone(body.tags as Json);
  }

  createWorkflow(sent: unknown): Record<string, unknown> {
    let body: JsonObject = isObj(sent) ? sent : {};
    if (!isObj(sent)) throw new ApiError(1002, 'Invalid workflow data', { reason: 'body must be a JSON object' });
    this.validateWorkflowBody(body, true);
    // Not in the document's request body: by default the server picks the id (and answers it); `accept` keeps
    // a client-chosen one.
    if (this.opts.clientIds !== 'accept') {
      const { id: _ignored, ...rest } = body;
      body = rest;
    }
    if ('id' in body && (typeof body.id !== 'string' || body.id.trim() === '' || body.id.length > 200)) {
      throw new ApiError(1002, 'Invalid workflow data', { field: 'id' });
    }
    if (typeof body.id === 'string' && this.workflows.has(body.id)) throw new ApiError(1004, 'Workflow already exists', { workflowId: body.id });
    if (this.opts.uniqueWorkflowNames && this.nameTaken(body.name as string)) {
      throw new ApiError(1004, 'Workflow already exists', { name: body.name });
    }
    const id = typeof body.id === 'string' ? body.id : randomUUID();
    const now = Date.now();
    const siblings = [...this.workflows.values()].filter((w) => (w.folderId ?? null) === (body.folderId ?? null));
    // Only the server-owned fields get defaults; everything else is stored as sent.
    const wf: JsonObject = { id, name: '', isEnabled: false, isFavorite: false, folderId: null, order: siblings.length, steps: [], modifiedAt: now };
    this.applyBody(wf, body);
    wf.id = id;
    wf.modifiedAt = now;
    this.workflows.set(id, wf);
    return { id, name: wf.name, createdAt: now };
  }

  updateWorkflow(id: string, body: unknown): Record<string, unknown> {
    const wf = this.getWorkflow(id);
    if (!isObj(body)) throw new ApiError(1002, 'Invalid workflow data', { reason: 'body must be a JSON object' });
    this.validateWorkflowBody(body, false);
    this.applyBody(wf, body);
    wf.modifiedAt = this.nextTime(wf.modifiedAt);
    return { id, updatedAt: wf.modifiedAt };
  }

  deleteWorkflow(id: string): Record<string, unknown> {
    this.getWorkflow(id);
    this.workflows.delete(id);
    return { deleted: true, deletedAt: Date.now() };
  }

  private uniqueName(base: string): string {
    if (!this.opts.uniqueWorkflowNames || !this.nameTaken(base)) return base;
    for (let i = 2; i < 10_000; i++) {
      const n = `${base} (${i})`;
      if (!this.nameTaken(n)) return n;
    }
    return `${base} ${randomUUID()}`;
  }

  duplicateWorkflow(id: string, body: unknown): Record<string, unknown> {
    const src = this.getWorkflow(id);
    const b = isObj(body) ? body : {};
    if (b.newName !== undefined && (typeof b.newName !== 'string' || b.newName.trim() === '')) throw new ApiError(1002, 'Invalid workflow data', { field: 'newName' });
    if (b.targetFolderId !== undefined) this.checkFolder(b.targetFolderId);
    const requested = typeof b.newName === 'string' ? b.newName : undefined;
    if (requested && this.opts.uniqueWorkflowNames && this.nameTaken(requested)) throw new ApiError(1004, 'Workflow already exists', { name: requested });
    const name = requested ?? this.uniqueName(`Copy of ${String(src.name ?? '')}`);
    const newId = randomUUID();
    const now = Date.now();
    const copy = clone(src);
    copy.id = newId;
    copy.name = name;
    copy.isFavorite = false;
    copy.modifiedAt = now;
    if (b.targetFolderId !== undefined) copy.folderId = b.targetFolderId;
    this.workflows.set(newId, copy);
    return { newWorkflowId: newId, name, createdAt: now };
  }

  setEnabled(id: string, enabled: boolean): Record<string, unknown> {
    const wf = this.getWorkflow(id);
    wf.isEnabled = enabled;
    wf.modifiedAt = this.nextTime(wf.modifiedAt);
    return { id, isEnabled: enabled, updatedAt: wf.modifiedAt };
  }

  batch(body: unknown): Record<string, unknown> {
    if (!isObj(body)) throw new ApiError(1002, 'Invalid request parameters', { reason: 'body must be a JSON object' });
    const { action, workflowIds } = body;
    if (!['delete', 'enable', 'disable', 'move'].includes(String(action))) throw new ApiError(1002, `Unknown batch action: ${String(action)}`, { field: 'action' });
    if (!Array.isArray(workflowIds) || !workflowIds.every((x) => typeof x === 'string')) throw new ApiError(1002, 'workflowIds must be an array of strings', { field: 'workflowIds' });
    if (action === 'move') {
      // `targetFolderId: null` moves to the root (the document does not say; our reading).
      if (!('targetFolderId' in body)) throw new ApiError(1002, 'move requires targetFolderId', { field: 'targetFolderId' });
      this.checkFolder(body.targetFolderId);
    }
    const succeeded: string[] = [];
    const failed: string[] = [];
    const skipped: string[] = [];
    for (const id of workflowIds as string[]) {
      const wf = this.workflows.get(id);
      if (!wf) {
        failed.push(id);
        continue;
      }
      if (action === 'delete') {
        this.workflows.delete(id);
        succeeded.push(id);
      } else if (action === 'enable' || action === 'disable') {
        const want = action === 'enable';
        if (wf.isEnabled === want) skipped.push(id);
        else {
          this.setEnabled(id, want);
          succeeded.push(id);
        }
      } else {
        const target = (body.targetFolderId ?? null) as string | null;
        if ((wf.folderId ?? null) === target) skipped.push(id);
        else {
          wf.folderId = target;
          wf.modifiedAt = this.nextTime(wf.modifiedAt);
          succeeded.push(id);
        }
      }
    }
    return { succeeded, failed, skipped };
  }

  magicVariables(id: string): Record<string, unknown> {
    const wf = this.getWorkflow(id);
    const steps = Array.isArray(wf.steps) ? wf.steps.filter(isObj) : [];
    const magicVariables: JsonObject[] = [];
    for (const s of steps) {
      const m = this.moduleOf(String(s.moduleId));
      if (!m) continue;
      for (const o of m.outputs) {
        magicVariables.push({
          key: `{{${String(s.id)}.${o.id}}}`,
          label: `${m.metadata.name} - ${o.label}`,
          type: o.type,
          stepId: String(s.id),
          stepName: m.metadata.name,
          outputId: o.id,
          outputName: o.label,
          category: 'Steps',
        });
      }
    }
    const systemVariables = [
      { key: '{{trigger.data}}', label: '触发器数据', type: 'any', description: '触发器传入的原始数据' },
      { key: '{{current_time}}', label: '当前时间', type: 'number', description: '当前时间戳(毫秒)' },
      { key: '{{device_info}}', label: '设备信息', type: 'dictionary', description: '设备相关信息' },
    ];
    return { magicVariables, systemVariables };
  }

  // ---------------------------------------------------------------- execution

  execute(id: string, body: unknown): Execution {
    const wf = this.getWorkflow(id);
    if (wf.isEnabled !== true) throw new ApiError(1003, 'Workflow is disabled', { workflowId: id }, 409);
    const b = isObj(body) ? body : {};
    if (b.timeout !== undefined && (typeof b.timeout !== 'number' || b.timeout <= 0)) throw new ApiError(1002, 'Invalid request parameters', { field: 'timeout' });
    if (b.inputVariables !== undefined && !isObj(b.inputVariables)) throw new ApiError(1002, 'Invalid request parameters', { field: 'inputVariables' });
    const steps = (Array.isArray(wf.steps) ? wf.steps : []).filter(isObj).map((s) => clone(s));
    let structure;
    try {
      structure = validateForRun(steps);
    } catch (e) {
      if (e instanceof WorkflowValidationError) throw new ApiError(e.code, e.message, e.details, 422);
      throw e;
    }
    const maxExec = typeof wf.maxExecutionTime === 'number' ? wf.maxExecutionTime : Infinity;
    const timeout = Math.min(maxExec, typeof b.timeout === 'number' ? b.timeout : Infinity);
    const executionId = `exec-${randomUUID()}`;
    const exec = new Execution(executionId, wf, steps, structure, toTypedInputs(b.inputVariables), timeout, this.opts.executor);
    this.executions.set(executionId, { record: exec.record, exec });
    this.trimExecutions();
    return exec;
  }

  private trimExecutions(): void {
    if (this.executions.size <= this.opts.maxExecutions) return;
    for (const [id, e] of this.executions) {
      if (this.executions.size <= this.opts.maxExecutions) break;
      if (e.record.status !== 'running') this.executions.delete(id);
    }
  }

  getExecution(id: string): { record: ExecutionRecord; exec: Execution | null } {
    const e = this.executions.get(id);
    if (!e) throw new ApiError(5001, 'Execution not found', { executionId: id });
    return e;
  }

  statusOf(id: string): Record<string, unknown> {
    const r = this.getExecution(id).record;
    return {
      executionId: r.executionId,
      workflowId: r.workflowId,
      workflowName: r.workflowName,
      status: r.status,
      currentStepIndex: r.currentStepIndex,
      totalSteps: r.totalSteps,
      currentStep: r.currentStep,
      startedAt: r.startedAt,
      completedAt: r.completedAt,
      duration: r.duration,
      outputs: clone(r.outputs),
      error: r.error,
      variables: clone(r.variables),
    };
  }

  stop(id: string): Record<string, unknown> {
    const e = this.getExecution(id);
    if (e.record.status !== 'running' || !e.exec) throw new ApiError(5002, 'Execution already stopped', { executionId: id, status: e.record.status });
    e.exec.stop();
    return { executionId: id, stoppedAt: e.record.completedAt, status: 'cancelled' };
  }

  logs(id: string, q: URLSearchParams): Record<string, unknown> {
    const r = this.getExecution(id).record;
    const level = q.get('level');
    if (level !== null && level !== '' && !['info', 'warning', 'error'].includes(level)) throw new ApiError(1002, `Invalid level: ${level}`, { parameter: 'level' });
    const stepIndexQ = q.get('stepIndex');
    const stepIndex = stepIndexQ === null || stepIndexQ === '' ? null : int(stepIndexQ, 0, 'stepIndex', 0, Number.MAX_SAFE_INTEGER);
    const limit = int(q.get('limit'), 100, 'limit', 1, 1000);
    const offset = int(q.get('offset'), 0, 'offset', 0, Number.MAX_SAFE_INTEGER);
    const all = r.logs.filter((l) => (!level || l.level === level) && (stepIndex === null || l.stepIndex === stepIndex));
    return { logs: clone(all.slice(offset, offset + limit)), total: all.length, limit, offset };
  }

  private summaryOf(r: ExecutionRecord): Record<string, unknown> {
    const out: Record<string, unknown> = {
      executionId: r.executionId,
      workflowId: r.workflowId,
      workflowName: r.workflowName,
      status: r.status,
      startedAt: r.startedAt,
      completedAt: r.completedAt,
      duration: r.duration,
      triggeredBy: r.triggeredBy,
    };
    if (r.error) out.error = r.error;
    return out;
  }

  listExecutions(q: URLSearchParams): Record<string, unknown> {
    const workflowId = q.get('workflowId');
    const status = q.get('status');
    if (status && !['running', 'completed', 'failed', 'cancelled', 'timeout'].includes(status)) throw new ApiError(1002, `Invalid status: ${status}`, { parameter: 'status' });
    const startDate = int(q.get('startDate'), 0, 'startDate', 0, Number.MAX_SAFE_INTEGER);
    const endDate = int(q.get('endDate'), Number.MAX_SAFE_INTEGER, 'endDate', 0, Number.MAX_SAFE_INTEGER);
    const limit = int(q.get('limit'), 20, 'limit', 1, 1000);
    const offset = int(q.get('offset'), 0, 'offset', 0, Number.MAX_SAFE_INTEGER);
    const all = [...this.executions.values()]
      .map((e) => e.record)
      .filter((r) => (!workflowId || r.workflowId === workflowId) && (!status || r.status === status) && r.startedAt >= startDate && r.startedAt <= endDate)
      .map((r, i) => ({ r, i }))
      .sort((a, b) => b.r.startedAt - a.r.startedAt || b.i - a.i)
      .map((x) => x.r);
    return { executions: all.slice(offset, offset + limit).map((r) => this.summaryOf(r)), total: all.length, limit, offset };
  }

  deleteExecutions(q: URLSearchParams): Record<string, unknown> {
    const executionId = q.get('executionId');
    const workflowId = q.get('workflowId');
    const olderThanQ = q.get('olderThan');
    if (!executionId && !workflowId && !olderThanQ) {
      throw new ApiError(1002, 'Specify executionId, workflowId or olderThan', { parameters: ['executionId', 'workflowId', 'olderThan'] });
    }
    const olderThan = olderThanQ ? int(olderThanQ, 0, 'olderThan', 0, Number.MAX_SAFE_INTEGER) : null;
    if (executionId && !this.executions.has(executionId)) throw new ApiError(5001, 'Execution not found', { executionId });
    let deletedCount = 0;
    for (const [id, e] of [...this.executions]) {
      const r = e.record;
      if (r.status === 'running') continue;
      if (executionId && id !== executionId) continue;
      if (workflowId && r.workflowId !== workflowId) continue;
      if (olderThan !== null && r.startedAt >= olderThan) continue;
      this.executions.delete(id);
      deletedCount++;
    }
    return { deletedCount };
  }

  // ---------------------------------------------------------------- modules

  categories(): Record<string, unknown> {
    return { categories: clone(CATEGORIES) };
  }

  listModules(q: URLSearchParams): Record<string, unknown> {
    const category = q.get('category');
    const search = (q.get('search') ?? '').trim().toLowerCase();
    const modules = MODULES.filter((m) => {
      if (!this.moduleOf(m.id)) return false;
      if (category && m.metadata.category !== category) return false;
      if (search) {
        const { name, nameEn, description, descriptionEn } = m.metadata;
        if (!`${m.id}\n${name}\n${nameEn}\n${description}\n${descriptionEn}`.toLowerCase().includes(search)) return false;
      }
      return true;
    });
    return { modules: clone(modules.map(moduleListEntry)) };
  }

  module(id: string): Record<string, unknown> {
    const m = this.moduleOf(id);
    if (!m) throw new ApiError(2001, 'Module not found', { moduleId: id });
    return clone(moduleDetail(m));
  }

  inputSchema(id: string): Record<string, unknown> {
    const m = this.moduleOf(id);
    if (!m) throw new ApiError(2001, 'Module not found', { moduleId: id });
    return { schema: clone(m.inputSchema) };
  }

  // ---------------------------------------------------------------- folders

  private folderOut(f: FolderRecord): Record<string, unknown> {
    const workflowCount = [...this.workflows.values()].filter((w) => w.folderId === f.id).length;
    const subfolderCount = [...this.folders.values()].filter((x) => x.parentId === f.id).length;
    return { id: f.id, name: f.name, parentId: f.parentId, order: f.order, workflowCount, subfolderCount, createdAt: f.createdAt, modifiedAt: f.modifiedAt };
  }

  getFolder(id: string): FolderRecord {
    const f = this.folders.get(id);
    if (!f) throw new ApiError(3001, 'Folder not found', { folderId: id });
    return f;
  }

  listFolders(q: URLSearchParams): Record<string, unknown> {
    const parentId = q.get('parentId');
    const list = [...this.folders.values()]
      .filter((f) => parentId === null || parentId === '' || f.parentId === parentId)
      .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
    return { folders: list.map((f) => this.folderOut(f)), total: list.length };
  }

  folderDetail(id: string): Record<string, unknown> {
    const f = this.getFolder(id);
    const workflows = [...this.workflows.values()]
      .filter((w) => w.folderId === id)
      .sort((a, b) => Number(a.order ?? 0) - Number(b.order ?? 0))
      .map((w) => ({ id: w.id ?? null, name: w.name ?? '', isEnabled: w.isEnabled ?? false, order: w.order ?? 0 }));
    const subfolders = [...this.folders.values()]
      .filter((x) => x.parentId === id)
      .sort((a, b) => a.order - b.order)
      .map((x) => ({ id: x.id, name: x.name, order: x.order }));
    const out = this.folderOut(f);
    return { ...out, workflows, subfolders, createdAt: f.createdAt, modifiedAt: f.modifiedAt };
  }

  private isDescendant(id: string, ancestor: string): boolean {
    let cur: string | null = id;
    for (let i = 0; cur !== null && i < 1000; i++) {
      if (cur === ancestor) return true;
      cur = this.folders.get(cur)?.parentId ?? null;
    }
    return false;
  }

  private folderNameTaken(name: string, parentId: string | null, exceptId?: string): boolean {
    for (const f of this.folders.values()) if (f.name === name && f.parentId === parentId && f.id !== exceptId) return true;
    return false;
  }

  createFolder(body: unknown): Record<string, unknown> {
    if (!isObj(body)) throw new ApiError(1002, 'Invalid folder data', { reason: 'body must be a JSON object' });
    const { name, parentId, order } = body;
    if (typeof name !== 'string' || name.trim() === '') throw new ApiError(1002, 'Invalid folder data', { field: 'name' });
    if (parentId !== undefined && parentId !== null && typeof parentId !== 'string') throw new ApiError(1002, 'Invalid folder data', { field: 'parentId' });
    if (order !== undefined && (typeof order !== 'number' || !Number.isInteger(order))) throw new ApiError(1002, 'Invalid folder data', { field: 'order' });
    const parent = (parentId ?? null) as string | null;
    if (parent !== null && !this.folders.has(parent)) throw new ApiError(3001, 'Parent folder not found', { folderId: parent });
    // No dedicated code for a duplicate folder: 1004 with 409 (our reading).
    if (this.folderNameTaken(name, parent)) throw new ApiError(1004, 'Folder with same name exists', { name, parentId: parent });
    const now = Date.now();
    const siblings = [...this.folders.values()].filter((f) => f.parentId === parent).length;
    const f: FolderRecord = { id: `folder-${randomUUID()}`, name, parentId: parent, order: (order as number | undefined) ?? siblings, createdAt: now, modifiedAt: now };
    this.folders.set(f.id, f);
    return { id: f.id, name: f.name, createdAt: now };
  }

  updateFolder(id: string, body: unknown): Record<string, unknown> {
    const f = this.getFolder(id);
    if (!isObj(body)) throw new ApiError(1002, 'Invalid folder data', { reason: 'body must be a JSON object' });
    const { name, parentId, order } = body;
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) throw new ApiError(1002, 'Invalid folder data', { field: 'name' });
    if (order !== undefined && (typeof order !== 'number' || !Number.isInteger(order))) throw new ApiError(1002, 'Invalid folder data', { field: 'order' });
    if (parentId !== undefined) {
      if (parentId !== null && typeof parentId !== 'string') throw new ApiError(1002, 'Invalid folder data', { field: 'parentId' });
      if (parentId !== null && !this.folders.has(parentId)) throw new ApiError(3001, 'Parent folder not found', { folderId: parentId });
      if (parentId !== null && this.isDescendant(parentId, id)) throw new ApiError(1002, 'Invalid folder data', { field: 'parentId', reason: 'a folder cannot move into itself' });
    }
    const newName = (name as string | undefined) ?? f.name;
    const newParent = parentId === undefined ? f.parentId : (parentId as string | null);
    if (this.folderNameTaken(newName, newParent, id)) throw new ApiError(1004, 'Folder with same name exists', { name: newName, parentId: newParent });
    f.name = newName;
    f.parentId = newParent;
    if (order !== undefined) f.order = order as number;
    f.modifiedAt = this.nextTime(f.modifiedAt);
    return { id, updatedAt: f.modifiedAt };
  }

  deleteFolder(id: string, q: URLSearchParams): Record<string, unknown> {
    this.getFolder(id);
    const deleteWorkflows = bool(q.get('deleteWorkflows'), false, 'deleteWorkflows');
    const moveTo = q.get('moveWorkflowsTo');
    const hasMove = moveTo !== null && moveTo !== '';
    if (deleteWorkflows && hasMove) throw new ApiError(1002, 'Use either deleteWorkflows or moveWorkflowsTo', { parameters: ['deleteWorkflows', 'moveWorkflowsTo'] });
    if (hasMove) {
      if (!this.folders.has(moveTo)) throw new ApiError(3001, 'Folder not found', { folderId: moveTo });
      if (this.isDescendant(moveTo, id)) throw new ApiError(1002, 'Cannot move contents into the folder being deleted', { moveWorkflowsTo: moveTo });
    }
    const wfs = [...this.workflows.values()].filter((w) => w.folderId === id);
    const subs = [...this.folders.values()].filter((f) => f.parentId === id);
    if ((wfs.length || subs.length) && !deleteWorkflows && !hasMove) {
      throw new ApiError(3002, 'Folder not empty', { folderId: id, workflowCount: wfs.length, subfolderCount: subs.length });
    }
    let workflowsDeleted = 0;
    let workflowsMoved = 0;
    const now = Date.now();
    if (deleteWorkflows) {
      // Everything below goes: subfolders and their workflows.
      const doomed = [...this.folders.keys()].filter((fid) => this.isDescendant(fid, id));
      for (const [wid, w] of [...this.workflows]) {
        if (typeof w.folderId === 'string' && doomed.includes(w.folderId)) {
          this.workflows.delete(wid);
          workflowsDeleted++;
        }
      }
      for (const fid of doomed) this.folders.delete(fid);
    } else {
      for (const w of wfs) {
        w.folderId = hasMove ? moveTo : null;
        w.modifiedAt = this.nextTime(w.modifiedAt);
        workflowsMoved++;
      }
      if (this.opts.subfoldersOnMove === 'move') {
        for (const s of subs) {
          s.parentId = hasMove ? moveTo : null;
          s.modifiedAt = this.nextTime(s.modifiedAt);
        }
      } else {
        // "Move workflows to this folder": only workflows move; the subfolders go with the folder.
        const doomed = [...this.folders.keys()].filter((fid) => fid !== id && this.isDescendant(fid, id));
        for (const [wid, w] of [...this.workflows]) {
          if (typeof w.folderId === 'string' && doomed.includes(w.folderId)) {
            this.workflows.delete(wid);
            workflowsDeleted++;
          }
        }
        for (const fid of doomed) this.folders.delete(fid);
      }
      this.folders.delete(id);
    }
    return { deleted: true, deletedAt: now, workflowsDeleted, workflowsMoved };
  }

  // ---------------------------------------------------------------- import / export

  exportData(id: string, includeSteps: boolean): Record<string, unknown> {
    const wf = clone(this.getWorkflow(id));
    if (!includeSteps) delete wf.steps;
    return { workflow: wf, exportedAt: Date.now(), format: 'json' };
  }

  exportZip(ids: string[], includeSteps: boolean): { data: Uint8Array; filename: string } {
    const files: Record<string, Uint8Array> = {};
    const manifest: JsonObject[] = [];
    const used = new Set<string>();
    for (const id of ids) {
      const d = this.exportData(id, includeSteps);
      const wf = d.workflow as JsonObject;
      let fname = `${sanitizeFilename(String(wf.name ?? id))}.json`;
      for (let i = 2; used.has(fname); i++) fname = `${sanitizeFilename(String(wf.name ?? id))} (${i}).json`;
      used.add(fname);
      files[fname] = strToU8(JSON.stringify(d, null, 2));
      manifest.push({ workflowId: id, name: wf.name ?? '', file: fname });
    }
    files['manifest.json'] = strToU8(JSON.stringify({ format: 'vflow-export', version: 1, exportedAt: Date.now(), workflows: manifest }, null, 2));
    const first = ids.length === 1 ? this.workflows.get(ids[0] as string) : undefined;
    const filename = first ? `${sanitizeFilename(String(first.name ?? 'workflow'))}.zip` : 'workflows-export.zip';
    return { data: zipSync(files), filename };
  }

  /** Workflow documents found in one JSON text: {workflow}, {workflows:[...]}, a bare workflow, or an array. */
  private workflowsInJson(text: string): JsonObject[] {
    const parsed = JSON.parse(text) as Json;
    const pick = (v: Json): JsonObject[] => {
      if (Array.isArray(v)) return v.flatMap(pick);
      if (!isObj(v)) return [];
      if (isObj(v.workflow)) return [v.workflow];
      if (Array.isArray(v.workflows)) return v.workflows.flatMap(pick);
      if ('steps' in v || 'name' in v) return [v];
      return [];
    };
    return pick(parsed);
  }

  private importOne(raw: JsonObject, override: boolean, folderId: string | null | undefined): { imported?: JsonObject; skipped?: JsonObject } {
    const body = clone(raw);
    if (folderId !== undefined) body.folderId = folderId;
    else if (typeof body.folderId === 'string' && !this.folders.has(body.folderId)) body.folderId = null;
    if (!('steps' in body)) body.steps = [];
    this.validateWorkflowBody(body, true);
    const name = body.name as string;
    const existing = [...this.workflows.values()].find((w) => w.name === name || (typeof body.id === 'string' && w.id === body.id));
    if (existing) {
      if (!override) return { skipped: { name, reason: 'Already exists' } };
      const id = String(existing.id);
      const keep: JsonObject = { id, modifiedAt: this.nextTime(existing.modifiedAt) };
      this.workflows.set(id, { ...body, ...keep });
      return { imported: { workflowId: id, name } };
    }
    const id = typeof body.id === 'string' && !this.workflows.has(body.id) ? body.id : randomUUID();
    const wf: JsonObject = { isEnabled: false, isFavorite: false, folderId: null, order: 0, ...body, id, modifiedAt: Date.now() };
    if (Array.isArray(body.tags) && !isObj(wf.metadata)) wf.metadata = { tags: body.tags };
    this.workflows.set(id, wf);
    return { imported: { workflowId: id, name } };
  }

  /** One JSON or ZIP file. Unparseable files are 8001; invalid workflows inside land in `errors`. */
  importFile(filename: string, data: Buffer, override: boolean, folderId: string | null | undefined): Record<string, unknown> {
    if (folderId) this.checkFolder(folderId);
    const entries: Array<{ filename: string; text: string }> = [];
    const isZip = data[0] === 0x50 && data[1] === 0x4b;
    if (isZip) {
      let files: Record<string, Uint8Array>;
      try {
        files = unzipSync(new Uint8Array(data));
      } catch {
        throw new ApiError(8001, 'Invalid file format', { filename, reason: 'corrupt ZIP archive' });
      }
      for (const [name, bytes] of Object.entries(files)) {
        if (name.endsWith('/') || name.split('/').pop() === 'manifest.json') continue;
        entries.push({ filename: name, text: strFromU8(bytes) });
      }
    } else {
      const text = data.toString('utf8');
      try {
        JSON.parse(text);
      } catch {
        throw new ApiError(8001, 'Invalid file format', { filename, reason: 'neither JSON nor ZIP' });
      }
      entries.push({ filename, text });
    }
    const imported: JsonObject[] = [];
    const skipped: JsonObject[] = [];
    const errors: JsonObject[] = [];
    let total = 0;
    for (const e of entries) {
      let wfs: JsonObject[];
      try {
        wfs = this.workflowsInJson(e.text);
      } catch {
        total++;
        errors.push({ filename: e.filename, error: 'Invalid JSON format' });
        continue;
      }
      if (wfs.length === 0) {
        total++;
        errors.push({ filename: e.filename, error: 'No workflow in file' });
        continue;
      }
      for (const wf of wfs) {
        total++;
        try {
          const r = this.importOne(wf, override, folderId);
          if (r.imported) imported.push(r.imported);
          if (r.skipped) skipped.push(r.skipped);
        } catch (err) {
          errors.push({ filename: e.filename, error: err instanceof ApiError ? `${err.message}${err.details ? ` ${JSON.stringify(err.details)}` : ''}` : String(err) });
        }
      }
    }
    return { imported, skipped, errors, total, importedCount: imported.length, skippedCount: skipped.length, errorCount: errors.length };
  }

  // ---------------------------------------------------------------- system

  info(): Record<string, unknown> {
    return {
      device: { brand: 'Xiaomi', model: 'Mi 14', manufacturer: 'Xiaomi', androidVersion: '14', apiLevel: 34, sdkVersion: '1.0.0' },
      permissions: [
        { name: 'ACCESSIBILITY_SERVICE', granted: true, description: '无障碍服务权限' },
        { name: 'WRITE_EXTERNAL_STORAGE', granted: true, description: '存储权限' },
        { name: 'SYSTEM_ALERT_WINDOW', granted: false, description: '悬浮窗权限' },
      ],
      capabilities: { hasRoot: false, hasShizuku: true, hasCoreService: true, supportedFeatures: ['opencv_image_matching', 'ml_kit_ocr', 'lua_scripting', 'javascript_scripting'] },
      server: { version: '1.0.0', startTime: this.startTime, uptime: Date.now() - this.startTime },
    };
  }

  stats(q: URLSearchParams): Record<string, unknown> {
    const period = q.get('period') ?? 'today';
    const now = Date.now();
    const day = 86_400_000;
    const since = { today: now - (now % day), week: now - 7 * day, month: now - 30 * day, all: 0 }[period];
    if (since === undefined) throw new ApiError(1002, `Invalid period: ${period}`, { parameter: 'period' });
    const all = [...this.executions.values()].map((e) => e.record);
    const inPeriod = all.filter((r) => r.startedAt >= since);
    const done = inPeriod.filter((r) => r.status !== 'running');
    const ok = done.filter((r) => r.status === 'completed').length;
    const failed = done.filter((r) => r.status === 'failed' || r.status === 'timeout').length;
    const durations = done.map((r) => r.duration ?? 0);
    const counts = new Map<string, { name: string; n: number }>();
    for (const r of inPeriod) {
      const c = counts.get(r.workflowId) ?? { name: r.workflowName, n: 0 };
      c.n++;
      counts.set(r.workflowId, c);
    }
    const used = Buffer.byteLength(JSON.stringify([...this.workflows.values()]));
    const total = 104_857_600;
    const mem = process.memoryUsage();
    const mb = (b: number): string => `${Math.round(b / 1048576)}MB`;
    return {
      workflowCount: this.workflows.size,
      enabledWorkflowCount: [...this.workflows.values()].filter((w) => w.isEnabled === true).length,
      folderCount: this.folders.size,
      totalExecutions: inPeriod.length,
      todayExecutions: all.filter((r) => r.startedAt >= now - (now % day)).length,
      successfulExecutions: ok,
      failedExecutions: failed,
      successRate: done.length ? ok / done.length : 0,
      averageExecutionTime: durations.length ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length) : 0,
      storageUsage: { usedBytes: used, totalBytes: total, used: mb(used), total: mb(total), percentage: Math.round((used / total) * 100) },
      memoryUsage: { usedBytes: mem.heapUsed, totalBytes: mem.heapTotal, used: mb(mem.heapUsed), total: mb(mem.heapTotal), percentage: Math.round((mem.heapUsed / mem.heapTotal) * 100) },
      topWorkflows: [...counts.entries()]
        .sort((a, b) => b[1].n - a[1].n)
        .slice(0, 5)
        .map(([workflowId, c]) => ({ workflowId, name: c.name, executionCount: c.n })),
    };
  }

  health(): Record<string, unknown> {
    return { status: 'healthy', version: '1.0.0', timestamp: Date.now(), uptime: Date.now() - this.startTime };
  }

}

export function makeStore(fixtures: VflowFixtures | undefined, opts: StoreOptions): VflowStore {
  return new VflowStore(fixtures ?? defaultFixtures(), opts);
}
