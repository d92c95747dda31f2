/**
 * vFlow workflow <-> canonical Flow, lossless in both directions.
 *
 * vFlow -> Flow: the indented `steps` list becomes blocks through each module's `blockBehavior`
 * (`if_condition` ... [`else` ...] `endif`, `loop` ... `endloop`), `parameters: {k: {type, value}}` become
 * `params: {k: value}`. Whatever the canonical form cannot say is kept as a *residual*: only what differs from
 * what `flowToWorkflow` would write anyway, so a flow written by Flowbench carries no vFlow residue, and a
 * vFlow workflow carries exactly what it needs to be written back unchanged:
 *   - flow.extensions.vflow: triggerConfig / version / maxExecutionTime / metadata (minus tags) / any unknown
 *     workflow field, where tags live, a missing description, ...
 *   - step.extensions.vflow: unknown step fields, parameter types that differ from the value's own type, extra
 *     fields inside a parameter, non-{type,value} parameters, an explicit `isEnabled: true`, and the ids (and
 *     anything else) of a block's `else` / `endif` / `endloop` rows when they differ from `<blockId>-else` /
 *     `<blockId>-end`.
 * Server-owned fields (isEnabled, isFavorite, folderId, order, modifiedAt, createdAt) are not part of the flow:
 * they come back as `managed` (the adapter surfaces them in FlowSummary and never sends them on update, so a
 * stale editor copy cannot undo an enable/move/favourite done meanwhile).
 *
 * What vFlow has no field for (step titles, positions, onError, timeoutMs, step and flow extensions, notes,
 * run inputs) is stored inside the workflow's documented, free-form `metadata` object as `metadata.flowbench`
 * (`{notes, inputs, extensions, steps: {<stepId>: {title, position, ...}}}`), never as a field the document does
 * not define. `flowbenchData: 'drop'` stores none of it. Workflows written by older Flowbench builds carry a
 * top-level `flowbench` field and `flowbench` on steps: read, and written back where they were (lossless).
 *
 * Pure functions; the module catalog (for blockBehavior) is passed in.
 */
import { z } from 'zod';
import { FLOW_SCHEMA_VERSION, type Flow, type RunInputDefinition, type Step, type StepId, type StepKind, type StickyNote } from '../../model/flow';
import { deepEqual } from '../../model/equal';
import { fromGraphFlow, fromStepList, toStepList, type StepListInputRow } from '../../model/structure';
import { noteSchemaV1, runInputSchemaV1 } from '../../model/restore-schema';
import { BackendError } from '../types';
import type { VflowStep, VflowWorkflow } from './schemas';

export const VFLOW_DIALECT = 'vflow';

/** The `metadata` key Flowbench-only data is kept in (and the legacy workflow / step field of older builds). */
export const FLOWBENCH_FIELD = 'flowbench';

/** Where Flowbench-only data goes: inside `metadata` (default), or nowhere. */
export type FlowbenchDataMode = 'metadata' | 'drop';

/** Server-owned workflow fields: surfaced in FlowSummary, never in the flow. */
export const MANAGED_FIELDS = ['isEnabled', 'isFavorite', 'folderId', 'order', 'modifiedAt', 'createdAt'] as const;
export type ManagedFields = Partial<Record<(typeof MANAGED_FIELDS)[number], unknown>>;

/** What `flowToWorkflow` writes for a workflow that says nothing else (the document's create example). */
const WORKFLOW_DEFAULTS: Record<string, unknown> = { triggerConfig: { type: 'manual' }, maxExecutionTime: 60 };

// ------------------------------------------------------------------------------------------------ catalog

export interface CatalogEntry {
  id: string;
  category?: string;
  blockBehavior?: { blockType: string; endBlockId?: string | null } | undefined;
}

