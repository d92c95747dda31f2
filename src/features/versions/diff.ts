/**
 * The difference between two documents of one flow (two versions, draft vs published, mine vs theirs), as
 * data the read-only diff views render: which steps were added, removed, changed (field by field) or moved.
 *
 * Pure: no React, no DOM. Steps are matched by id, which is stable across edits, versions and restores.
 *
 * "Moved" means the step sits somewhere else in the structure, not that its canvas coordinates changed:
 * - block flows: another parent block or branch, or reordered among the siblings it kept (an insertion
 *   before it shifts its index but does not move it: moves are what a longest common subsequence of the
 *   kept siblings leaves out);
 * - graph flows (or a flow whose structure changed between the two): its incoming connections differ.
 */
import { diffLines } from 'diff';
import { deepEqual } from '../../model/equal';
import type { BranchName, Edge, Flow, Step, StepId } from '../../model/flow';
import { deriveEdges, toStepList } from '../../model/structure';
import { slotIndex } from '../../model/tree';

export type StepMark = 'added' | 'removed' | 'changed' | 'moved';

export interface LineChange {
  op: 'add' | 'remove' | 'same';
  text: string;
  oldLine?: number;
  newLine?: number;
}

export type FieldGroup = 'flow' | 'title' | 'type' | 'params' | 'code' | 'settings';

export interface FieldDiff {
  /** `title`, `params.url`, `params.headers.Accept`, `params.items[2]`, `settings.disabled`, `flow.name`. */
  path: string;
  group: FieldGroup;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
  /** For code and other multi-line text: the line diff. */
  lines?: LineChange[];
}

export type StepPlace =
  | { kind: 'block'; parent: StepId | null; branch: BranchName | null; index: number }
  /** Incoming connections as `source:handle`, sorted. */
  | { kind: 'graph'; inputs: string[] };

export interface StepDiff {
  id: StepId;
  /** Empty when unchanged. `added` and `removed` stand alone; `changed` and `moved` can combine. */
  marks: StepMark[];
  before?: Step;
  after?: Step;
  fields: FieldDiff[];
  move?: { from: StepPlace; to: StepPlace };
}

/** One row of the merged list: the `after` document's order with removed steps where they used to be. */
export interface DiffRow {
  key: string;
  stepId: StepId;
  role: 'step' | 'else';
  depth: number;
  /** Which document the row comes from: removed steps come from `before`. */
  side: 'before' | 'after';
}

export interface FlowDiff {
  steps: Record<StepId, StepDiff>;
  rows: DiffRow[];
  flowFields: FieldDiff[];
  edges: { added: Edge[]; removed: Edge[]; kept: Edge[] };
  counts: Record<StepMark, number>;
  /** Nothing at all differs (structure, steps, flow fields). */
  identical: boolean;
}

export interface DiffOptions {
  /** Whether a string param is code (line diff). Default: names like `code`/`script`, or any multi-line text. */
  isCode?(step: Step, key: string): boolean;
}

const CODE_KEYS = /^(code|script|source|sql|query|template|expression|body)$/i;

