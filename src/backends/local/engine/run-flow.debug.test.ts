import { describe, expect, it } from 'vitest';
import type { DebugCommand } from '../../debug';
import { debugRun } from './test-debug';
import { blockFlow, fn, graphFlow, ifStep, loopStep, s } from './test-flows';
import { collect, expectWellFormed } from './test-run';

const cont: DebugCommand = { type: 'continue' };
const cmd = (type: DebugCommand['type']): DebugCommand => ({ type });

/** a, loop L x2 [ b, if c (true) [ d, e ], f ], g */
const nested = () =>
  blockFlow([
    s('a', 'core.log', { message: 'a' }),
    loopStep('L', { count: 2 }, [
      s('b', 'core.text_template', { template: 'b{{steps.L.index}}' }),
      ifStep('c', 'true', [s('d', 'core.text_template', { template: 'd{{steps.L.index}}' }), s('e', 'core.log', { message: 'e' })]),
      s('f', 'core.text_template', { template: 'f{{steps.d.text}}' }),
    ]),
    s('g', 'core.text_template', { template: 'g{{steps.f.text}}' }),
  ]);

describe('engine: the debugger', () => {
  it('pauses before a breakpointed step with its resolved inputs, then continues to the same result', async () => {
    const plain = await collect(nested());
    const r = await debugRun(nested(), { breakpoints: { f: {} } }, () => cont);
    expectWellFormed(r.events);
    expect(r.pausedAt).toEqual(['f@0', 'f@1']);
    expect(r.pauses[0]).toMatchObject({ reason: 'breakpoint', inputs: { template: 'fd0' } });
    // Paused *before* the step: the pause comes before its step-started.
    const pauseIdx = r.events.indexOf(r.pauses[0]!);
    const startIdx = r.events.findIndex((e) => e.type === 'step-started' && e.stepId === 'f');
    expect(pauseIdx).toBeLessThan(startIdx);
    expect(r.events[pauseIdx + 1]).toMatchObject({ type: 'step-resumed', stepId: 'f', command: 'continue' });
    expect(r.result).toMatchObject({ status: 'succeeded', outputs: plain.result.outputs });
  });

  it('a conditional breakpoint in a loop body pauses only where its condition holds', async () => {
    const flow = blockFlow([loopStep('L', { count: 5 }, [s('body', 'core.text_template', { template: 'i={{steps.L.index}}' })])]);
    const r = await debugRun(flow, { breakpoints: { body: { condition: '{{steps.L.index}} == 2' } } }, () => cont);
    expect(r.pausedAt).toEqual(['body@2']);
    // The step's own resolved inputs are `sys.params` in a condition.
    const r2 = await debugRun(flow, { breakpoints: { body: { condition: '{{sys.params.template}} == "i=3"' } } }, () => cont);
    expect(r2.pausedAt).toEqual(['body@3']);
    // A JavaScript condition sees them as `params`.
    const r3 = await debugRun(flow, { breakpoints: { body: { condition: 'params.template.endsWith("4")' } } }, () => cont);
    expect(r3.pausedAt).toEqual(['body@4']);
  });

  it('a condition that cannot be evaluated pauses anyway and says why', async () => {
    const flow = blockFlow([s('x', 'core.log', { message: 'x' })]);
    const r = await debugRun(flow, { breakpoints: { x: { condition: 'this is not javascript(' } } }, () => cont);
    expect(r.pausedAt).toEqual(['x@']);
    expect(r.logs().some((l) => l.level === 'warn' && /breakpoint condition/.test(l.message))).toBe(true);
  });

  it('runs the step with inputs edited while paused, for this run only', async () => {
    const flow = blockFlow([s('t', 'core.text_template', { template: 'original' }), s('u', 'core.text_template', { template: '{{steps.t.text}}!' })]);
    const r = await debugRun(flow, { breakpoints: { t: {} } }, (p) => ({ type: 'continue', inputs: { ...p.inputs, template: 'edited' } }));
    expect(r.started('t')[0]?.inputs).toEqual({ template: 'edited' });
    expect(r.finished('u')[0]?.outputs).toEqual({ text: 'edited!' });
    expect(r.events.find((e) => e.type === 'step-resumed')).toMatchObject({ inputs: { template: 'edited' } });
    expect(flow.steps.t?.params).toEqual({ template: 'original' });
  });

  it('step over runs a whole block and pauses at the next step on the same level', async () => {
    const r = await debugRun(nested(), { breakpoints: { a: {} } }, () => cmd('stepOver'));
    expectWellFormed(r.events);
    expect(r.pausedAt).toEqual(['a@', 'L@', 'g@']);
    expect(r.result.status).toBe('succeeded');
  });

  it('step into enters if branches and loop bodies, one step at a time', async () => {
    const r = await debugRun(nested(), { pauseAtStart: true }, () => cmd('stepInto'));
    expect(r.pausedAt).toEqual(['a@', 'L@', 'b@0', 'c@0', 'd@0', 'e@0', 'f@0', 'b@1', 'c@1', 'd@1', 'e@1', 'f@1', 'g@']);
  });

  it('step over inside a loop body goes to the next iteration; step out finishes the enclosing block', async () => {
    const over = await debugRun(nested(), { breakpoints: { f: {} } }, () => cmd('stepOver'));
    expect(over.pausedAt).toEqual(['f@0', 'b@1', 'c@1', 'f@1', 'g@']);
    const out = await debugRun(nested(), { breakpoints: { d: {} } }, () => cmd('stepOut'));
    // From inside the if (depth 2) out to the loop body (f), from the loop body out past the loop (g); the
    // breakpoint still fires in the second iteration.
    expect(out.pausedAt).toEqual(['d@0', 'f@0', 'd@1', 'f@1', 'g@']);
    const top = await debugRun(nested(), { breakpoints: { a: {} } }, () => cmd('stepOut'));
    expect(top.pausedAt).toEqual(['a@']);
  });

  it('steps through graph flows too', async () => {
    const flow = graphFlow(
      [s('a', 'core.log', { message: 'a' }), ifStep('c', 'false', []), s('t', 'core.log', { message: 't' }), s('f', 'core.log', { message: 'f' }), s('z', 'core.log', { message: 'z' })],
      [
        ['a', 'out', 'c'],
        ['c', 'true', 't'],
        ['c', 'false', 'f'],
        ['t', 'out', 'z'],
        ['f', 'out', 'z'],
      ],
    );
    const r = await debugRun(flow, { breakpoints: { c: {} } }, () => cmd('stepOver'));
    expectWellFormed(r.events);
    // The branch not taken is skipped, never paused at.
    expect(r.pausedAt).toEqual(['c@', 'f@', 'z@']);
  });

  it('paused time counts against neither the step timeout nor the run timeout', async () => {
    const flow = blockFlow([s('wait', 'core.delay', { ms: 60 }, { timeoutMs: 400 }), s('after', 'core.log', { message: 'x' })]);
    // Paused for longer than both limits, then continued.
    const later = () => new Promise<DebugCommand>((resolve) => setTimeout(() => resolve(cont), 700));
    const r = await debugRun(flow, { breakpoints: { wait: {} } }, later, { runTimeoutMs: 500 });
    expectWellFormed(r.events);
    expect(r.result.status).toBe('succeeded');
    expect(r.statusOf('wait')).toEqual(['succeeded']);
    // The run timeout still holds for the time the run is not paused.
    const slow = blockFlow([s('a', 'core.log', { message: 'a' }), s('wait', 'core.delay', { ms: 2000 })]);
    const t = await debugRun(slow, { breakpoints: { a: {} } }, later, { runTimeoutMs: 300 });
    expect(t.result.status).toBe('timeout');
  });

  it('a run cancelled while paused ends cancelled: the paused step never starts, enclosing loops end cancelled', async () => {
    const ctl = new AbortController();
    const flow = blockFlow([loopStep('L', { count: 3 }, [s('body', 'core.log', { message: 'x' })]), s('after', 'core.log', { message: 'y' })]);
    const r = await debugRun(
      flow,
      { breakpoints: { body: { condition: '{{steps.L.index}} == 1' } } },
      () => {
        setTimeout(() => ctl.abort(), 20);
        return null;
      },
      { signal: ctl.signal },
    );
    expectWellFormed(r.events);
    expect(r.result.status).toBe('cancelled');
    expect(r.started('body').map((e) => e.iteration)).toEqual([[0]]);
    expect(r.statusOf('L')).toEqual(['cancelled']);
    expect(r.finished('after')).toHaveLength(0);
  });

  it('Stop ends the paused run as cancelled', async () => {
    const r = await debugRun(nested(), { breakpoints: { d: {} } }, () => cmd('stop'));
    expectWellFormed(r.events);
    expect(r.result).toMatchObject({ status: 'cancelled', error: { message: expect.stringMatching(/stopped in the debugger/) } });
    expect(r.pausedAt).toEqual(['d@0']);
  });

  it('never pauses without a debug channel, whatever the breakpoints say', async () => {
    const r = await collect(nested(), { debug: { breakpoints: { a: {}, d: {} }, pauseAtStart: true } });
    expect(r.events.some((e) => e.type === 'step-paused')).toBe(false);
    expect(r.result.status).toBe('succeeded');
  });
});

