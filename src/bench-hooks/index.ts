/**
 * The benchmark's handle on the running app (`window.__fb`). Loaded only by the bench build
 * (bench/vite.app.config.ts) and only when the URL has `?bench`: a lazy chunk, never part of the first load
 * and absent from `npm run build`.
 *
 * It seeds fixture flows into the local backend, opens them, finds the open flow's editor store (read from
 * React's tree: the app keeps the store in context only), and runs the in-page parts of the benchmark that
 * must happen inside the app: the trace-ingestion run through `createEventBatcher`, and edits for autosave.
 */
import type { BackendAdapter } from '../backends/types';
import type { EditorStore } from '../editor/store';
import { createEventBatcher } from '../features/runs/run-controller';
import { beginLiveRun, recordLiveEvent } from '../features/runs/run-view';
import { renameStep } from '../model/ops-fields';
import { checklistStats } from '../features/checklist/useChecklist';
import { fixtureFlow, functionStepIds, type FixtureSpec } from '../../bench/fixtures/flows';
import { traceEvents } from '../../bench/fixtures/trace';
import * as measure from '../../bench/page/measure';

interface Fiber {
  return: Fiber | null;
  memoizedProps?: { value?: unknown } | null;
}

function isEditorStore(v: unknown): v is EditorStore {
  if (!v || typeof v !== 'object' || typeof (v as EditorStore).getState !== 'function') return false;
  const s = (v as EditorStore).getState() as unknown as Record<string, unknown> | undefined;
  return !!s && typeof s === 'object' && 'flow' in s && typeof s.edit === 'function';
}

/** The nearest context value above `selector`'s element that passes `test` (React keeps fibers on DOM nodes). */
function contextValue<T>(selector: string, test: (v: unknown) => v is T): T | null {
  const el = document.querySelector(selector);
  if (!el) return null;
  const key = Object.keys(el).find((k) => k.startsWith('__reactFiber$'));
  let fiber = key ? ((el as unknown as Record<string, Fiber>)[key] ?? null) : null;
  while (fiber) {
    const value = fiber.memoizedProps?.value;
    if (test(value)) return value;
    fiber = fiber.return;
  }
  return null;
}

/** The editor store of the open flow. */
function editorStore(): EditorStore | null {
  return contextValue('.fb-editor', isEditorStore);
}

function isLocalAdapter(v: unknown): v is BackendAdapter {
  return (
    !!v &&
    typeof v === 'object' &&
    (v as BackendAdapter).id === 'local' &&
    typeof (v as BackendAdapter).saveFlow === 'function'
  );
}

/** The active backend adapter (the app provides it in context); the benchmark needs the local one. */
async function localBackend(): Promise<BackendAdapter> {
  for (let i = 0; i < 200; i++) {
    const adapter = contextValue('.fb-app', isLocalAdapter);
    if (adapter) return adapter;
    await sleep(50);
  }
  throw new Error('bench: the local backend is not active');
}

function requireStore(): EditorStore {
  const s = editorStore();
  if (!s) throw new Error('bench: no open flow editor');
  return s;
}

type Counters = { stepNode: number; byId?: Record<string, number> };
const counters = (): Counters => ((globalThis as { __fbRenders?: Counters }).__fbRenders ??= { stepNode: 0 });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Marks the first IndexedDB write after arming: where a save starts (instrumentation of IDB, not the app). */
let saveMarkArmed = false;
let idbPatched = false;
function armSaveMark(): void {
  saveMarkArmed = true;
  if (idbPatched) return;
  idbPatched = true;
  const proto = IDBObjectStore.prototype;
  for (const name of ['put', 'add'] as const) {
    const original = proto[name];
    proto[name] = function (this: IDBObjectStore, ...args: Parameters<typeof original>) {
      if (saveMarkArmed) {
        saveMarkArmed = false;
        performance.mark('fb-bench-save-start');
      }
      return original.apply(this, args);
    } as typeof original;
  }
}

export interface IngestOptions {
  rate: number;
  seconds: number;
  idleSeconds: number;
}

/**
 * Idle frames, then `rate` events/s for `seconds` into the open flow's store through `createEventBatcher`
 * (as `startEditorRun` does: record the live event, push it to the batcher), then idle frames again.
 */
