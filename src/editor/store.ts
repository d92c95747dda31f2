/**
 * One editor store per open flow, made by `createEditorStore` and provided by context (no module-global
 * store, so two flows can be open side by side and tests get a fresh one each).
 *
 * Slices: document (flow, revision, dirty), selection, view, history, run. Components read through narrow
 * selectors: lists subscribe to id arrays, each node or row to its own step record.
 */
import type { Capabilities } from '../backends/types';
import { guardStorable } from './storable';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Flow, StepId } from '../model/flow';
import { followStepNamesInCode } from '../model/ops-fields';
import type { RunState } from '../backends/run-state';
import { recordEdit, redo as redoHistory, undo as undoHistory, type HistoryState } from './history';

export type ViewMode = 'canvas' | 'list';

export interface Notice {
  /** i18n key in the `editor` namespace, and its values. */
  key: string;
  values?: Record<string, unknown>;
  tone: 'info' | 'warning' | 'error';
}

export interface EditorState {
  flow: Flow;
  /** The stored revision this document is based on (conflict detection); null for a never-saved flow. */
  baseRevision: string | null;
  /** Changes since the last successful save. */
  dirty: boolean;
  /** Bumped on every document change; autosave compares it to know what was saved. */
  changeCounter: number;

  selection: StepId[];
  /** The step the inspector shows and keyboard navigation starts from. */
  focused: StepId | null;

  view: ViewMode;
  collapsed: Record<StepId, true>;
  notice: Notice | null;

  history: HistoryState;
  run: RunState | null;
  /** Which step the replay or live run asks the views to reveal. */
  revealStep: StepId | null;
  /**
   * The backend stores no edits (`capabilities.editFlows === false`, e.g. a run-only backend): the views hide
   * their edit controls and edit commands cannot run, instead of refusing each edit after the fact.
   */
  readOnly: boolean;
}

export interface EditOptions {
  mergeKey?: string;
  /** Merge window for `mergeKey` (default one second); keys unique per gesture can pass Infinity. */
  mergeWindowMs?: number;
  /** Selection after the edit (e.g. the pasted steps). */
  select?: StepId[];
}

export interface EditorActions {
  /** The one way the document changes: a named edit, recorded in history. */
  edit(label: string, change: (flow: Flow) => Flow, opts?: EditOptions): void;
  undo(): boolean;
  redo(): boolean;
  select(ids: StepId[], focused?: StepId | null): void;
  setView(view: ViewMode): void;
  toggleCollapsed(id: StepId): void;
  setNotice(notice: Notice | null): void;
  setRun(run: RunState | null): void;
  /** After a save: the new base revision; `dirty` clears only if nothing changed since `savedCounter`. */
  markSaved(revision: string, savedCounter: number): void;
  /** Replace the document from outside (conflict resolution, restore): recorded in history. */
  replaceFlow(flow: Flow, label: string, baseRevision?: string | null): void;
  /**
   * Take the backend's newer copy of a read-only flow as it is (a run-only backend draws the steps a run
   * reports): not an edit, so no history entry and nothing to save. Ignored on an editable flow, whose newer
   * copies go through the conflict path instead.
   */
  adoptBackendFlow(flow: Flow, baseRevision: string | null): void;
}

export type EditorStoreState = EditorState & EditorActions;
export type EditorStore = StoreApi<EditorStoreState>;

export interface CreateEditorStoreOptions {
  flow: Flow;
  baseRevision: string | null;
  history?: HistoryState;
  view?: ViewMode;
  now?: () => number;
  /**
   * What the backend can store: an edit whose result it could not store is refused when it is made
   * (`UnstorableEdit` thrown from `edit`). Absent: anything goes.
   */
  storable?: Pick<Capabilities, 'structures' | 'elseBranch'> & Partial<Pick<Capabilities, 'editFlows'>>;
}

export function createEditorStore(opts: CreateEditorStoreOptions): EditorStore {
  const now = opts.now ?? Date.now;
  return createStore<EditorStoreState>()((set, get) => ({
    flow: opts.flow,
    baseRevision: opts.baseRevision,
    dirty: false,
    changeCounter: 0,
    selection: [],
    focused: null,
    view: opts.view ?? 'list',
    collapsed: {},
    notice: null,
    history: opts.history ?? { past: [], future: [] },
    run: null,
    revealStep: null,
    readOnly: opts.storable?.editFlows === false,

    edit(label, change, editOpts = {}) {
      const before = get().flow;
      const changed = (opts.storable ? guardStorable(change, opts.storable) : change)(before);
      if (changed === before) return;
      // Code that reads steps by name follows names the edit moved (model/ops-fields.ts).
      const after = followStepNamesInCode(before, changed);
      const history = recordEdit(get().history, before, after, label, editOpts.mergeKey, now(), editOpts.mergeWindowMs);
      set((s) => ({
        flow: after,
        history,
        dirty: true,
        changeCounter: s.changeCounter + 1,
        ...(editOpts.select
          ? pruneSelection(after, editOpts.select, editOpts.select[0] ?? null)
          : pruneSelection(after, s.selection, s.focused)),
      }));
    },
    undo() {
      const r = undoHistory(get().history, get().flow);
      if (!r) return false;
      set((s) => ({ ...r, dirty: true, changeCounter: s.changeCounter + 1, ...pruneSelection(r.flow, s.selection, s.focused) }));
      return true;
    },
    redo() {
      const r = redoHistory(get().history, get().flow);
      if (!r) return false;
      set((s) => ({ ...r, dirty: true, changeCounter: s.changeCounter + 1, ...pruneSelection(r.flow, s.selection, s.focused) }));
      return true;
    },
    select(ids, focused) {
      set({ selection: ids, focused: focused === undefined ? (ids[ids.length - 1] ?? null) : focused });
    },
    setView(view) {
      set({ view });
    },
    toggleCollapsed(id) {
      set((s) => {
        const collapsed = { ...s.collapsed };
        if (collapsed[id]) delete collapsed[id];
        else collapsed[id] = true;
        return { collapsed };
      });
    },
    setNotice(notice) {
      set({ notice });
    },
    setRun(run) {
      set({ run });
    },
    markSaved(revision, savedCounter) {
      set((s) => ({ baseRevision: revision, dirty: s.changeCounter !== savedCounter }));
    },
    replaceFlow(flow, label, baseRevision) {
      const before = get().flow;
      const history = recordEdit(get().history, before, flow, label, undefined, now());
      set((s) => ({
        flow,
        history,
        dirty: true,
        changeCounter: s.changeCounter + 1,
        ...(baseRevision !== undefined ? { baseRevision } : {}),
        ...pruneSelection(flow, s.selection, s.focused),
      }));
    },
    adoptBackendFlow(flow, baseRevision) {
      if (!get().readOnly || flow.id !== get().flow.id) return;
      set((s) => ({ flow, baseRevision, ...pruneSelection(flow, s.selection, s.focused) }));
    },
  }));
}

/** Drops selected ids that no longer exist, so no view ever looks up a deleted step. */
function pruneSelection(flow: Flow, selection: StepId[], focused: StepId | null) {
  const kept = selection.filter((id) => id in flow.steps);
  return {
    selection: kept.length === selection.length ? selection : kept,
    focused: focused && focused in flow.steps ? focused : (kept[kept.length - 1] ?? null),
  };
}