describe('engine: pinned and reused outputs', () => {
  it('skips a pinned step, using its pinned output; a pinned if takes the branch its result says', async () => {
    const flow = blockFlow([
      fn('api', 'throw new Error("would call the network")'),
      ifStep('check', '{{steps.api.result.ok}}', [s('yes', 'core.log', { message: 'yes' })], [s('no', 'core.log', { message: 'no' })]),
      s('use', 'core.text_template', { template: 'v={{steps.api.result.value}}' }),
    ]);
    const r = await collect(flow, { debug: { pins: { api: { result: { ok: true, value: 42 } }, check: { result: false } } } });
    expectWellFormed(r.events);
    expect(r.result.status).toBe('succeeded');
    expect(r.finished('api')[0]).toMatchObject({ status: 'succeeded', outputs: { result: { ok: true, value: 42 } }, reused: { source: 'pin' } });
    expect(r.finished('check')[0]).toMatchObject({ branch: 'else', reused: { source: 'pin' } });
    expect(r.statusOf('yes')).toEqual(['skipped']);
    expect(r.statusOf('no')).toEqual(['succeeded']);
    expect(r.finished('use')[0]?.outputs).toEqual({ text: 'v=42' });
  });

  it('a pinned step never pauses, even with a breakpoint', async () => {
    const flow = blockFlow([s('a', 'core.log', { message: 'a' }), s('b', 'core.log', { message: 'b' })]);
    const r = await debugRun(flow, { pins: { a: { message: 'pinned' } }, breakpoints: { a: {}, b: {} } }, () => cont);
    expect(r.pausedAt).toEqual(['b@']);
  });

  it('run from a step: earlier steps reuse recorded outputs (per loop iteration), the rest runs, marked partial', async () => {
    const flow = nested();
    const first = await collect(flow);
    // What the UI builds from the last run: every step before g reused, by iteration.
    const byIteration = (id: string) => Object.fromEntries(first.finished(id).map((e) => [e.iteration.join('.'), e.outputs]));
    const reuse = Object.fromEntries(['a', 'L', 'b', 'c', 'd', 'e', 'f'].map((id) => [id, { byIteration: byIteration(id), runId: 'run-0' }]));
    const r = await collect(flow, { debug: { reuse, partial: { fromStepId: 'g', mode: 'from', sourceRunId: 'run-0' } } });
    expectWellFormed(r.events);
    expect(r.events[0]).toMatchObject({ type: 'run-started', partial: { fromStepId: 'g', sourceRunId: 'run-0' } });
    expect(r.finished('g')[0]).toMatchObject({ outputs: { text: 'gfd1' } });
    expect(r.finished('g')[0]?.reused).toBeUndefined();
    expect(r.finished('L')[0]).toMatchObject({ reused: { source: 'run', runId: 'run-0' }, outputs: { iterations: 2 } });
    // The reused loop's body did not run either: its steps carry their recorded (last) outputs.
    expect(r.finished('f').map((e) => e.outputs)).toEqual([{ text: 'fd1' }]);
    expect(r.finished('f')[0]?.reused).toEqual({ source: 'run', runId: 'run-0' });
  });

  it('run from a step inside a loop: the loop runs, earlier body steps reuse their output of the same iteration', async () => {
    const flow = nested();
    const first = await collect(flow);
    const byIteration = (id: string) => Object.fromEntries(first.finished(id).map((e) => [e.iteration.join('.'), e.outputs]));
    const reuse = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((id) => [id, { byIteration: byIteration(id), runId: 'run-0' }]));
    const r = await collect(flow, { debug: { reuse } });
    expectWellFormed(r.events);
    expect(r.finished('d').map((e) => [e.iteration, e.reused?.source])).toEqual([
      [[0], 'run'],
      [[1], 'run'],
    ]);
    expect(r.finished('f').map((e) => e.outputs)).toEqual([{ text: 'fd0' }, { text: 'fd1' }]);
    expect(r.finished('f')[0]?.reused).toBeUndefined();
  });

  it('run one step: stops once it has finished, the run succeeds with its output', async () => {
    const flow = blockFlow([s('a', 'core.text_template', { template: 'A' }), s('b', 'core.text_template', { template: '{{steps.a.text}}B' }), s('c', 'core.log', { message: 'c' })]);
    const r = await collect(flow, { debug: { reuse: { a: { byIteration: { '': { text: 'old' } }, runId: 'run-0' } }, stopAfterStepId: 'b', partial: { fromStepId: 'b', toStepId: 'b', mode: 'one' } } });
    expectWellFormed(r.events);
    expect(r.result).toMatchObject({ status: 'succeeded', outputs: { text: 'oldB' } });
    expect(r.finished('c')).toHaveLength(0);
  });

  it('run to here pauses before the step once', async () => {
    const r = await debugRun(nested(), { runToStepId: 'd' }, () => cont);
    expect(r.pausedAt).toEqual(['d@0']);
    expect(r.pauses[0]?.reason).toBe('run-to');
  });
});