async function ingest(opts: IngestOptions) {
  const store = requireStore();
  const flow = store.getState().flow;
  const ids = Object.keys(flow.steps);
  const idleBefore = measure.recordFrames();
  await sleep(opts.idleSeconds * 500);
  const idle1 = idleBefore.stop();

  const runId = `bench-run-${Date.now()}`;
  beginLiveRun(store, runId);
  const batcher = createEventBatcher(store);
  const source = traceEvents(runId, flow.id, ids);
  // Store commits per frame: every notification of the editor store, and those that changed `run`,
  // counted between two animation frames.
  let updates = 0;
  let runCommits = 0;
  const unsub = store.subscribe((s, prev) => {
    updates++;
    if (s.run !== prev.run) runCommits++;
  });
  const perFrameUpdates: number[] = [];
  const perFrameRunCommits: number[] = [];
  const rec = measure.recordFrames((frame) => {
    if (frame > 0) {
      perFrameUpdates.push(updates);
      perFrameRunCommits.push(runCommits);
    }
    updates = 0;
    runCommits = 0;
  });
  const start = performance.now();
  let offered = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const elapsed = Math.min(now - start, opts.seconds * 1000);
      const due = Math.floor((elapsed / 1000) * opts.rate) - offered;
      for (let i = 0; i < due; i++) {
        const e = source.next().value;
        recordLiveEvent(store, e);
        batcher.push(e);
      }
      offered += Math.max(0, due);
      if (now - start >= opts.seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 4);
  });
  batcher.flush();
  const frames = rec.stop();
  unsub();
  const run = store.getState().run;

  const idleAfter = measure.recordFrames();
  await sleep(opts.idleSeconds * 500);
  const idle2 = idleAfter.stop();
  const idle: measure.FrameRecord = {
    deltas: [...idle1.deltas, ...idle2.deltas],
    durationMs: idle1.durationMs + idle2.durationMs,
    long: {
      kind: idle1.long.kind,
      count: idle1.long.count + idle2.long.count,
      maxMs: Math.max(idle1.long.maxMs, idle2.long.maxMs),
      blockingMs: idle1.long.blockingMs + idle2.long.blockingMs,
    },
  };
  const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    idle: measure.frameSummary(idle),
    ingest: measure.frameSummary(frames),
    offered,
    applied: run?.eventCount ?? 0,
    batcherCommits: batcher.commits,
    framesDuringIngest: frames.deltas.length,
    maxRunCommitsPerFrame: max(perFrameRunCommits),
    meanRunCommitsPerFrame: sum(perFrameRunCommits) / Math.max(1, perFrameRunCommits.length),
    maxStoreUpdatesPerFrame: max(perFrameUpdates),
    framesWithMoreThanOneCommit: perFrameRunCommits.filter((n) => n > 1).length,
  };
}

const api = {
  ready: true,
  measure,
  store: editorStore,
  /** Writes the fixture's flow into the local backend (overwriting), not timed. */
  async seed(spec: FixtureSpec) {
    const flow = fixtureFlow(spec);
    await (await localBackend()).saveFlow({ flow, baseRevision: null, force: true });
    return { id: flow.id, steps: Object.keys(flow.steps).length, functionSteps: functionStepIds(flow) };
  },
  /** Opens a flow in the canvas view; returns the start time. */
  open(id: string): number {
    localStorage.setItem('flowbench.view', 'canvas');
    const t0 = performance.now();
    window.location.hash = `#/flow/${encodeURIComponent(id)}`;
    return t0;
  },
  close() {
    window.location.hash = '#/';
  },
  openFlowId(): string | null {
    return editorStore()?.getState().flow.id ?? null;
  },
  renders(): number {
    return counters().stepNode;
  },
  /** Starts counting renders per step id (and resets the total). */
  countById() {
    const c = counters();
    c.stepNode = 0;
    c.byId = {};
  },
  /** How many times the checklist was computed so far (a drag must add none). */
  checklistComputations(): number {
    return checklistStats.computations;
  },
  /** Asks the canvas to fit the whole flow, as its Fit button does; returns the start time. */
  fit(): number {
    const button = document.querySelector<HTMLElement>('.fb-canvas .react-flow__controls-fitview');
    if (!button) throw new Error('bench: no Fit button');
    const t0 = performance.now();
    button.click();
    return t0;
  },
  rendersById(): Record<string, number> {
    return { ...(counters().byId ?? {}) };
  },
  stepInfo(id: string) {
    const step = requireStore().getState().flow.steps[id];
    return step ? { id, title: step.title, type: step.type } : null;
  },
  /** Asks the canvas to bring a step into view (as a run or replay does). */
  reveal(id: string) {
    requireStore().setState({ revealStep: id });
  },
  select(ids: string[]) {
    requireStore()
      .getState()
      .select(ids, ids[ids.length - 1] ?? null);
  },
  /**
   * A title edit (one undoable change), which autosave then saves. Marks `fb-bench-edit` before it and
   * `fb-bench-save-start` at the first IndexedDB write after it (the save's journal write).
   */
  async editTitle(id: string, title: string) {
    const store = requireStore();
    armSaveMark();
    performance.mark('fb-bench-edit');
    const t0 = performance.now();
    store.getState().edit('bench.rename', (f) => renameStep(f, id, title));
    return t0;
  },
  saved(): boolean {
    return !requireStore().getState().dirty;
  },
  ingest,
};

export type BenchApi = typeof api;
(window as unknown as { __fb: BenchApi }).__fb = api;