/** What the mapping needs to know about modules: which rows open, split and close blocks. */
export interface VflowCatalog {
  kindOf(moduleId: string): StepKind;
  isElse(moduleId: string): boolean;
  isEnd(moduleId: string): boolean;
  /** The closing module of a block module (`if_condition` -> `endif`). */
  endOf(moduleId: string, kind: StepKind): string;
  elseOf(moduleId: string): string;
  /**
   * The else module the device's catalog itself declares for an if module (same `endBlockId`), or null: the
   * document knows `if_condition` ... `endif` only, so an else branch is storable only when the device says so.
   * With no catalog loaded at all, the built-in one (which has `else`) counts as declared.
   */
  declaredElseOf(moduleId: string): string | null;
}

const ELSE_TYPES = new Set(['else', 'middle', 'block_middle', 'else_if']);
const END_TYPES = new Set(['end', 'block_end']);

/** Used when a catalog lacks an entry (and as the whole catalog when none was loaded). */
const BUILTIN: CatalogEntry[] = [
  { id: 'if_condition', category: 'logic', blockBehavior: { blockType: 'if', endBlockId: 'endif' } },
  { id: 'else', category: 'logic', blockBehavior: { blockType: 'else', endBlockId: 'endif' } },
  { id: 'endif', category: 'logic', blockBehavior: { blockType: 'end', endBlockId: null } },
  { id: 'loop', category: 'logic', blockBehavior: { blockType: 'loop', endBlockId: 'endloop' } },
  { id: 'endloop', category: 'logic', blockBehavior: { blockType: 'end', endBlockId: null } },
];

export function catalogFrom(entries: readonly CatalogEntry[]): VflowCatalog {
  const byId = new Map<string, CatalogEntry>();
  for (const e of BUILTIN) byId.set(e.id, e);
  for (const e of entries) byId.set(e.id, e);
  const ends = new Set<string>();
  for (const e of byId.values()) {
    const bb = e.blockBehavior;
    if (bb?.endBlockId && !ELSE_TYPES.has(bb.blockType)) ends.add(bb.endBlockId);
  }
  const declared = entries.length ? entries : BUILTIN;
  const bbOf = (id: string) => byId.get(id)?.blockBehavior;
  const isElse = (id: string) => ELSE_TYPES.has(bbOf(id)?.blockType ?? '');
  const isEnd = (id: string) => ends.has(id) || END_TYPES.has(bbOf(id)?.blockType ?? '');
  const isStart = (id: string) => {
    const bb = bbOf(id);
    return !!bb?.endBlockId && !isElse(id) && !isEnd(id);
  };
  return {
    kindOf(id) {
      // Any other block type (loops and unknown ones) holds one body: a loop.
      if (isStart(id)) return bbOf(id)?.blockType === 'if' ? 'if' : 'loop';
      const cat = byId.get(id)?.category;
      if (cat === 'trigger' || (cat === undefined && id.startsWith('trigger'))) return 'trigger';
      return 'action';
    },
    isElse,
    isEnd,
    endOf(id, kind) {
      return bbOf(id)?.endBlockId ?? (kind === 'if' ? 'endif' : 'endloop');
    },
    elseOf(id) {
      const end = bbOf(id)?.endBlockId ?? 'endif';
      for (const e of byId.values()) if (isElse(e.id) && e.blockBehavior?.endBlockId === end) return e.id;
      return 'else';
    },
    declaredElseOf(id) {
      const end = bbOf(id)?.endBlockId ?? 'endif';
      for (const e of declared) if (ELSE_TYPES.has(e.blockBehavior?.blockType ?? '') && e.blockBehavior?.endBlockId === end) return e.id;
      return null;
    },
  };
}

// ------------------------------------------------------------------------------------------------ helpers

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** The vFlow value type a JS value gets when nothing else is known. */
export function inferType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (Array.isArray(v)) return 'list';
  if (isObj(v)) return 'dictionary';
  return 'any';
}

