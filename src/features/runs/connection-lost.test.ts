import { describe, expect, it } from 'vitest';
import { runStateFrom } from '../../backends/run-state';
import type { TraceEvent } from '../../backends/trace';
import { BackendError, type BackendAdapter } from '../../backends/types';
import { createEditorStore } from '../../editor/store';
import { lostRunOf, reconnectRun } from './connection-lost';
import { startEditorRun } from './run-controller';
import { runViewOf } from './run-view';
import { scriptedFlow, scriptedRun } from './testing/scripted-run';

/** A run whose stream delivers `cutAt` events and then breaks; the backend's history holds `recorded()`. */
function breakingAdapter(events: TraceEvent[], cutAt: number, recorded: () => TraceEvent[] | Error, history = true) {
  const adapter = {
    id: 'test',
    label: 'Test',
    startRun: async () => ({
      runId: events[0]!.runId,
      events: (async function* () {
        for (let i = 0; i < cutAt; i++) yield events[i]!;
        throw new BackendError('network', 'Could not reach the server: fetch failed.');
      })(),
    }),
    ...(history
      ? {
          getRunEvents: async () => {
            const r = recorded();
            if (r instanceof Error) throw r;
            return r;
          },
        }
      : {}),
  } as unknown as BackendAdapter;
  return adapter;
}

const newStore = () => createEditorStore({ flow: scriptedFlow(), baseRevision: null });

describe('a run whose connection is lost mid-run', () => {
  it('stops showing "running", says the connection was lost, and does not say the run could not start', async () => {
    const { events } = scriptedRun();
    const store = newStore();
    const seen: string[] = [];
    const control = startEditorRun(breakingAdapter(events, 4, () => events), store, {}, {
      onError: () => seen.push('start-failed'),
      onConnectionLost: (id) => seen.push(`lost ${id}`),
    });
    await control.done;
    expect(seen).toEqual(['lost run-1']);
    expect(lostRunOf(store).getState().lost).toMatchObject({ runId: 'run-1', phase: 'lost', canReconnect: true, message: expect.stringContaining('Could not reach') });
    // What arrived before the break stays on screen.
    expect(runViewOf(store).getState().liveEvents).toHaveLength(4);
  });

  it('reconnecting reads the trace back from the backend and follows it to its end', async () => {
    const { events } = scriptedRun();
    const store = newStore();
    let reads = 0;
    // The first read finds the run still going (half of it), the second finds it finished.
    const adapter = breakingAdapter(events, 3, () => (++reads === 1 ? events.slice(0, 6) : events));
    await startEditorRun(adapter, store, {}).done;
    const finished: string[] = [];
    const ended = await reconnectRun(store, adapter, { follow: true, pollMs: 1, onFinished: (id) => finished.push(id) });
    expect(ended).toBe(true);
    expect(finished).toEqual(['run-1']);
    expect(lostRunOf(store).getState().lost).toBeNull();
    expect(runViewOf(store).getState().live).toEqual(runStateFrom(events));
    expect(store.getState().run?.status).toBe(runStateFrom(events).status);
    expect(runViewOf(store).getState().liveEvents).toEqual(events);
  });

  it('a check that finds the run going on says so; one that fails keeps the lost state with the new reason', async () => {
    const { events } = scriptedRun();
    const store = newStore();
    let answer: TraceEvent[] | Error = events.slice(0, 5);
    const adapter = breakingAdapter(events, 3, () => answer);
    await startEditorRun(adapter, store, {}).done;
    expect(await reconnectRun(store, adapter, { follow: false })).toBe(false);
    expect(lostRunOf(store).getState().lost?.phase).toBe('still-running');
    answer = new BackendError('network', 'still down');
    expect(await reconnectRun(store, adapter, { follow: false })).toBe(false);
    expect(lostRunOf(store).getState().lost).toMatchObject({ phase: 'lost', message: 'still down' });
  });

  it('without a run history there is nothing to reconnect to, and it says so', async () => {
    const { events } = scriptedRun();
    const store = newStore();
    await startEditorRun(breakingAdapter(events, 2, () => events, false), store, {}).done;
    expect(lostRunOf(store).getState().lost?.canReconnect).toBe(false);
  });
});
