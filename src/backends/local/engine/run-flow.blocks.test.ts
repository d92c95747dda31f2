import { describe, expect, it } from 'vitest';
import { blockFlow, fn, ifStep, loopStep, s } from './test-flows';
import { collect, expectWellFormed } from './test-run';

describe('engine: block flows', () => {
  it('runs a sequence, passing data by reference', async () => {
    const flow = blockFlow(
      [
        s('trigger', 'core.manual_trigger'),
        fn('greet', 'return { greeting: "Hello " + inputs.name, n: steps.trigger.count * 2 };'),
        s('tpl', 'core.text_template', { template: '{{steps.greet.result.greeting}}! n={{steps.greet.result.n}}' }),
        s('raw', 'core.set_variable', { name: 'obj', value: '{{steps.greet.result}}' }),
        s('out', 'core.output', { value: { text: '{{steps.tpl.text}}', obj: '{{sys.vars.obj}}', who: '{{inputs.name}}' } }),
      ],
      { inputs: [{ id: 'name', label: 'Name', type: 'string', required: true }, { id: 'count', label: 'Count', type: 'number', defaultValue: 5 }] },
    );
    const r = await collect(flow, { inputs: { name: 'Ada' } });
    expectWellFormed(r.events);
    expect(r.result.status).toBe('succeeded');
    expect(r.finished('trigger')[0]?.outputs).toEqual({ name: 'Ada', count: 5 });
    expect(r.finished('tpl')[0]?.outputs).toEqual({ text: 'Hello Ada! n=10' });
    // A param that is exactly one reference keeps the raw value (an object here).
    expect(r.started('raw')[0]?.inputs).toEqual({ name: 'obj', value: { greeting: 'Hello Ada', n: 10 } });
    expect(r.result.outputs).toEqual({ text: 'Hello Ada! n=10', obj: { greeting: 'Hello Ada', n: 10 }, who: 'Ada' });
    const runFinished = r.events[r.events.length - 1];
    expect(runFinished).toMatchObject({ type: 'run-finished', status: 'succeeded', outputs: r.result.outputs });
    expect(r.events[0]).toMatchObject({ type: 'run-started', flowId: 'flow-test', inputs: { name: 'Ada', count: 5 }, trigger: 'manual' });
  });

  it('lets code read earlier steps by name as well as by id', async () => {
    const flow = blockFlow([
      s('trigger', 'core.manual_trigger', {}, { title: 'Start' }),
      fn('a', 'return 2;', { title: 'Fetch customer' }),
      fn('b', 'return 3;', { title: 'Fetch customer' }),
      fn('sum', 'return steps["Fetch customer"].result * 10 + steps["Fetch customer (2)"].result + steps.a.result;'),
    ]);
    const r = await collect(flow);
    expect(r.finished('sum')[0]?.outputs).toEqual({ result: 25 });
  });

  it('fails the trigger when a required run input is missing', async () => {
    const flow = blockFlow([s('trigger', 'core.manual_trigger'), s('after', 'core.log', { message: 'x' })], {
      inputs: [{ id: 'name', label: 'Name', type: 'string', required: true }],
    });
    const r = await collect(flow);
    expectWellFormed(r.events);
    expect(r.result).toMatchObject({ status: 'failed', error: { stepId: 'trigger' } });
    expect(r.finished('trigger')[0]?.error?.message).toMatch(/Run input "Name" is required/);
    expect(r.finished('after')).toHaveLength(0);
  });

  it.each([
    [10, 'then', ['succeeded'], ['skipped']],
    [1, 'else', ['skipped'], ['succeeded']],
  ])('takes the right if branch (n=%s → %s) and skips the other', async (n, branch, thenStatus, elseStatus) => {
    const flow = blockFlow([
      ifStep('check', '{{inputs.n}} > 5', [s('big', 'core.log', { message: 'big' }), loopStep('nested', { count: 2 }, [s('deep', 'core.log', { message: 'x' })])], [
        s('small', 'core.log', { message: 'small' }),
      ]),
      s('after', 'core.log', { message: 'after' }),
    ]);
    const r = await collect(flow, { inputs: { n } });
    expectWellFormed(r.events);
    expect(r.finished('check')[0]).toMatchObject({ status: 'succeeded', branch, outputs: { result: branch === 'then' } });
    expect(r.statusOf('big')).toEqual(thenStatus);
    expect(r.statusOf('small')).toEqual(elseStatus);
    if (branch === 'else') {
      // Everything inside the branch not taken is greyed, nested blocks included, and never started.
      expect(r.statusOf('nested')).toEqual(['skipped']);
      expect(r.statusOf('deep')).toEqual(['skipped']);
      expect(r.started('big')).toHaveLength(0);
    }
    expect(r.statusOf('after')).toEqual(['succeeded']);
  });

  it('evaluates a JavaScript condition in the sandbox, with references as literals', async () => {
    const flow = blockFlow([
      fn('data', 'return { items: [1, 2, 3], name: "x" };'),
      ifStep('check', 'steps.data.result.items.length === 3 && {{steps.data.result.name}} === "x"', [s('yes', 'core.log', { message: 'y' })], [s('no', 'core.log', { message: 'n' })]),
    ]);
    const r = await collect(flow);
    expect(r.finished('check')[0]?.branch).toBe('then');
    expect(r.statusOf('no')).toEqual(['skipped']);
  });

  it('runs nested loops with iteration paths', async () => {
    const flow = blockFlow([
      loopStep('outer', { mode: 'count', count: 2 }, [
        loopStep('inner', { mode: 'count', count: 3 }, [fn('cell', 'return steps.outer.index * 10 + steps.inner.index;')]),
      ]),
    ]);
    const r = await collect(flow);
    expectWellFormed(r.events);
    const cells = r.finished('cell').map((e) => [e.iteration, (e.outputs as { result: number }).result]);
    expect(cells).toEqual([
      [[0, 0], 0],
      [[0, 1], 1],
      [[0, 2], 2],
      [[1, 0], 10],
      [[1, 1], 11],
      [[1, 2], 12],
    ]);
    expect(r.finished('inner').map((e) => [e.iteration, e.branch])).toEqual([
      [[0], '3'],
      [[1], '3'],
    ]);
    expect(r.finished('outer')[0]).toMatchObject({ iteration: [], branch: '2', outputs: { iterations: 2 } });
  });

  it('loops forEach over a previous output', async () => {
    const flow = blockFlow([
      fn('list', 'return [{ n: 1 }, { n: 2 }, { n: 3 }];'),
      loopStep('each', { mode: 'forEach', items: '{{steps.list.result}}' }, [
        s('double', 'core.json_stringify', { value: '{{steps.each.item.n}}' }),
        fn('acc', 'return (vars.sum ?? 0) + steps.each.item.n * 2;'),
        s('save', 'core.set_variable', { name: 'sum', value: '{{steps.acc.result}}' }),
      ]),
      s('out', 'core.output', { value: '{{sys.vars.sum}}' }),
    ]);
    const r = await collect(flow);
    expect(r.result).toMatchObject({ status: 'succeeded', outputs: 12 });
    expect(r.finished('double').map((e) => e.outputs)).toEqual([{ text: '1' }, { text: '2' }, { text: '3' }]);
  });

  it('loops forEach over JSON text, and over nothing (body skipped)', async () => {
    const r = await collect(blockFlow([loopStep('each', { mode: 'forEach', items: '["a","b"]' }, [s('say', 'core.log', { message: '{{steps.each.item}}' })])]));
    expect(r.logs().map((l) => l.message)).toEqual(['a', 'b']);
    const empty = await collect(blockFlow([loopStep('each', { mode: 'forEach', items: '[]' }, [s('say', 'core.log', { message: 'x' })])]));
    expect(empty.statusOf('say')).toEqual(['skipped']);
    expect(empty.finished('each')[0]).toMatchObject({ status: 'succeeded', branch: '0' });
  });

  it('runs a while loop until its condition fails', async () => {
    const flow = blockFlow([
      loopStep('w', { mode: 'while', condition: '(vars.i ?? 0) < 3' }, [fn('inc', 'return (vars.i ?? 0) + 1;'), s('set', 'core.set_variable', { name: 'i', value: '{{steps.inc.result}}' })]),
    ]);
    const r = await collect(flow);
    expect(r.result.status).toBe('succeeded');
    expect(r.finished('w')[0]).toMatchObject({ branch: '3', outputs: { iterations: 3 } });
  });

  it('stops a while loop at its iteration cap with a clear error', async () => {
    const flow = blockFlow([loopStep('w', { mode: 'while', condition: 'true', maxIterations: 5 }, [s('tick', 'core.log', { level: 'debug', message: '{{steps.w.index}}' })])]);
    const r = await collect(flow);
    expectWellFormed(r.events);
    expect(r.finished('tick')).toHaveLength(5);
    expect(r.finished('w')[0]).toMatchObject({ status: 'failed', branch: '5' });
    expect(r.finished('w')[0]?.error?.message).toMatch(/cap of 5 iterations/);
    expect(r.result).toMatchObject({ status: 'failed', error: { stepId: 'w' } });
  });

  it('refuses a count loop above the cap before running anything', async () => {
    const r = await collect(blockFlow([loopStep('l', { count: 20, maxIterations: 10 }, [s('x', 'core.log', { message: 'x' })])]));
    expect(r.finished('l')[0]?.error?.message).toMatch(/20 iterations, more than its cap of 10/);
    expect(r.finished('x')).toHaveLength(0);
    expect(r.result.status).toBe('failed');
    // With onError continue the run goes on and the body that never ran is greyed.
    const c = await collect(blockFlow([loopStep('l', { count: 20, maxIterations: 10 }, [s('x', 'core.log', { message: 'x' })], { onError: 'continue' })]));
    expect(c.statusOf('x')).toEqual(['skipped']);
    expect(c.result.status).toBe('succeeded');
  });

  it('onError continue carries on; stop ends the run at the failing step', async () => {
    const failing = (onError: 'stop' | 'continue') =>
      blockFlow([
        fn('bad', 'const a = 1;\nthrow new Error("nope");', { onError }),
        s('next', 'core.output', { value: 'error was: {{steps.bad.error}}' }),
      ]);
    const cont = await collect(failing('continue'));
    expectWellFormed(cont.events);
    expect(cont.finished('bad')[0]).toMatchObject({ status: 'failed', error: { line: 2 } });
    expect(cont.result).toMatchObject({ status: 'succeeded', outputs: 'error was: nope (line 2)' });

    const stop = await collect(failing('stop'));
    expectWellFormed(stop.events);
    expect(stop.finished('next')).toHaveLength(0);
    expect(stop.result).toMatchObject({ status: 'failed', error: { stepId: 'bad' } });
    expect(stop.result.error?.message).toMatch(/nope/);
  });

  it('a failure inside a loop body fails the loop and the run', async () => {
    const r = await collect(blockFlow([loopStep('l', { count: 3 }, [fn('f', 'if (steps.l.index === 1) throw new Error("second");\nreturn 1;')]), s('after', 'core.log', { message: 'x' })]));
    expectWellFormed(r.events);
    expect(r.statusOf('f')).toEqual(['succeeded', 'failed']);
    expect(r.finished('l')[0]).toMatchObject({ status: 'failed', branch: '1' });
    expect(r.result).toMatchObject({ status: 'failed', error: { stepId: 'f' } });
    expect(r.finished('after')).toHaveLength(0);
  });

  it('skips disabled steps (and the contents of disabled blocks)', async () => {
    const r = await collect(
      blockFlow([
        s('off', 'core.log', { message: 'x' }, { disabled: true }),
        ifStep('offIf', 'true', [s('inThen', 'core.log', { message: 'x' })], [], { disabled: true }),
        s('on', 'core.log', { message: 'y' }),
      ]),
    );
    expectWellFormed(r.events);
    expect(r.statusOf('off')).toEqual(['skipped']);
    expect(r.statusOf('offIf')).toEqual(['skipped']);
    expect(r.statusOf('inThen')).toEqual(['skipped']);
    expect(r.statusOf('on')).toEqual(['succeeded']);
  });

  it('reports an unknown module as a failed step', async () => {
    const r = await collect(blockFlow([s('x', 'vendor.mystery')]));
    expect(r.finished('x')[0]?.error?.message).toMatch(/Unknown module "vendor.mystery"/);
    expect(r.result.status).toBe('failed');
  });

  it('warns about references that have no value', async () => {
    const r = await collect(blockFlow([s('t', 'core.text_template', { template: 'x={{steps.later.value}}' }), s('later', 'core.log', { message: 'x' })]));
    expect(r.finished('t')[0]?.outputs).toEqual({ text: 'x=' });
    expect(r.logs().some((l) => l.level === 'warn' && l.stepId === 't' && l.message.includes('{{steps.later.value}}'))).toBe(true);
  });

  it('captures console output as log events of the step', async () => {
    const r = await collect(blockFlow([loopStep('l', { count: 2 }, [fn('f', 'console.log("i =", steps.l.index); console.warn("w");')])]));
    expect(r.logs().map((l) => [l.level, l.message, l.stepId, l.iteration])).toEqual([
      ['info', 'i = 0', 'f', [0]],
      ['warn', 'w', 'f', [0]],
      ['info', 'i = 1', 'f', [1]],
      ['warn', 'w', 'f', [1]],
    ]);
  });

  it('exposes system values and uses the last step output when no output step ran', async () => {
    const r = await collect(blockFlow([s('t', 'core.text_template', { template: '{{sys.runId}}/{{sys.flowId}}/{{sys.trigger}}' })]), { trigger: 'test' });
    expect(r.result.outputs).toEqual({ text: 'run-1/flow-test/test' });
  });
});