/** Whether a remembered vFlow type still fits an (edited) value. References fit any type. */
function typeFits(type: string, v: unknown): boolean {
  if (typeof v === 'string' && v.includes('{{')) return true;
  switch (type) {
    case 'string':
    case 'text':
      return typeof v === 'string';
    case 'number':
    case 'integer':
    case 'int':
    case 'float':
    case 'double':
    case 'long':
      return typeof v === 'number';
    case 'boolean':
    case 'bool':
      return typeof v === 'boolean';
    case 'dictionary':
    case 'object':
    case 'map':
      return isObj(v);
    case 'list':
    case 'array':
      return Array.isArray(v);
    default:
      return true;
  }
}

function isTypedValue(p: unknown): p is { type: string; value: unknown } & Obj {
  return isObj(p) && typeof p.type === 'string' && 'value' in p;
}

function nonEmpty(o: Obj): boolean {
  return Object.keys(o).length > 0;
}

// ------------------------------------------------------------------------------------------------ flowbench fields

const positionSchema = z.strictObject({ x: z.number(), y: z.number() });
const stepFlowbenchSchema = z.strictObject({
  title: z.string().optional(),
  position: positionSchema.optional(),
  onError: z.enum(['stop', 'continue']).optional(),
  timeoutMs: z.number().int().nonnegative().optional(),
  extensions: z.record(z.string(), z.unknown()).optional(),
});
const workflowFlowbenchSchema = z.strictObject({
  notes: z.array(noteSchemaV1).optional(),
  inputs: z.array(runInputSchemaV1).optional(),
  extensions: z.record(z.string(), z.unknown()).optional(),
});
const metadataFlowbenchSchema = workflowFlowbenchSchema.extend({ steps: z.record(z.string(), stepFlowbenchSchema).optional() });
type StepFlowbench = z.infer<typeof stepFlowbenchSchema>;

// ------------------------------------------------------------------------------------------------ residuals

interface MarkerResidual {
  id?: string;
  moduleId?: string;
  parameters?: unknown;
  indent?: number;
  fields?: Obj;
}

interface StepResidual {
  fields?: Obj;
  paramTypes?: Record<string, string>;
  paramExtras?: Record<string, Obj>;
  rawParams?: string[];
  enabledExplicit?: true;
  indent?: number;
  else?: MarkerResidual;
  end?: MarkerResidual;
}

interface WorkflowResidual {
  /** Workflow fields kept verbatim (unknown ones and vFlow's own that differ from the defaults). */
  fields?: Obj;
  /** Default fields (`triggerConfig`, ...) the workflow did not have. */
  absent?: string[];
  description?: { absent: true } | { raw: unknown };
  /** metadata minus the canonical tags (and a mirrored description). */
  metadata?: Obj;
  /** metadata present as `{}`. */
  metadataPresent?: boolean;
  /** Where the tags are written: `metadata.tags` (default when there are tags) and/or top-level `tags`. */
  tagsAt?: Array<'metadata' | 'top'>;
  /** metadata.description mirrors the description. */
  descriptionMirror?: true;
  /** The rows could not be read as blocks: listed flat (this explains why). */
  flatReason?: string;
  /** Flowbench data was read from the legacy top-level / step `flowbench` fields: written back there. */
  legacyFlowbench?: true;
}

function vflowExt(ext: Obj | undefined): Obj | undefined {
  const v = ext?.vflow;
  return isObj(v) ? v : undefined;
}

function withoutVflow(ext: Obj | undefined): Obj {
  if (!ext) return {};
  const { vflow: _v, ...rest } = ext;
  return rest;
}

function buildExtensions(flowbench: Obj | undefined, residual: Obj): Obj | undefined {
  const out: Obj = { ...(flowbench ?? {}) };
  if (nonEmpty(residual)) out.vflow = residual;
  return nonEmpty(out) ? out : undefined;
}

// ------------------------------------------------------------------------------------------------ vFlow -> Flow

export interface WorkflowToFlowResult {
  flow: Flow;
  managed: ManagedFields;
}

type RowRole = 'step' | 'else' | 'end';