const defaultIsCode = (_step: Step, key: string): boolean => CODE_KEYS.test(key);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A line diff of two texts, numbered on both sides. */
export function lineDiff(before: string, after: string): LineChange[] {
  const out: LineChange[] = [];
  let oldLine = 1;
  let newLine = 1;
  // Compare whole lines: a last line without its newline is the same line as one with it.
  const eol = (t: string) => (t === '' || t.endsWith('\n') ? t : `${t}\n`);
  for (const part of diffLines(eol(before), eol(after))) {
    const lines = part.value.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const text of lines) {
      if (part.added) out.push({ op: 'add', text, newLine: newLine++ });
      else if (part.removed) out.push({ op: 'remove', text, oldLine: oldLine++ });
      else out.push({ op: 'same', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return out;
}

/** Field diffs of two values below `path`, recursing into objects (per key) and same-length arrays (per index). */
function diffValue(path: string, group: FieldGroup, a: unknown, b: unknown, out: FieldDiff[], code: boolean): void {
  if (deepEqual(a, b)) return;
  const textual = (v: unknown) => v === undefined || typeof v === 'string';
  const multiLine = (typeof a === 'string' && a.includes('\n')) || (typeof b === 'string' && b.includes('\n'));
  if (textual(a) && textual(b) && (code || multiLine)) {
    const d: FieldDiff = {
      path,
      group: code ? 'code' : group,
      change: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed',
      lines: lineDiff((a as string | undefined) ?? '', (b as string | undefined) ?? ''),
    };
    if (a !== undefined) d.before = a;
    if (b !== undefined) d.after = b;
    out.push(d);
    return;
  }
  if (a === undefined) {
    out.push({ path, group, change: 'added', after: b });
    return;
  }
  if (b === undefined) {
    out.push({ path, group, change: 'removed', before: a });
    return;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) diffValue(`${path}.${k}`, group, a[k], b[k], out, false);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => diffValue(`${path}[${i}]`, group, v, b[i], out, false));
    return;
  }
  out.push({ path, group, change: 'changed', before: a, after: b });
}

const SETTINGS = ['kind', 'disabled', 'onError', 'timeoutMs', 'hasElse'] as const;

/** Field-by-field differences of one step (structure aside: where it sits is `move`). */
export function diffStepFields(a: Step, b: Step, opts: DiffOptions = {}): FieldDiff[] {
  const isCode = opts.isCode ?? defaultIsCode;
  const out: FieldDiff[] = [];
  diffValue('title', 'title', a.title, b.title, out, false);
  diffValue('type', 'type', a.type, b.type, out, false);
  const keys = [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort();
  for (const k of keys) diffValue(`params.${k}`, 'params', a.params[k], b.params[k], out, isCode(b, k) || isCode(a, k));
  for (const k of SETTINGS) diffValue(`settings.${k}`, 'settings', a[k], b[k], out, false);
  diffValue('settings.extensions', 'settings', a.extensions, b.extensions, out, false);
  return out;
}

function blockPlaces(flow: Flow): Map<StepId, StepPlace> {
  const places = new Map<StepId, StepPlace>();
  for (const [id, slot] of slotIndex(flow)) places.set(id, { kind: 'block', ...slot });
  return places;
}

function graphPlaces(flow: Flow): Map<StepId, StepPlace> {
  const inputs = new Map<StepId, string[]>();
  for (const e of deriveEdges(flow)) inputs.set(e.target, [...(inputs.get(e.target) ?? []), `${e.source}:${e.sourcePort}`]);
  const places = new Map<StepId, StepPlace>();
  for (const id of Object.keys(flow.steps)) places.set(id, { kind: 'graph', inputs: [...(inputs.get(id) ?? [])].sort() });
  return places;
}

/** Indexes of `b`'s items that belong to a longest common subsequence with `a`. */
function lcsKeep<T>(a: T[], b: T[]): Set<number> {
  const n = a.length;
  const m = b.length;
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i]![j] = a[i] === b[j] ? len[i + 1]![j + 1]! + 1 : Math.max(len[i + 1]![j]!, len[i]![j + 1]!);
    }
  }
  const keep = new Set<number>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      keep.add(j);
      i++;
      j++;
    } else if (len[i + 1]![j]! >= len[i]![j + 1]!) i++;
    else j++;
  }
  return keep;
}

const containerKey = (p: StepPlace): string => (p.kind === 'block' ? `${p.parent ?? ''}/${p.branch ?? ''}` : '');

/** Which common steps moved, and from where to where. */
function findMoves(before: Flow, after: Flow, common: StepId[]): Map<StepId, { from: StepPlace; to: StepPlace }> {
  const moves = new Map<StepId, { from: StepPlace; to: StepPlace }>();
  const blocks = before.structure === 'blocks' && after.structure === 'blocks';
  const from = blocks ? blockPlaces(before) : graphPlaces(before);
  const to = blocks ? blockPlaces(after) : graphPlaces(after);
  if (!blocks) {
    for (const id of common) {
      const a = from.get(id);
      const b = to.get(id);
      if (a && b && !deepEqual(a, b)) moves.set(id, { from: a, to: b });
    }
    return moves;
  }
  // Per container of `after`: the steps that stayed in it, in both orders; what the LCS leaves out moved.
  const stayed = new Map<string, StepId[]>();
  for (const id of common) {
    const a = from.get(id);
    const b = to.get(id);
    if (!a || !b) continue;
    if (containerKey(a) !== containerKey(b)) moves.set(id, { from: a, to: b });
    else stayed.set(containerKey(b), [...(stayed.get(containerKey(b)) ?? []), id]);
  }
  const indexIn = (places: Map<StepId, StepPlace>, id: StepId) => {
    const p = places.get(id);
    return p?.kind === 'block' ? p.index : 0;
  };
  for (const ids of stayed.values()) {
    const inAfter = [...ids].sort((x, y) => indexIn(to, x) - indexIn(to, y));
    const inBefore = [...ids].sort((x, y) => indexIn(from, x) - indexIn(from, y));
    const keep = lcsKeep(inBefore, inAfter);
    inAfter.forEach((id, j) => {
      if (!keep.has(j)) moves.set(id, { from: from.get(id)!, to: to.get(id)! });
    });
  }
  return moves;
}

