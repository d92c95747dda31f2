/**
 * Field edits on one step, positions and sticky notes. Same rules as `ops.ts`: immer, identity of untouched
 * records kept, `OpError` for impossible edits.
 */
import { produce } from 'immer';
import { isBlockKind, type Flow, type Position, type Step, type StepId, type StickyNote } from './flow';
import { OpError } from './ops';
import type { ReferenceSyntax } from './references';
import { rewriteReferences, rewriteValue } from './references/rewrite';
import { namingOf } from './references/shared';
import { renameStepsInCode } from './references/code-names';
import { displayNamesOf } from './references/display';
import { aKind, capitalized } from './validate-structure';

function requireStep(flow: Flow, id: StepId): Step {
  const step = flow.steps[id];
  if (!step) throw new OpError(`There is no step "${id}" in this flow.`, 'noStep', { id });
  return step;
}

/**
 * Renames a step. With a syntax that names steps by title (viaSocket), every reference to the step in the
 * flow is rewritten to the new title, otherwise they would all silently dangle. Code that reads steps by
 * display name (local) follows in the store's edit (`followStepNamesInCode`), as it does for every edit.
 */
export function renameStep(flow: Flow, id: StepId, title: string, syntax?: ReferenceSyntax): Flow {
  const old = requireStep(flow, id);
  if (old.title === title) return flow;
  const rewrite = syntax?.refersToStepsBy === 'title';
  if (rewrite && Object.values(flow.steps).some((s) => s.id !== id && s.title === title)) {
    throw new OpError(`Another step is already called "${title}"; in this backend steps are referenced by title, so titles must be unique.`, 'titleTaken', { title });
  }
  const before = namingOf(flow);
  const after = { ...before, titleOf: (sid: StepId) => (sid === id ? title : before.titleOf(sid)) };
  return produce(flow, (d) => {
    const step = d.steps[id];
    if (step) step.title = title;
    if (!rewrite || !syntax) return;
    for (const s of Object.values(flow.steps)) {
      const params = rewriteValue(s.params, (text) =>
        rewriteReferences(text, syntax, before, (t) => (t.kind === 'step' && t.stepId === id ? t : null), after),
      );
      const target = d.steps[s.id];
      if (params !== s.params && target) target.params = params as Record<string, unknown>;
    }
  });
}

/** Whether an edit can have moved display names: titles, types (untitled steps), order or the step set. */
function namesMayMove(before: Flow, after: Flow): boolean {
  if (before.root !== after.root || before.edges !== after.edges || before.structure !== after.structure) return true;
  const a = Object.keys(before.steps);
  const b = Object.keys(after.steps);
  if (a.length !== b.length) return true;
  return b.some((id, i) => {
    const x = before.steps[id];
    const y = after.steps[id]!;
    return a[i] !== id || !x || x.title !== y.title || x.type !== y.type || x.branches !== y.branches;
  });
}

/**
 * The local engine lets code read steps by display name. Any edit can move names: a rename, and a
 * duplicate's number shifting when a step with the same title is added, removed or moved. The store applies
 * this after every edit, so code that used the old names is rewritten with the edit (undo takes both back).
 * A removed step's name that another step now carries becomes the removed step's id, so the code reads as
 * broken instead of silently reading the step that took the name over.
 */
export function followStepNamesInCode(before: Flow, after: Flow): Flow {
  if (before === after || after.dialect !== 'local' || !namesMayMove(before, after)) return after;
  const was = displayNamesOf(before);
  const now = displayNamesOf(after);
  const renames = new Map<string, string>();
  for (const sid of Object.keys(before.steps)) {
    const a = was.nameOf(sid);
    if (a === undefined) continue;
    const b = sid in after.steps ? now.nameOf(sid) : now.idOf(a) !== undefined ? sid : undefined;
    if (b !== undefined && a !== b) renames.set(a, b);
  }
  if (renames.size === 0) return after;
  return produce(after, (d) => {
    for (const s of Object.values(after.steps)) {
      const params = rewriteValue(s.params, (text) => renameStepsInCode(text, renames));
      const target = d.steps[s.id];
      if (params !== s.params && target) target.params = params as Record<string, unknown>;
    }
  });
}

