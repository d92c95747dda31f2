import { describe, expect, it } from 'vitest';
import { applyEvents, initialRunState, listAt, runStateFrom } from '../../backends/run-state';
import type { TraceEvent } from '../../backends/trace';
import { createLogIndex, LOG_LEVELS, type LogFilter } from './log-filter';
import { scriptedRun } from './testing/scripted-run';

const all: LogFilter = { levels: new Set(LOG_LEVELS), stepId: null };

describe('log index', () => {
  const run = runStateFrom(scriptedRun({ fail: true }).events);

  it('filters by level and by step (and iteration)', () => {
    const index = createLogIndex();
    const msgs = (f: LogFilter) => index(run.logs, f).indices.map((i) => listAt(run.logs, i)!.message);
    expect(msgs(all)).toHaveLength(5);
    expect(msgs({ levels: new Set(['warn', 'error']), stepId: null })).toEqual(['greeting user 1', 'disk full']);
    expect(msgs({ levels: new Set(LOG_LEVELS), stepId: 'each' })).toEqual(['greeting user 0', 'greeting user 1', 'greeting user 2']);
    expect(msgs({ levels: new Set(LOG_LEVELS), stepId: 'each', iterationKey: '2' })).toEqual(['greeting user 2']);
    expect(msgs({ levels: new Set(), stepId: null })).toEqual([]);
  });

  it('extends incrementally while the run grows, and starts over for another list', () => {
    const index = createLogIndex();
    const runId = 'r';
    let state = initialRunState(runId);
    let seq = 0;
    const logs = (n: number): TraceEvent[] =>
      Array.from({ length: n }, () => ({ runId, seq: seq++, at: seq, type: 'log' as const, level: seq % 2 ? ('info' as const) : ('debug' as const), message: `m${seq}` }));
    state = applyEvents(state, logs(1000));
    expect(index(state.logs, all).scanned).toBe(1000);
    state = applyEvents(state, logs(10));
    const r = index(state.logs, all);
    expect(r.scanned).toBe(10);
    expect(r.indices).toHaveLength(1010);
    expect(index(state.logs, all).scanned).toBe(0);
    // Replaying back: a shorter list from the same run starts over.
    const shorter = runStateFrom(scriptedRun().events.slice(0, 6)).logs;
    expect(index(shorter, all).scanned).toBe(shorter.length);
  });
});
