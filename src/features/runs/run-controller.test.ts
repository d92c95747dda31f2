import { describe, expect, it } from 'vitest';
import { runStateFrom } from '../../backends/run-state';
import type { TraceEvent } from '../../backends/trace';
import type { BackendAdapter } from '../../backends/types';
import { createEditorStore } from '../../editor/store';
import { startEditorRun } from './run-controller';
import { runViewOf, showLive, showPastRun, startReplay, seekReplay, stopReplay } from './run-view';
import { scriptedFlow, scriptedRun } from './testing/scripted-run';

/** An adapter whose run yields the given events, pausing where `gate` says until released. */
function scriptedAdapter(events: TraceEvent[], gateAt = -1) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const adapter = {
    id: 'test',
    label: 'Test',
    startRun: async () => ({
      runId: events[0]!.runId,
      events: (async function* () {
        for (let i = 0; i < events.length; i++) {
          if (i === gateAt) await gate;
          yield events[i]!;
        }
      })(),
    }),
  } as unknown as BackendAdapter;
  return { adapter, release };
}

const newStore = () => createEditorStore({ flow: scriptedFlow(), baseRevision: null });

describe('startEditorRun', () => {
  it('folds every event into store.run in few commits, and records them for replay', async () => {
    const { events } = scriptedRun();
    const store = newStore();
    const { adapter } = scriptedAdapter(events);
    let commits = 0;
    store.subscribe((s, prev) => s.run !== prev.run && commits++);
    await startEditorRun(adapter, store, {}).done;
    expect(store.getState().run).toEqual(runStateFrom(events));
    // initial state + one frame (all events arrive before the first frame) + nothing more
    expect(commits).toBeLessThanOrEqual(3);
    expect(runViewOf(store).getState().liveEvents).toEqual(events);
  });

  it('keeps following the live run while a past run is shown, and goes back to it', async () => {
    const live = scriptedRun({ runId: 'live' }).events;
    const past = runStateFrom(scriptedRun({ runId: 'old', fail: true }).events);
    const store = newStore();
    const { adapter, release } = scriptedAdapter(live, 6);
    const control = startEditorRun(adapter, store, {});
    await control.runId;
    await new Promise((r) => setTimeout(r, 40));
    expect(store.getState().run?.runId).toBe('live');
    showPastRun(store, { runId: 'old', state: past, events: [] });
    release();
    await control.done;
    expect(store.getState().run).toBe(past);
    expect(runViewOf(store).getState().live).toEqual(runStateFrom(live));
    // The failed past run does not steal focus, and the live one succeeded anyway.
    expect(store.getState().focused).toBeNull();
    showLive(store);
    expect(store.getState().run).toEqual(runStateFrom(live));
  });

  it('focuses the failed step', async () => {
    const { events } = scriptedRun({ fail: true });
    const store = newStore();
    await startEditorRun(scriptedAdapter(events).adapter, store, {}).done;
    expect(store.getState().focused).toBe('save');
    expect(store.getState().revealStep).toBe('save');
    expect(runViewOf(store).getState().tab).toBe('steps');
  });

  it('replays the finished live run position by position', async () => {
    const { events } = scriptedRun();
    const store = newStore();
    await startEditorRun(scriptedAdapter(events).adapter, store, {}).done;
    expect(startReplay(store)).toBe(true);
    expect(store.getState().run?.eventCount).toBe(0);
    seekReplay(store, 5);
    expect(store.getState().run).toEqual(runStateFrom(events.slice(0, 5)));
    expect(store.getState().revealStep).toBe('fetch');
    stopReplay(store);
    expect(store.getState().run).toEqual(runStateFrom(events));
  });
});
