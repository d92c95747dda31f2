/**
 * Undo history as patches, not snapshots: a patch names the step records and top-level fields an edit
 * changed, so history for a 5,000-step flow stays small enough to persist (it survives a reload) and
 * undoing re-renders only the steps the edit touched.
 *
 * Patches are computed by diffing the flow before and after an edit. Model operations keep unchanged
 * records by identity (immer), so the diff is a cheap reference comparison.
 */
import type { Flow, Step, StepId } from '../model/flow';

type TopLevel = Omit<Flow, 'steps'>;

export interface FlowPatch {
  /** Step records to set; `null` deletes. */
  steps: Record<StepId, Step | null>;
  /** Top-level fields to set (root, edges, notes, name, structure...). */
  fields: Partial<TopLevel>;
}

export interface HistoryEntry {
  /** The command id that made the edit, for the undo menu label. */
  label: string;
  /** Consecutive edits with the same key within the merge window become one undo step (drags, typing). */
  mergeKey?: string;
  at: number;
  forward: FlowPatch;
  backward: FlowPatch;
}

export interface HistoryState {
  past: HistoryEntry[];
  future: HistoryEntry[];
}

export const HISTORY_LIMIT = 200;
export const MERGE_WINDOW_MS = 1000;

export function diffFlows(before: Flow, after: Flow): FlowPatch {
  const steps: Record<StepId, Step | null> = {};
  if (before.steps !== after.steps) {
    for (const id in after.steps) {
      if (before.steps[id] !== after.steps[id]) steps[id] = after.steps[id] ?? null;
    }
    for (const id in before.steps) {
      if (!(id in after.steps)) steps[id] = null;
    }
  }
  const fields: Partial<TopLevel> = {};
  for (const key of Object.keys(after) as Array<keyof Flow>) {
    if (key === 'steps') continue;
    if (before[key] !== after[key]) (fields as Record<string, unknown>)[key] = after[key];
  }
  for (const key of Object.keys(before) as Array<keyof Flow>) {
    if (key !== 'steps' && !(key in after)) (fields as Record<string, unknown>)[key] = undefined;
  }
  return { steps, fields };
}

export function isEmptyPatch(p: FlowPatch): boolean {
  return Object.keys(p.steps).length === 0 && Object.keys(p.fields).length === 0;
}

export function applyPatch(flow: Flow, patch: FlowPatch): Flow {
  let steps = flow.steps;
  const stepIds = Object.keys(patch.steps);
  if (stepIds.length > 0) {
    steps = { ...flow.steps };
    for (const id of stepIds) {
      const value = patch.steps[id];
      if (value) steps[id] = value;
      else delete steps[id];
    }
  }
  const next = { ...flow, ...patch.fields, steps } as Flow;
  for (const [k, v] of Object.entries(patch.fields)) {
    if (v === undefined) delete (next as unknown as Record<string, unknown>)[k];
  }
  return next;
}

/** Records an edit, merging it into the previous entry when both carry the same merge key in the window. */
export function recordEdit(
  history: HistoryState,
  before: Flow,
  after: Flow,
  label: string,
  mergeKey: string | undefined,
  now: number,
  /** How long after the previous edit a same-key edit still merges; a drag passes Infinity (its key is per drag). */
  mergeWindowMs = MERGE_WINDOW_MS,
): HistoryState {
  const forward = diffFlows(before, after);
  if (isEmptyPatch(forward)) return history;
  const last = history.past[history.past.length - 1];
  if (last && mergeKey && last.mergeKey === mergeKey && now - last.at <= mergeWindowMs) {
    // The merged step goes from the state before `last` straight to `after`.
    const origin = applyPatch(before, last.backward);
    const merged: HistoryEntry = {
      label: last.label,
      mergeKey,
      at: now,
      forward: diffFlows(origin, after),
      backward: diffFlows(after, origin),
    };
    return { past: [...history.past.slice(0, -1), merged], future: [] };
  }
  const entry: HistoryEntry = { label, mergeKey, at: now, forward, backward: diffFlows(after, before) };
  const past = [...history.past, entry];
  return { past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past, future: [] };
}

export function undo(history: HistoryState, flow: Flow): { history: HistoryState; flow: Flow } | null {
  const entry = history.past[history.past.length - 1];
  if (!entry) return null;
  return {
    flow: applyPatch(flow, entry.backward),
    history: { past: history.past.slice(0, -1), future: [...history.future, { ...entry, mergeKey: undefined }] },
  };
}

export function redo(history: HistoryState, flow: Flow): { history: HistoryState; flow: Flow } | null {
  const entry = history.future[history.future.length - 1];
  if (!entry) return null;
  return {
    flow: applyPatch(flow, entry.forward),
    history: { past: [...history.past, { ...entry, mergeKey: undefined }], future: history.future.slice(0, -1) },
  };
}

/** What is persisted so undo survives a reload: plain JSON, tied to the document it applies to. */
/**
 * 2: patches of flow schema 2 (edges with ports). A version 1 history holds edge patches of the old shape,
 * which would corrupt the document on undo, so it is dropped (the document itself migrates; only undo steps
 * from before the upgrade are lost).
 */
export const HISTORY_FORMAT = 2;

export interface PersistedHistory {
  version: typeof HISTORY_FORMAT;
  flowId: string;
  history: HistoryState;
}

export function parsePersistedHistory(raw: unknown, flowId: string): HistoryState | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Partial<PersistedHistory>;
  if (r.version !== HISTORY_FORMAT || r.flowId !== flowId || !r.history) return null;
  if (!Array.isArray(r.history.past) || !Array.isArray(r.history.future)) return null;
  return r.history;
}
