import { describe, expect, it } from 'vitest';
import { runStateFrom } from './run-state';
import type { TraceEvent } from './trace';

const base = { runId: 'r', at: 1 };

describe('run state: the debugger', () => {
  it('tracks where the run is paused, reused outputs and partial runs', () => {
    const events: TraceEvent[] = [
      { ...base, seq: 0, type: 'run-started', flowId: 'f', inputs: {}, trigger: 'manual', partial: { fromStepId: 'b', mode: 'from', sourceRunId: 'r0' } },
      { ...base, seq: 1, type: 'step-started', stepId: 'a', iteration: [], inputs: {} },
      { ...base, seq: 2, type: 'step-finished', stepId: 'a', iteration: [], status: 'succeeded', outputs: 1, durationMs: 0, reused: { source: 'run', runId: 'r0' } },
      { ...base, seq: 3, type: 'step-paused', stepId: 'b', iteration: [], inputs: { x: 1 }, reason: 'breakpoint' },
    ];
    const paused = runStateFrom(events);
    expect(paused.partial).toEqual({ fromStepId: 'b', mode: 'from', sourceRunId: 'r0' });
    expect(paused.paused).toMatchObject({ stepId: 'b', inputs: { x: 1 }, reason: 'breakpoint' });
    expect(paused.steps.a?.reused).toEqual({ source: 'run', runId: 'r0' });
    const resumed = runStateFrom([...events, { ...base, seq: 4, type: 'step-resumed', stepId: 'b', iteration: [], command: 'continue' }]);
    expect(resumed.paused).toBeUndefined();
    const ended = runStateFrom([...events, { ...base, seq: 4, type: 'run-finished', status: 'cancelled', durationMs: 1 }]);
    expect(ended.paused).toBeUndefined();
  });
});