function stepFromRow(row: VflowStep, kind: StepKind, fromMetadata: StepFlowbench | undefined): Step {
  const { id, moduleId, indentationLevel: _indent, parameters, isEnabled, [FLOWBENCH_FIELD]: fbRaw, ...rest } = row as VflowStep & Obj;
  const residual: StepResidual = {};
  const fields: Obj = { ...rest };
  const params: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(parameters)) {
    if (isTypedValue(p)) {
      const { type, value, ...extra } = p;
      params[k] = clone(value);
      if (type !== inferType(value)) (residual.paramTypes ??= {})[k] = type;
      if (nonEmpty(extra)) (residual.paramExtras ??= {})[k] = clone(extra);
    } else {
      params[k] = clone(p);
      (residual.rawParams ??= []).push(k);
    }
  }
  let disabled = false;
  if (isEnabled === false) disabled = true;
  else if (isEnabled === true) residual.enabledExplicit = true;
  else if ('isEnabled' in row) fields.isEnabled = isEnabled;

  let fb: StepFlowbench = fromMetadata ?? {};
  if (fbRaw !== undefined) {
    const parsed = stepFlowbenchSchema.safeParse(fbRaw);
    if (parsed.success && !fromMetadata) fb = parsed.data;
    else fields[FLOWBENCH_FIELD] = fbRaw;
  }
  if (nonEmpty(fields)) residual.fields = clone(fields);

  const step: Step = { id, kind, type: moduleId, title: fb.title ?? '', params };
  if (fb.position) step.position = fb.position;
  if (disabled) step.disabled = true;
  if (fb.onError) step.onError = fb.onError;
  if (fb.timeoutMs !== undefined) step.timeoutMs = fb.timeoutMs;
  const ext = buildExtensions(fb.extensions, residual as Obj);
  if (ext) step.extensions = ext;
  return step;
}

function markerResidual(row: VflowStep, synthId: string, synthModule: string, depth: number): MarkerResidual {
  const { id, moduleId, indentationLevel, parameters, ...rest } = row as VflowStep & Obj;
  const r: MarkerResidual = {};
  if (id !== synthId) r.id = id;
  if (moduleId !== synthModule) r.moduleId = moduleId;
  if (!deepEqual(parameters, {})) r.parameters = clone(parameters);
  if (indentationLevel !== depth) r.indent = indentationLevel;
  if (nonEmpty(rest)) r.fields = clone(rest as Obj);
  return r;
}

function canonicalTags(wf: Obj): string[] {
  const meta = wf.metadata;
  const ok = (v: unknown): v is string[] => Array.isArray(v) && v.every((t) => typeof t === 'string');
  if (isObj(meta) && ok(meta.tags)) return [...meta.tags];
  if (ok(wf.tags)) return [...wf.tags];
  return [];
}

