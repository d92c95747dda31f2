/**
 * Drives one run from the editor: starts it on the adapter, and folds its events into the editor store at
 * most once per animation frame (a busy run can emit thousands of events a second; the views must not
 * re-render for each).
 */
import type { BackendAdapter } from '../../backends/types';
import { applyEvents, initialRunState } from '../../backends/run-state';
import type { TraceEvent } from '../../backends/trace';
import type { EditorStore } from '../../editor/store';
import { clearLostRun, markRunLost } from './connection-lost';
import { beginLiveRun, commitLive, recordLiveEvent, runViewOf, showingLive } from './run-view';
import { prepareDebugRun } from '../debugger/run-options';
import { attachDebugSession, detachDebugSession } from '../debugger/session';

export interface RunControl {
  runId: Promise<string>;
  done: Promise<void>;
  cancel(): void;
}

const nextFrame = (fn: () => void): (() => void) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(fn);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(fn, 16);
  return () => clearTimeout(id);
};

/**
 * Folds events into the store in batches; `commits` counts store updates (the benchmark reads it).
 * The live state is kept in the run view (see run-view.ts) and reaches `store.run` only while the live run
 * is the one on screen, so opening a past run mid-run neither loses live events nor flickers.
 */
export function createEventBatcher(store: EditorStore) {
  let buffer: TraceEvent[] = [];
  let cancelFrame: (() => void) | null = null;
  let commits = 0;
  const flush = () => {
    cancelFrame = null;
    if (buffer.length === 0) return;
    const events = buffer;
    buffer = [];
    const runId = events[0]!.runId;
    const live = runViewOf(store).getState().live;
    const shown = store.getState().run;
    const base = live?.runId === runId ? live : shown?.runId === runId ? shown : initialRunState(runId);
    commitLive(store, applyEvents(base, events));
    commits++;
  };
  return {
    push(e: TraceEvent) {
      buffer.push(e);
      cancelFrame ??= nextFrame(flush);
    },
    flush() {
      cancelFrame?.();
      flush();
    },
    get commits() {
      return commits;
    },
  };
}

export function startEditorRun(
  adapter: BackendAdapter,
  store: EditorStore,
  inputs: Record<string, unknown>,
  hooks: {
    onFinished?(runId: string): void;
    /** The run could not start. */
    onError?(e: unknown): void;
    /** The run started, then its trace broke off before it ended: the run view says so (connection-lost.ts). */
    onConnectionLost?(runId: string, e: unknown): void;
  } = {},
): RunControl {
  if (!adapter.startRun) throw new Error(`${adapter.label} cannot run flows`);
  const abort = new AbortController();
  const flow = store.getState().flow;
  let resolveId!: (id: string) => void;
  const runId = new Promise<string>((r) => (resolveId = r));
  const batcher = createEventBatcher(store);
  const redraw = redrawFromBackend(adapter, store);
  let id: string | null = null;

  const done = (async () => {
    try {
      // Breakpoints, pins and a partial run, as far as the backend honours them (features/debugger).
      const debug = prepareDebugRun(store, adapter);
      const handle = await adapter.startRun!({ flowId: flow.id, flow, inputs, trigger: 'manual', ...(debug ? { debug } : {}) }, abort.signal);
      id = handle.runId;
      attachDebugSession(store, handle);
      resolveId(handle.runId);
      beginLiveRun(store, handle.runId);
      clearLostRun(store);
      let finished = false;
      try {
        for await (const event of handle.events) {
          recordLiveEvent(store, event);
          batcher.push(event);
          redraw.saw(event);
          if (event.type === 'run-finished') {
            finished = true;
            break;
          }
        }
      } catch (e) {
        if (abort.signal.aborted) throw e;
        batcher.flush();
        detachDebugSession(store, handle.runId);
        markRunLost(store, adapter, handle.runId, e);
        hooks.onConnectionLost?.(handle.runId, e);
        return;
      }
      batcher.flush();
      await redraw.settled();
      detachDebugSession(store, handle.runId);
      if (!finished && !abort.signal.aborted) {
        // The stream ended without saying how the run ended: as good as a broken connection.
        markRunLost(store, adapter, handle.runId, undefined);
        hooks.onConnectionLost?.(handle.runId, undefined);
        return;
      }
      const view = runViewOf(store);
      const run = view.getState().live;
      // Focus the failed step with its error, so the user lands where the problem is (unless they are
      // looking at another run meanwhile).
      const failed = run?.error?.stepId ?? Object.values(run?.steps ?? {}).find((s) => s.status === 'failed')?.stepId;
      if (run?.status === 'failed' && failed && failed in store.getState().flow.steps && showingLive(view.getState())) {
        store.getState().select([failed], failed);
        store.setState({ revealStep: failed });
        // The steps tab shows its error in its row; the details tab (one click) has the rest.
        view.setState({ detail: null, collapsed: false });
      }
      hooks.onFinished?.(handle.runId);
    } catch (e) {
      batcher.flush();
      if (id) detachDebugSession(store, id);
      hooks.onError?.(e);
    }
  })();

  return {
    runId,
    done,
    cancel() {
      if (id && adapter.cancelRun) void adapter.cancelRun(id);
      else abort.abort();
    },
  };
}

/**
 * A read-only flow whose backend draws it from what ran (Dify: the graph of the nodes runs reported): when the
 * run reports a step the document does not have, ask the backend for its current copy, so the step appears
 * while the run goes on, not on the next open. One request at a time; steps reported meanwhile make one more.
 */
export function redrawFromBackend(adapter: BackendAdapter, store: EditorStore) {
  let inFlight: Promise<void> | null = null;
  let again = false;
  const fetchOnce = async (): Promise<void> => {
    try {
      const { flow, summary } = await adapter.getFlow(store.getState().flow.id);
      store.getState().adoptBackendFlow(flow, summary.revision);
    } catch {
      // The picture stays as it was; the run itself goes on and says what failed, if anything did.
    }
  };
  const loop = async (): Promise<void> => {
    do {
      again = false;
      await fetchOnce();
    } while (again);
    inFlight = null;
  };
  return {
    saw(event: TraceEvent) {
      if (!store.getState().readOnly) return;
      if (event.type !== 'step-started' && event.type !== 'step-finished') return;
      if (event.stepId in store.getState().flow.steps) return;
      if (inFlight) again = true;
      else inFlight = loop();
    },
    /**
     * After the run: once more, for what the last events added (an edge into a step already drawn), then
     * resolves when the picture is the backend's final one.
     */
    async settled(): Promise<void> {
      if (!store.getState().readOnly) return;
      while (inFlight) await inFlight;
      await fetchOnce();
    },
  };
}
