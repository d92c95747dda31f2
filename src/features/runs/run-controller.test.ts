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

describe('a read-only flow drawn from what ran', () => {
  it('asks the backend for its picture when a run reports a step the document lacks, while the run goes on', async () => {
    const { events } = scriptedRun();
    const full = scriptedFlow();
    // The document starts with the trigger only; the backend's copy grows with each step the run reports.
    const start = { ...full, steps: { start: full.steps.start! }, root: ['start'] };
    const store = createEditorStore({ flow: start, baseRevision: 'graph-0', storable: { structures: ['blocks'], editFlows: false } });
    const { adapter, release } = scriptedAdapter(events, 6);
    const reported = new Set<string>();
    let gets = 0;
    Object.assign(adapter, {
      getFlow: async () => {
        gets++;
        for (const e of runViewOf(store).getState().liveEvents) if (e.type === 'step-started') reported.add(e.stepId);
        const ids = full.root.filter((id) => reported.has(id) || id === 'start');
        const steps = Object.fromEntries(Object.entries(full.steps).filter(([id]) => ids.includes(id) || reported.has(id)));
        return { flow: { ...full, steps, root: ids }, summary: { revision: `graph-${gets}` } };
      },
    });
    const control = startEditorRun(adapter, store, {});
    // Paused mid-run: the steps reported so far are drawn already.
    await expect.poll(() => 'fetch' in store.getState().flow.steps).toBe(true);
    expect(store.getState().run?.status ?? runViewOf(store).getState().live?.status).toBe('running');
    // Not an edit: nothing to undo or save.
    expect(store.getState().history.past).toHaveLength(0);
    expect(store.getState().dirty).toBe(false);
    release();
    await control.done;
    expect(Object.keys(store.getState().flow.steps).sort()).toEqual(Object.keys(full.steps).filter((id) => reported.has(id) || id === 'start').sort());
    expect(store.getState().baseRevision).toBe(`graph-${gets}`);
  });

  it('an editable flow never swaps its document for the backend copy', async () => {
    const { events } = scriptedRun();
    const store = newStore();
    const { adapter } = scriptedAdapter(events);
    let gets = 0;
    Object.assign(adapter, { getFlow: async () => (gets++, { flow: scriptedFlow(), summary: { revision: 'x' } }) });
    store.getState().adoptBackendFlow({ ...scriptedFlow(), name: 'other' }, 'x');
    await startEditorRun(adapter, store, {}).done;
    expect(gets).toBe(0);
    expect(store.getState().flow.name).toBe('Scripted');
  });
});