/** The merged display order: `after`'s rows, each removed row placed after the row it followed in `before`. */
function mergeRows(before: Flow, after: Flow): DiffRow[] {
  const afterRows: DiffRow[] = toStepList(after)
    .filter((r) => r.role !== 'end')
    .map((r) => ({ key: r.key, stepId: r.stepId, role: r.role as 'step' | 'else', depth: r.depth, side: 'after' }));
  const present = new Set(afterRows.map((r) => r.key));
  const anchored = new Map<string | null, DiffRow[]>();
  let anchor: string | null = null;
  for (const r of toStepList(before)) {
    if (r.role === 'end') continue;
    if (present.has(r.key)) {
      anchor = r.key;
      continue;
    }
    if (r.stepId in after.steps) continue; // its else row vanished but the step remains: nothing to show
    const row: DiffRow = { key: `before:${r.key}`, stepId: r.stepId, role: r.role as 'step' | 'else', depth: r.depth, side: 'before' };
    anchored.set(anchor, [...(anchored.get(anchor) ?? []), row]);
  }
  const rows: DiffRow[] = [...(anchored.get(null) ?? [])];
  for (const r of afterRows) rows.push(r, ...(anchored.get(r.key) ?? []));
  return rows;
}

function flowFieldDiffs(a: Flow, b: Flow): FieldDiff[] {
  const out: FieldDiff[] = [];
  diffValue('flow.name', 'flow', a.name, b.name, out, false);
  diffValue('flow.description', 'flow', a.description, b.description, out, false);
  if (!deepEqual(a.tags, b.tags)) out.push({ path: 'flow.tags', group: 'flow', change: 'changed', before: a.tags, after: b.tags });
  diffValue('flow.structure', 'flow', a.structure, b.structure, out, false);
  if (!deepEqual(a.inputs, b.inputs)) out.push({ path: 'flow.inputs', group: 'flow', change: 'changed', before: a.inputs, after: b.inputs });
  if (!deepEqual(a.notes, b.notes)) out.push({ path: 'flow.notes', group: 'flow', change: 'changed', before: a.notes.length, after: b.notes.length });
  return out;
}

/** Everything that differs from `before` to `after`. */
export function diffFlows(before: Flow, after: Flow, opts: DiffOptions = {}): FlowDiff {
  const steps: Record<StepId, StepDiff> = {};
  const common: StepId[] = [];
  for (const [id, b] of Object.entries(after.steps)) {
    const a = before.steps[id];
    if (!a) {
      steps[id] = { id, marks: ['added'], after: b, fields: [] };
      continue;
    }
    common.push(id);
    const fields = diffStepFields(a, b, opts);
    steps[id] = { id, marks: fields.length > 0 ? ['changed'] : [], before: a, after: b, fields };
  }
  for (const [id, a] of Object.entries(before.steps)) {
    if (!(id in after.steps)) steps[id] = { id, marks: ['removed'], before: a, fields: [] };
  }
  for (const [id, move] of findMoves(before, after, common)) {
    const d = steps[id]!;
    d.marks.push('moved');
    d.move = move;
  }

  const beforeEdges = new Map(deriveEdges(before).map((e) => [e.id, e]));
  const afterEdges = new Map(deriveEdges(after).map((e) => [e.id, e]));
  const edges = {
    added: [...afterEdges.values()].filter((e) => !beforeEdges.has(e.id)),
    removed: [...beforeEdges.values()].filter((e) => !afterEdges.has(e.id)),
    kept: [...afterEdges.values()].filter((e) => beforeEdges.has(e.id)),
  };

  const counts: Record<StepMark, number> = { added: 0, removed: 0, changed: 0, moved: 0 };
  for (const d of Object.values(steps)) for (const m of d.marks) counts[m]++;
  const flowFields = flowFieldDiffs(before, after);
  const identical =
    flowFields.length === 0 && Object.values(steps).every((d) => d.marks.length === 0) && edges.added.length === 0 && edges.removed.length === 0;
  return { steps, rows: mergeRows(before, after), flowFields, edges, counts, identical };
}

/** The step record a row shows: the `after` one, or the `before` one for removed steps. */
export function stepOf(diff: FlowDiff, id: StepId): Step | undefined {
  const d = diff.steps[id];
  return d?.after ?? d?.before;
}

/** The mark that colours a step: added/removed win, then changed, then moved. */
export function primaryMark(d: StepDiff | undefined): StepMark | 'unchanged' {
  if (!d || d.marks.length === 0) return 'unchanged';
  for (const m of ['added', 'removed', 'changed', 'moved'] as const) if (d.marks.includes(m)) return m;
  return 'unchanged';
}
