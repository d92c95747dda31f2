import { describe, expect, it } from 'vitest';
import { fn, graphFlow, s } from './test-flows';
import { collect, expectWellFormed } from './test-run';

describe('engine: graph flows', () => {
  const branching = (n: number) =>
    collect(
      graphFlow(
        [
          s('trigger', 'core.manual_trigger'),
          s('check', 'core.if', { condition: '{{inputs.n}} >= 5' }),
          s('big', 'core.text_template', { template: 'big {{inputs.n}}' }),
          s('small', 'core.text_template', { template: 'small {{inputs.n}}' }),
          s('small2', 'core.log', { message: 'still small' }),
          s('join', 'core.output', { value: '{{steps.big.text}}{{steps.small.text}}' }),
        ],
        [
          ['trigger', 'out', 'check'],
          ['check', 'true', 'big'],
          ['check', 'false', 'small'],
          ['small', 'out', 'small2'],
          ['big', 'out', 'join'],
          ['small2', 'out', 'join'],
        ],
      ),
      { inputs: { n } },
    );

  it('follows the true handle, skips the false path, and runs the join once', async () => {
    const r = await branching(7);
    expectWellFormed(r.events);
    expect(r.finished('check')[0]).toMatchObject({ branch: 'then' });
    expect(r.statusOf('big')).toEqual(['succeeded']);
    expect(r.statusOf('small')).toEqual(['skipped']);
    expect(r.statusOf('small2')).toEqual(['skipped']);
    expect(r.statusOf('join')).toEqual(['succeeded']);
    expect(r.result.outputs).toBe('big 7');
  });

  it('follows the false handle', async () => {
    const r = await branching(2);
    expect(r.statusOf('big')).toEqual(['skipped']);
    expect(r.statusOf('small2')).toEqual(['succeeded']);
    expect(r.result.outputs).toBe('small 2');
  });

  it('runs a loop body per iteration, then follows after', async () => {
    const flow = graphFlow(
      [
        fn('list', 'return ["a", "b", "c"];'),
        s('loop', 'core.loop', { mode: 'forEach', items: '{{steps.list.result}}' }),
        s('upper', 'core.text_template', { template: '{{steps.loop.item}}!' }),
        fn('collect', 'return (vars.all ?? "") + steps.upper.text;'),
        s('save', 'core.set_variable', { name: 'all', value: '{{steps.collect.result}}' }),
        s('done', 'core.output', { value: '{{sys.vars.all}}' }),
      ],
      [
        ['list', 'out', 'loop'],
        ['loop', 'body', 'upper'],
        ['upper', 'out', 'collect'],
        ['collect', 'out', 'save'],
        ['loop', 'after', 'done'],
      ],
    );
    const r = await collect(flow);
    expectWellFormed(r.events);
    expect(r.finished('upper').map((e) => e.iteration)).toEqual([[0], [1], [2]]);
    expect(r.finished('loop')[0]).toMatchObject({ status: 'succeeded', branch: '3' });
    expect(r.result.outputs).toBe('a!b!c!');
    // The step after the loop runs after every iteration.
    const doneAt = r.events.findIndex((e) => e.type === 'step-started' && e.stepId === 'done');
    const lastBody = r.events.findLastIndex((e) => e.type === 'step-finished' && e.stepId === 'save');
    expect(doneAt).toBeGreaterThan(lastBody);
  });

  it('runs nested graph loops with iteration paths', async () => {
    const flow = graphFlow(
      [s('outer', 'core.loop', { count: 2 }), s('inner', 'core.loop', { count: 2 }), fn('cell', 'return [steps.outer.index, steps.inner.index];'), s('end', 'core.log', { message: 'end' })],
      [
        ['outer', 'body', 'inner'],
        ['inner', 'body', 'cell'],
        ['outer', 'after', 'end'],
      ],
    );
    const r = await collect(flow);
    expectWellFormed(r.events);
    expect(r.finished('cell').map((e) => [e.iteration, (e.outputs as { result: unknown }).result])).toEqual([
      [[0, 0], [0, 0]],
      [[0, 1], [0, 1]],
      [[1, 0], [1, 0]],
      [[1, 1], [1, 1]],
    ]);
    expect(r.statusOf('end')).toEqual(['succeeded']);
  });

  it('a zero-iteration loop greys its body', async () => {
    const r = await collect(graphFlow([s('loop', 'core.loop', { count: 0 }), s('b', 'core.log', { message: 'x' })], [['loop', 'body', 'b']]));
    expect(r.statusOf('b')).toEqual(['skipped']);
  });

  it('runs independent roots in flow order', async () => {
    const r = await collect(graphFlow([s('a', 'core.log', { message: 'a' }), s('b', 'core.log', { message: 'b' }), s('c', 'core.log', { message: 'c' })], [['b', 'out', 'c']]));
    expect(r.logs().map((l) => l.message)).toEqual(['a', 'b', 'c']);
  });

  it('passes through a disabled step and continues after a failed step with onError continue', async () => {
    const r = await collect(
      graphFlow(
        [s('off', 'core.log', { message: 'x' }, { disabled: true }), fn('bad', 'throw new Error("x")', { onError: 'continue' }), s('end', 'core.log', { message: 'end' })],
        [
          ['off', 'out', 'bad'],
          ['bad', 'out', 'end'],
        ],
      ),
    );
    expect(r.statusOf('off')).toEqual(['skipped']);
    expect(r.statusOf('bad')).toEqual(['failed']);
    expect(r.statusOf('end')).toEqual(['succeeded']);
  });

  it('reports a cycle that is not a loop', async () => {
    const r = await collect(
      graphFlow(
        [s('start', 'core.log', { message: 's' }), s('a', 'core.log', { message: 'a' }), s('b', 'core.log', { message: 'b' })],
        [
          ['start', 'out', 'a'],
          ['a', 'out', 'b'],
          ['b', 'out', 'a'],
        ],
      ),
    );
    expectWellFormed(r.events);
    expect(r.result).toMatchObject({ status: 'failed', error: { code: 'cycle' } });
    expect(r.result.error?.message).toMatch(/cycle/);
  });
});