export function workflowToFlow(wf: VflowWorkflow, catalog: VflowCatalog): WorkflowToFlowResult {
  const all = wf as VflowWorkflow & Obj;
  const managed: ManagedFields = {};
  for (const k of MANAGED_FIELDS) if (k in all) managed[k] = clone(all[k]);

  const { id, name, description, steps: rows, [FLOWBENCH_FIELD]: fbRaw, metadata, tags: topTags, ...others } = all;
  const residual: WorkflowResidual = {};
  const fields: Obj = {};
  for (const [k, v] of Object.entries(others)) {
    if ((MANAGED_FIELDS as readonly string[]).includes(k)) continue;
    if (k in WORKFLOW_DEFAULTS && deepEqual(v, WORKFLOW_DEFAULTS[k])) continue;
    fields[k] = clone(v);
  }
  const absent = Object.keys(WORKFLOW_DEFAULTS).filter((k) => !(k in all));
  if (absent.length) residual.absent = absent;

  // description
  let desc = '';
  if (typeof description === 'string') desc = description;
  else if (!('description' in all)) residual.description = { absent: true };
  else residual.description = { raw: description };

  // tags and metadata
  const tags = canonicalTags(all);
  const tagsAt: Array<'metadata' | 'top'> = [];
  let metaRest: Obj | undefined;
  let metaFb: z.infer<typeof metadataFlowbenchSchema> | undefined;
  if (isObj(metadata)) {
    const { tags: mt, description: md, [FLOWBENCH_FIELD]: mfb, ...restMeta } = metadata;
    metaRest = { ...restMeta };
    if (mfb !== undefined) {
      const parsed = metadataFlowbenchSchema.safeParse(mfb);
      if (parsed.success) metaFb = parsed.data;
      else metaRest[FLOWBENCH_FIELD] = clone(mfb);
    }
    if (deepEqual(mt, tags) && Array.isArray(mt)) tagsAt.push('metadata');
    else if (mt !== undefined) metaRest.tags = clone(mt);
    if (md !== undefined) {
      if (typeof md === 'string' && typeof description === 'string' && md === description) residual.descriptionMirror = true;
      else metaRest.description = clone(md);
    }
  } else if ('metadata' in all) {
    fields.metadata = clone(metadata);
  }
  if ('tags' in all) {
    if (Array.isArray(topTags) && deepEqual(topTags, tags)) tagsAt.push('top');
    else fields.tags = clone(topTags);
  }
  const defaultTagsAt = tags.length ? ['metadata'] : [];
  if (!deepEqual(tagsAt, defaultTagsAt)) residual.tagsAt = tagsAt;
  if (metaRest && nonEmpty(metaRest)) residual.metadata = clone(metaRest);
  const metaWouldBe =
    tagsAt.includes('metadata') || (metaRest !== undefined && nonEmpty(metaRest)) || residual.descriptionMirror === true || metaFb !== undefined;
  if (isObj(metadata) && !metaWouldBe) residual.metadataPresent = true;

  // flowbench: metadata.flowbench, else the legacy top-level field (and step fields)
  let fb: z.infer<typeof workflowFlowbenchSchema> = {};
  if (metaFb) {
    const { steps: _s, ...rest } = metaFb;
    fb = rest;
    if (fbRaw !== undefined) fields[FLOWBENCH_FIELD] = clone(fbRaw);
  } else if (fbRaw !== undefined) {
    const parsed = workflowFlowbenchSchema.safeParse(fbRaw);
    if (parsed.success) {
      fb = parsed.data;
      residual.legacyFlowbench = true;
    } else fields[FLOWBENCH_FIELD] = clone(fbRaw);
  }
  if (!metaFb && rows.some((r) => isObj(r) && FLOWBENCH_FIELD in r)) residual.legacyFlowbench = true;
  if (nonEmpty(fields)) residual.fields = fields;

  // steps
  const { root, steps, flatReason } = rowsToBlocks(rows, catalog, metaFb?.steps ?? {});
  if (flatReason) residual.flatReason = flatReason;

  const flow: Flow = {
    schemaVersion: FLOW_SCHEMA_VERSION,
    id,
    name,
    description: desc,
    tags,
    structure: 'blocks',
    steps,
    root,
    edges: [],
    notes: (fb.notes ?? []) as StickyNote[],
    inputs: (fb.inputs ?? []) as RunInputDefinition[],
    dialect: VFLOW_DIALECT,
  };
  const ext = buildExtensions(fb.extensions, residual as Obj);
  if (ext) flow.extensions = ext;
  return { flow, managed };
}