export function setParam(flow: Flow, id: StepId, key: string, value: unknown): Flow {
  requireStep(flow, id);
  return produce(flow, (d) => {
    const step = d.steps[id];
    if (step) step.params[key] = value;
  });
}

/** Fields a patch may set. Structure (`id`, `branches`) changes only through the structure ops. */
export type StepFieldsPatch = Partial<Omit<Step, 'id' | 'branches'>>;

/** Shallow patch of step fields; a key set to `undefined` removes that field. */
/** The longest time limit a timer can hold (2^31 - 1 ms, about 24.8 days); longer ones would fire at once. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * A time limit as the document stores it: whole milliseconds within what a timer can hold. A form that works
 * in seconds produces 2009.9999999999998 for "2.01"; the document refuses fractions, so round here, once,
 * for every caller.
 */
export function normalizeTimeoutMs(value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new OpError('A time limit must be a number of seconds of zero or more.', 'timeLimit');
  }
  return Math.min(MAX_TIMEOUT_MS, Math.round(value));
}

export function setStepFields(flow: Flow, id: StepId, patch: StepFieldsPatch): Flow {
  const step = requireStep(flow, id);
  for (const key of ['id', 'branches'] as const) {
    if (key in patch) throw new OpError(`"${key}" cannot be changed by a field edit; use the structure operations.`, 'fieldNotEditable', { key });
  }
  if (patch.kind !== undefined && (isBlockKind(patch.kind) || isBlockKind(step.kind)) && patch.kind !== step.kind) {
    throw new OpError(`${capitalized(aKind(step.kind))} step cannot become ${aKind(patch.kind)} step; insert a new block instead.`, 'kindChange', { from: step.kind, to: patch.kind });
  }
  if (patch.timeoutMs !== undefined) patch = { ...patch, timeoutMs: normalizeTimeoutMs(patch.timeoutMs) };
  return produce(flow, (d) => {
    const target = d.steps[id] as Step;
    for (const [key, value] of Object.entries(patch) as Array<[keyof StepFieldsPatch, unknown]>) {
      if (value === undefined) delete target[key];
      else (target as unknown as Record<string, unknown>)[key] = value;
    }
  });
}

/** Sets canvas positions of several steps at once (one history entry per drag). */
export function setPositions(flow: Flow, positions: Record<StepId, Position>): Flow {
  for (const id of Object.keys(positions)) requireStep(flow, id);
  return produce(flow, (d) => {
    for (const [id, p] of Object.entries(positions)) {
      const step = d.steps[id];
      if (step && (step.position?.x !== p.x || step.position?.y !== p.y)) step.position = { x: p.x, y: p.y };
    }
  });
}

export function addNote(flow: Flow, note: StickyNote): Flow {
  if (flow.notes.some((n) => n.id === note.id)) throw new OpError(`A note with id "${note.id}" already exists.`, 'noteExists', { id: note.id });
  return produce(flow, (d) => {
    d.notes.push(note);
  });
}

export function updateNote(flow: Flow, id: string, patch: Partial<Omit<StickyNote, 'id'>>): Flow {
  const index = flow.notes.findIndex((n) => n.id === id);
  if (index < 0) throw new OpError(`There is no note "${id}" in this flow.`, 'noNote', { id });
  return produce(flow, (d) => {
    const note = d.notes[index];
    if (note) Object.assign(note, patch);
  });
}

export function removeNote(flow: Flow, id: string): Flow {
  if (!flow.notes.some((n) => n.id === id)) throw new OpError(`There is no note "${id}" in this flow.`, 'noNote', { id });
  return produce(flow, (d) => {
    d.notes = d.notes.filter((n) => n.id !== id);
  });
}
