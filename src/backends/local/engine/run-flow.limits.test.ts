import { describe, expect, it } from 'vitest';
import { blockFlow, fn, loopStep, s } from './test-flows';
import { collect, expectWellFormed } from './test-run';

describe('engine: cancellation and time limits', () => {
  it('cancels mid-run: the running step and its enclosing loop end cancelled, then the run', async () => {
    const ac = new AbortController();
    const flow = blockFlow([
      s('first', 'core.log', { message: 'a' }),
      loopStep('l', { count: 3 }, [s('wait', 'core.delay', { ms: 5000 })]),
      s('never', 'core.log', { message: 'b' }),
    ]);
    const started = Date.now();
    const r = await collect(flow, {
      signal: ac.signal,
      emit: (e) => {
        if (e.type === 'step-started' && e.stepId === 'wait') setTimeout(() => ac.abort(), 30);
      },
    });
    expect(Date.now() - started).toBeLessThan(4000);
    expectWellFormed(r.events);
    expect(r.statusOf('first')).toEqual(['succeeded']);
    expect(r.statusOf('wait')).toEqual(['cancelled']);
    expect(r.statusOf('l')).toEqual(['cancelled']);
    expect(r.finished('never')).toHaveLength(0);
    expect(r.result.status).toBe('cancelled');
    expect(r.events[r.events.length - 1]).toMatchObject({ type: 'run-finished', status: 'cancelled' });
  });

  it('an already-aborted signal still gives run-started and run-finished', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await collect(blockFlow([s('x', 'core.log', { message: 'x' })]), { signal: ac.signal });
    expectWellFormed(r.events);
    expect(r.events.map((e) => e.type)).toEqual(['run-started', 'run-finished']);
    expect(r.result.status).toBe('cancelled');
  });

  it('fails a step that exceeds its own timeout', async () => {
    const r = await collect(blockFlow([s('slow', 'core.delay', { ms: 5000 }, { timeoutMs: 50 })]));
    expectWellFormed(r.events);
    expect(r.finished('slow')[0]).toMatchObject({ status: 'failed', error: { code: 'timeout', message: 'Step "slow" timed out after 50 ms.' } });
    expect(r.result).toMatchObject({ status: 'failed', error: { stepId: 'slow', code: 'timeout' } });
  });

  it('stops an endless function step at the step timeout with the sandbox message', async () => {
    const started = Date.now();
    const r = await collect(blockFlow([fn('spin', 'while (true) {}', { timeoutMs: 200 }), s('next', 'core.log', { message: 'x' })]));
    expect(Date.now() - started).toBeLessThan(4000);
    expect(r.finished('spin')[0]).toMatchObject({ status: 'failed', error: { code: 'timeout', message: 'Function step exceeded its time limit of 200 ms' } });
    expect(r.finished('next')).toHaveLength(0);
  });

  it('ends the run with status timeout when the run limit is spent', async () => {
    const r = await collect(blockFlow([s('a', 'core.log', { message: 'a' }), s('slow', 'core.delay', { ms: 5000 }), s('b', 'core.log', { message: 'b' })]), { runTimeoutMs: 80 });
    expectWellFormed(r.events);
    expect(r.statusOf('slow')).toEqual(['cancelled']);
    expect(r.finished('b')).toHaveLength(0);
    expect(r.result).toMatchObject({ status: 'timeout', error: { message: 'The run exceeded its time limit of 80 ms.' } });
  });

  it('limits a function step to what is left of the run', async () => {
    const started = Date.now();
    const r = await collect(blockFlow([fn('spin', 'while (true) {}')]), { runTimeoutMs: 150 });
    expect(Date.now() - started).toBeLessThan(4000);
    expectWellFormed(r.events);
    expect(['timeout', 'failed']).toContain(r.result.status);
  });

  it('keeps yielding to the event loop during long runs of instant steps', async () => {
    let timerFired = false;
    setTimeout(() => (timerFired = true), 0);
    let sawTimerDuringRun = false;
    await collect(blockFlow([loopStep('l', { count: 3000, maxIterations: 5000 }, [s('x', 'core.json_stringify', { value: '{{steps.l.index}}' })])]), {
      yieldIntervalMs: 1,
      emit: (e) => {
        if (e.type === 'step-finished' && e.stepId === 'x' && timerFired) sawTimerDuringRun = true;
      },
    });
    expect(sawTimerDuringRun).toBe(true);
  });

  it('never lets a throwing consumer break the run', async () => {
    const r = await collect(blockFlow([s('x', 'core.log', { message: 'x' })]), {
      emit: () => {
        throw new Error('consumer bug');
      },
    });
    expect(r.result.status).toBe('succeeded');
    expectWellFormed(r.events);
  });
});