function rowsToBlocks(
  rows: VflowStep[],
  catalog: VflowCatalog,
  fbSteps: Record<string, StepFlowbench>,
): { root: StepId[]; steps: Record<StepId, Step>; flatReason?: string } {
  const roles: RowRole[] = rows.map((r) => (catalog.isElse(r.moduleId) ? 'else' : catalog.isEnd(r.moduleId) ? 'end' : 'step'));
  const steps: Record<StepId, Step> = {};
  rows.forEach((r, i) => {
    if (roles[i] === 'step') steps[r.id] = stepFromRow(r, catalog.kindOf(r.moduleId), fbSteps[r.id]);
  });
  const input = (withDepth: boolean): StepListInputRow[] =>
    rows.map((r, i) => {
      const row: StepListInputRow = { stepId: r.id, role: roles[i] as RowRole };
      if (withDepth) row.depth = r.indentationLevel;
      return row;
    });
  let result = fromStepList(input(true), steps);
  if (!result.ok) result = fromStepList(input(false), steps);
  if (result.ok) {
    const out: Record<StepId, Step> = { ...result.steps };
    // Attach marker rows to their blocks and remember odd indentation.
    const open: Array<{ id: StepId; kind: StepKind }> = [];
    const patch = (id: StepId, mut: (r: StepResidual) => void): void => {
      const s = out[id];
      if (!s) return;
      const ext = { ...(s.extensions ?? {}) };
      const r = { ...(vflowExt(ext) ?? {}) } as StepResidual;
      mut(r);
      ext.vflow = r;
      out[id] = { ...s, extensions: ext };
    };
    rows.forEach((r, i) => {
      const role = roles[i];
      if (role === 'step') {
        const depth = open.length;
        if (r.indentationLevel !== depth) patch(r.id, (res) => (res.indent = r.indentationLevel));
        const s = out[r.id];
        if (s && (s.kind === 'if' || s.kind === 'loop')) open.push({ id: r.id, kind: s.kind });
        return;
      }
      const top = open[open.length - 1];
      if (!top) return;
      const depth = open.length - 1;
      const block = out[top.id];
      if (role === 'else') {
        const m = markerResidual(r, `${top.id}-else`, catalog.elseOf(block?.type ?? ''), depth);
        if (nonEmpty(m as Obj)) patch(top.id, (res) => (res.else = m));
      } else {
        const m = markerResidual(r, `${top.id}-end`, catalog.endOf(block?.type ?? '', top.kind), depth);
        if (nonEmpty(m as Obj)) patch(top.id, (res) => (res.end = m));
        open.pop();
      }
    });
    return { root: result.root, steps: out };
  }
  // Not block-shaped: every row a plain step, in order, indentation remembered.
  const flat: Record<StepId, Step> = {};
  const root: StepId[] = [];
  for (const r of rows) {
    const kind = catalog.kindOf(r.moduleId);
    const s = stepFromRow(r, kind === 'if' || kind === 'loop' ? 'action' : kind, fbSteps[r.id]);
    const ext = { ...(s.extensions ?? {}) };
    const res = { ...(vflowExt(ext) ?? {}) } as StepResidual;
    if (r.indentationLevel !== 0) res.indent = r.indentationLevel;
    if (nonEmpty(res as Obj)) ext.vflow = res;
    flat[r.id] = nonEmpty(ext) ? { ...s, extensions: ext } : s;
    root.push(r.id);
  }
  return { root, steps: flat, flatReason: result.error.message };
}

// ------------------------------------------------------------------------------------------------ Flow -> vFlow

/** A step's Flowbench-only data (what vFlow has no field for). */
function stepFlowbenchOf(step: Step): Obj {
  const fb: Obj = {};
  if (step.title) fb.title = step.title;
  if (step.position) fb.position = { ...step.position };
  if (step.onError) fb.onError = step.onError;
  if (step.timeoutMs !== undefined) fb.timeoutMs = step.timeoutMs;
  const ext = withoutVflow(step.extensions);
  if (nonEmpty(ext)) fb.extensions = clone(ext);
  return fb;
}

