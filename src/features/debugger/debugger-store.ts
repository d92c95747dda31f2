/**
 * The debugger's side store, one per editor store (a WeakMap, like the run view): breakpoints, pins and
 * watch expressions (persisted per backend and flow), and the live session of a paused run (not persisted).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Breakpoint, DebugCommand, PausePoint } from '../../backends/debug';
import type { EditorStore } from '../../editor/store';
import { useEditorStore } from '../../editor/context';
import { EditorPersistence } from '../../editor/persistence';
import { useOptionalBackend } from '../../shell/backend-context';
import { DEBUG_STATE_FORMAT, debuggerPersistence, type DebuggerPersistence } from './debugger-persistence';

export interface Pin {
  value: unknown;
  /** Taken from a run's output, or typed / pasted. */
  from: 'run' | 'typed';
  at: number;
}

/** A partial run asked for from a step (run from here, run this step, run to here), consumed by the next run. */
export interface PendingPartial {
  stepId: string;
  mode: 'from' | 'one' | 'to';
}

export interface DebuggerState {
  breakpoints: Record<string, Breakpoint>;
  pins: Record<string, Pin>;
  watches: string[];
  /** Whether the kept state has been read (saving before would overwrite it). */
  loaded: boolean;
  /** The live run's command channel, while it can take commands. */
  session: { runId: string; send(command: DebugCommand): void } | null;
  pendingPartial: PendingPartial | null;
  /** Inputs of the paused step as the user edits them (JSON text), per pause. */
  inputsDraft: { at: PausePoint; text: string } | null;
}

export type DebuggerStore = StoreApi<DebuggerState>;

const stores = new WeakMap<EditorStore, DebuggerStore>();

/** The debugger store of an editor; `persistKey` (`backend::flow`) loads and keeps its state. */
export function debuggerOf(editor: EditorStore, persistKey?: string, persistence: DebuggerPersistence = debuggerPersistence()): DebuggerStore {
  let store = stores.get(editor);
  if (!store) {
    const created = createStore<DebuggerState>()(() => ({
      breakpoints: {},
      pins: {},
      watches: [],
      loaded: persistKey === undefined,
      session: null,
      pendingPartial: null,
      inputsDraft: null,
    }));
    store = created;
    stores.set(editor, created);
    if (persistKey !== undefined) {
      void persistence
        .load(persistKey)
        .catch(() => null)
        .then((kept) => {
          // Edits made before the load finished win over what was kept.
          const now = created.getState();
          created.setState({
            breakpoints: { ...kept?.breakpoints, ...now.breakpoints },
            pins: { ...kept?.pins, ...now.pins },
            watches: [...(kept?.watches ?? []), ...now.watches.filter((w) => !kept?.watches.includes(w))],
            loaded: true,
          });
        });
      created.subscribe((s, prev) => {
        if (!s.loaded || (s.breakpoints === prev.breakpoints && s.pins === prev.pins && s.watches === prev.watches && prev.loaded)) return;
        void persistence.save(persistKey, { version: DEBUG_STATE_FORMAT, breakpoints: s.breakpoints, pins: s.pins, watches: s.watches }).catch(() => undefined);
      });
    }
  }
  return store;
}

/** The debugger store of an editor on a backend, persisted under the editor's own key (`backend::flow`). */
export function debuggerFor(editor: EditorStore, backendId: string): DebuggerStore {
  return debuggerOf(editor, EditorPersistence.key(backendId, editor.getState().flow.id));
}

export function useDebuggerStore(): DebuggerStore {
  const editor = useEditorStore();
  const adapter = useOptionalBackend();
  return adapter ? debuggerFor(editor, adapter.id) : debuggerOf(editor);
}

export function useDebugger<T>(selector: (s: DebuggerState) => T): T {
  return useStore(useDebuggerStore(), selector);
}

// ------------------------------------------------------------------ actions

export function toggleBreakpoint(store: DebuggerStore, stepId: string): void {
  const { breakpoints } = store.getState();
  const next = { ...breakpoints };
  if (next[stepId]) delete next[stepId];
  else next[stepId] = {};
  store.setState({ breakpoints: next });
}

export function setBreakpointCondition(store: DebuggerStore, stepId: string, condition: string): void {
  const bp = condition.trim() === '' ? {} : { condition };
  store.setState({ breakpoints: { ...store.getState().breakpoints, [stepId]: bp } });
}

export function pinOutput(store: DebuggerStore, stepId: string, value: unknown, from: Pin['from']): void {
  store.setState({ pins: { ...store.getState().pins, [stepId]: { value, from, at: Date.now() } } });
}

export function unpin(store: DebuggerStore, stepId: string): void {
  const pins = { ...store.getState().pins };
  delete pins[stepId];
  store.setState({ pins });
}

export function setWatches(store: DebuggerStore, watches: string[]): void {
  store.setState({ watches });
}
