import { describe, expect, it } from 'vitest';
import { runStateFrom } from '../../backends/run-state';
import { ReplayCursor } from './replay';
import { scriptedRun } from './testing/scripted-run';

describe('ReplayCursor', () => {
  const events = scriptedRun().events;

  it('position k equals runStateFrom(events.slice(0, k)), forwards, backwards and jumping', () => {
    const cursor = new ReplayCursor(events, { checkpointEvery: 4 });
    const order = [0, 1, 2, 5, 13, 12, 3, 0, events.length, 7, 8, events.length - 1, 4];
    for (const k of order) {
      expect(cursor.seek(k)).toEqual(runStateFrom(events.slice(0, k), events[0]!.runId));
      expect(cursor.position).toBe(k);
    }
  });

  it('moves forward incrementally: one step applies one event', () => {
    const cursor = new ReplayCursor(events, { checkpointEvery: 4 });
    cursor.seek(10);
    const before = cursor.applied;
    cursor.seek(11);
    expect(cursor.applied - before).toBe(1);
    expect(cursor.event).toBe(cursor.events[10]);
  });

  it('moves back from the nearest checkpoint, not from the start', () => {
    const cursor = new ReplayCursor(events, { checkpointEvery: 4 });
    cursor.seek(events.length);
    const before = cursor.applied;
    cursor.seek(10); // checkpoint 8, then two events
    expect(cursor.applied - before).toBe(2);
  });

  it('clamps and sorts by seq', () => {
    const shuffled = [...events].reverse();
    const cursor = new ReplayCursor(shuffled);
    expect(cursor.seek(-5)).toBe(cursor.state);
    expect(cursor.position).toBe(0);
    cursor.seek(1e9);
    expect(cursor.position).toBe(events.length);
    expect(cursor.state.status).toBe(runStateFrom(events).status);
  });
});