function rowFromStep(step: Step, depth: number, legacy: boolean): VflowStep {
  const res = (vflowExt(step.extensions) ?? {}) as StepResidual;
  const parameters: Obj = {};
  for (const [k, v] of Object.entries(step.params)) {
    if (res.rawParams?.includes(k)) {
      parameters[k] = clone(v);
      continue;
    }
    const remembered = res.paramTypes?.[k];
    const type = remembered !== undefined && typeFits(remembered, v) ? remembered : inferType(v);
    parameters[k] = { type, value: clone(v), ...(clone(res.paramExtras?.[k]) ?? {}) };
  }
  const row: Obj = {
    ...(clone(res.fields) ?? {}),
    id: step.id,
    moduleId: step.type,
    indentationLevel: res.indent ?? depth,
    parameters,
  };
  if (step.disabled) row.isEnabled = false;
  else if (res.enabledExplicit) row.isEnabled = true;
  const fb = legacy ? stepFlowbenchOf(step) : {};
  if (nonEmpty(fb)) row[FLOWBENCH_FIELD] = fb;
  else if (res.fields && FLOWBENCH_FIELD in res.fields) row[FLOWBENCH_FIELD] = clone(res.fields[FLOWBENCH_FIELD]);
  return row as VflowStep;
}

function markerRow(m: MarkerResidual | undefined, synthId: string, synthModule: string, depth: number): VflowStep {
  return {
    ...(clone(m?.fields) ?? {}),
    id: m?.id ?? synthId,
    moduleId: m?.moduleId ?? synthModule,
    indentationLevel: m?.indent ?? depth,
    parameters: m?.parameters !== undefined ? (clone(m.parameters) as Obj) : {},
  } as VflowStep;
}

/** The step rows of a block flow. Graph flows are converted first (or refused when not block-shaped). */
export function flowToRows(flow: Flow, catalog: VflowCatalog, legacy = false): VflowStep[] {
  let blocks = flow;
  if (flow.structure === 'graph') {
    const b = fromGraphFlow(flow);
    if (!b) {
      throw new BackendError('invalid', 'vFlow stores workflows as step lists with if/loop blocks; this graph has branches that do not nest as blocks, so it cannot be saved to vFlow.');
    }
    blocks = b;
  }
  const out: VflowStep[] = [];
  const used = new Set<string>(Object.keys(blocks.steps));
  const uniqueId = (base: string): string => {
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}-${i}`;
    used.add(id);
    return id;
  };
  for (const r of toStepList(blocks)) {
    const step = blocks.steps[r.stepId];
    if (!step) throw new BackendError('invalid', `The flow lists a step "${r.stepId}" it does not define.`);
    if (r.role === 'step') {
      out.push(rowFromStep(step, r.depth, legacy));
      continue;
    }
    const res = (vflowExt(step.extensions) ?? {}) as StepResidual;
    const kind = step.kind;
    if (r.role === 'else') {
      if (catalog.declaredElseOf(step.type) === null) {
        // Nothing to store: an else branch added and left empty is simply not written.
        if ((step.branches?.else ?? []).length === 0) continue;
        const name = step.title || step.type;
        throw new BackendError(
          'invalid',
          `"${name}" has an else branch, but this vFlow device's module catalog declares no else module (vFlow knows if_condition … endif only). Move the else steps out of "${name}" or delete them, then save again.`,
          { details: { stepId: step.id, reason: 'else-not-supported' } },
        );
      }
      const m = res.else;
      out.push(markerRow(m, m?.id ?? uniqueId(`${step.id}-else`), catalog.elseOf(step.type), r.depth));
    } else {
      const m = res.end;
      out.push(markerRow(m, m?.id ?? uniqueId(`${step.id}-end`), catalog.endOf(step.type, kind), r.depth));
    }
  }
  return out;
}

export interface FlowToWorkflowOptions {
  /** Server-owned fields to put back (the fixture round trip); the adapter leaves them out of updates. */
  managed?: ManagedFields;
  /** Where Flowbench-only data goes (default `metadata`). */
  flowbenchData?: FlowbenchDataMode;
}

