/**
 * What the run panel shows, beside the editor store: the live run (kept while a past run or a replay is on
 * screen), the past run being viewed, the replay position, the active tab.
 *
 * Why a side store: `store.run` is what the canvas and the list draw, and it must be exactly the run on
 * screen: live, past, or a replay position. The live run keeps arriving while the user looks at another one,
 * so it lives here and reaches `store.run` only while the live run is the one shown. One side store per
 * editor store (a WeakMap), so two open flows never share a view.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { initialRunState, type RunState } from '../../backends/run-state';
import type { TraceEvent } from '../../backends/trace';
import type { RunSummary } from '../../backends/types';
import type { EditorStore } from '../../editor/store';
import { useEditorStore } from '../../editor/context';
import { ReplayCursor } from './replay';

export type RunTab = 'steps' | 'details' | 'timeline' | 'logs' | 'history' | 'compare';

export interface PastRun {
  runId: string;
  state: RunState;
  events: readonly TraceEvent[];
  summary?: RunSummary;
}

export interface ReplayState {
  /** Not reactive itself: every seek stores a new `ReplayState`. */
  cursor: ReplayCursor;
  position: number;
  playing: boolean;
}

export interface RunViewState {
  /** The run started from this editor, as far as its events have arrived. */
  live: RunState | null;
  /** Every event of the live run, in arrival order (replay of a run the backend does not record). Appended in place. */
  liveEvents: TraceEvent[];
  /** Set while a past run is on screen. */
  past: PastRun | null;
  replay: ReplayState | null;
  tab: RunTab;
  /** The execution the details tab shows (a timeline bar click); otherwise the step's latest. */
  detail: { stepId: string; key: string } | null;
  /** Run ids picked for comparison. */
  compare: [string | null, string | null];
  /** Panel body folded away. */
  collapsed: boolean;
}

export type RunViewStore = StoreApi<RunViewState>;

const views = new WeakMap<EditorStore, RunViewStore>();

/** The panel's layout (tab, folded) comes back after a reload; which run is shown does not live here. */
const PANEL_KEY = 'flowbench.runPanel';
const TABS: readonly RunTab[] = ['steps', 'details', 'timeline', 'logs', 'history', 'compare'];

function savedPanel(): { tab: RunTab; collapsed: boolean } {
  try {
    const v = JSON.parse(localStorage.getItem(PANEL_KEY) ?? '{}') as { tab?: unknown; collapsed?: unknown };
    return { tab: TABS.includes(v.tab as RunTab) ? (v.tab as RunTab) : 'steps', collapsed: v.collapsed === true };
  } catch {
    return { tab: 'steps', collapsed: false };
  }
}

export function runViewOf(editor: EditorStore): RunViewStore {
  let view = views.get(editor);
  if (!view) {
    view = createStore<RunViewState>()(() => ({
      live: editor.getState().run,
      liveEvents: [],
      past: null,
      replay: null,
      ...savedPanel(),
      detail: null,
      compare: [null, null],
    }));
    view.subscribe((s, prev) => {
      if (s.tab !== prev.tab || s.collapsed !== prev.collapsed)
        localStorage.setItem(PANEL_KEY, JSON.stringify({ tab: s.tab, collapsed: s.collapsed }));
    });
    views.set(editor, view);
  }
  return view;
}

export function useRunView<T>(selector: (s: RunViewState) => T): T {
  return useStore(runViewOf(useEditorStore()), selector);
}

/** The live run is what `store.run` shows (no past run, no replay). */
export function showingLive(view: RunViewState): boolean {
  return view.past === null && view.replay === null;
}

export function beginLiveRun(editor: EditorStore, runId: string): void {
  const state = initialRunState(runId);
  runViewOf(editor).setState({ live: state, liveEvents: [], past: null, replay: null, detail: null });
  editor.getState().setRun(state);
}

/** One frame's worth of live state: always kept, drawn only when the live run is on screen. */
export function commitLive(editor: EditorStore, state: RunState): void {
  const view = runViewOf(editor);
  view.setState({ live: state });
  if (showingLive(view.getState())) editor.getState().setRun(state);
}

export function recordLiveEvent(editor: EditorStore, event: TraceEvent): void {
  runViewOf(editor).getState().liveEvents.push(event);
}

export function showPastRun(editor: EditorStore, past: PastRun): void {
  runViewOf(editor).setState({ past, replay: null, detail: null });
  editor.getState().setRun(past.state);
}

/** Back to the live (latest) run, or to no run at all when none was started here. */
export function showLive(editor: EditorStore): void {
  const view = runViewOf(editor);
  view.setState({ past: null, replay: null, detail: null });
  editor.getState().setRun(view.getState().live);
}

/** The events of the run on screen, if they are all known (a live run still running has more to come). */
export function shownRunEvents(view: RunViewState): readonly TraceEvent[] | null {
  if (view.past) return view.past.events;
  const live = view.live;
  if (!live || live.status === 'running' || live.status === 'queued' || live.status === 'idle') return null;
  return view.liveEvents.length > 0 ? view.liveEvents : null;
}

export function startReplay(editor: EditorStore): boolean {
  const view = runViewOf(editor);
  const events = shownRunEvents(view.getState());
  if (!events || events.length === 0) return false;
  const cursor = new ReplayCursor(events);
  view.setState({ replay: { cursor, position: 0, playing: false } });
  editor.getState().setRun(cursor.state);
  return true;
}

export function seekReplay(editor: EditorStore, k: number, opts: { playing?: boolean } = {}): void {
  const view = runViewOf(editor);
  const replay = view.getState().replay;
  if (!replay) return;
  const state = replay.cursor.seek(k);
  const playing = (opts.playing ?? replay.playing) && replay.cursor.position < replay.cursor.total;
  view.setState({ replay: { cursor: replay.cursor, position: replay.cursor.position, playing } });
  editor.getState().setRun(state);
  // Ask the canvas and the list to bring the step this event concerns into view.
  const e = replay.cursor.event;
  const stepId = e && 'stepId' in e ? e.stepId : undefined;
  if (stepId && stepId in editor.getState().flow.steps && editor.getState().revealStep !== stepId) editor.setState({ revealStep: stepId });
}

export function setReplayPlaying(editor: EditorStore, playing: boolean): void {
  const view = runViewOf(editor);
  const replay = view.getState().replay;
  if (!replay) return;
  // Play from the end starts over.
  if (playing && replay.position >= replay.cursor.total) seekReplay(editor, 0, { playing: true });
  else view.setState({ replay: { ...replay, playing } });
}

export function stopReplay(editor: EditorStore): void {
  const view = runViewOf(editor);
  view.setState({ replay: null });
  const s = view.getState();
  editor.getState().setRun(s.past ? s.past.state : s.live);
}

/** Select a step from the run panel: the views select it and scroll it into view. */
export function selectRunStep(editor: EditorStore, stepId: string, iterationKey?: string): void {
  runViewOf(editor).setState({ detail: iterationKey === undefined ? null : { stepId, key: iterationKey } });
  if (!(stepId in editor.getState().flow.steps)) return;
  editor.getState().select([stepId], stepId);
  editor.setState({ revealStep: stepId });
}