/** The workflow document for a flow, as the detail endpoint returns it. */
export function flowToWorkflow(flow: Flow, catalog: VflowCatalog, opts: FlowToWorkflowOptions = {}): VflowWorkflow {
  const res = (vflowExt(flow.extensions) ?? {}) as WorkflowResidual;
  const legacy = res.legacyFlowbench === true;
  const wf: Obj = { id: flow.id, name: flow.name };

  // description
  if (flow.description !== '' || !res.description) wf.description = flow.description;
  else if ('raw' in res.description) wf.description = clone(res.description.raw);

  for (const k of MANAGED_FIELDS) if (opts.managed && k in opts.managed) wf[k] = clone(opts.managed[k]);
  wf.steps = flowToRows(flow, catalog, legacy);

  for (const [k, v] of Object.entries(WORKFLOW_DEFAULTS)) if (!res.absent?.includes(k)) wf[k] = clone(v);
  for (const [k, v] of Object.entries(res.fields ?? {})) wf[k] = clone(v);

  // Flowbench-only data
  const fb: Obj = {};
  if (opts.flowbenchData !== 'drop' || legacy) {
    if (flow.notes.length) fb.notes = clone(flow.notes);
    if (flow.inputs.length) fb.inputs = clone(flow.inputs);
    const ext = withoutVflow(flow.extensions);
    if (nonEmpty(ext)) fb.extensions = clone(ext);
  }
  if (!legacy && opts.flowbenchData !== 'drop') {
    const stepsFb: Obj = {};
    for (const r of wf.steps as VflowStep[]) {
      const step = flow.steps[r.id];
      const sfb = step ? stepFlowbenchOf(step) : {};
      if (nonEmpty(sfb)) stepsFb[r.id] = sfb;
    }
    if (nonEmpty(stepsFb)) fb.steps = stepsFb;
  }
  if (legacy && nonEmpty(fb)) wf[FLOWBENCH_FIELD] = fb;
  const metaFb = !legacy && nonEmpty(fb) ? fb : undefined;

  // tags and metadata
  const tags = [...flow.tags];
  const tagsAt = res.tagsAt ?? (tags.length ? ['metadata'] : []);
  const mirror = res.descriptionMirror === true;
  if (tagsAt.includes('metadata') || res.metadata || res.metadataPresent || mirror || metaFb) {
    const meta: Obj = { ...(clone(res.metadata) ?? {}) };
    if (tagsAt.includes('metadata')) meta.tags = tags;
    if (mirror) meta.description = flow.description;
    if (metaFb) meta[FLOWBENCH_FIELD] = metaFb;
    wf.metadata = meta;
  }
  if (tagsAt.includes('top')) wf.tags = [...tags];
  return wf as VflowWorkflow;
}

/**
 * The request body that stores a workflow document: create (POST /workflows) or update (PUT
 * /workflows/{id}). Server-owned fields are left out of updates; `tags` is sent at the top level as the
 * document's request examples do. Nothing else is added: only the document's fields and what the workflow
 * already carried.
 */
export function workflowRequestBody(
  wf: VflowWorkflow,
  mode: 'create' | 'update',
  opts: { folderId?: string | null; enabled?: boolean } = {},
): Obj {
  const body: Obj = {};
  for (const [k, v] of Object.entries(wf)) {
    if ((MANAGED_FIELDS as readonly string[]).includes(k)) continue;
    if (mode === 'update' && k === 'id') continue;
    body[k] = v;
  }
  const meta = (wf as Obj).metadata;
  if (isObj(meta) && Array.isArray(meta.tags) && !('tags' in body)) body.tags = meta.tags;
  if (opts.folderId !== undefined) body.folderId = opts.folderId;
  if (mode === 'create') body.isEnabled = opts.enabled ?? true;
  return body;
}

/** Steps as the user sees them: rows that are not else/end markers. */
export function countSteps(rows: readonly { moduleId: string }[], catalog: VflowCatalog): number {
  return rows.filter((r) => !catalog.isElse(r.moduleId) && !catalog.isEnd(r.moduleId)).length;
}
