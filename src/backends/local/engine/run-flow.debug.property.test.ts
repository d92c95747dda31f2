/**
 * Property: a run with breakpoints (and step commands) that is continued at every pause produces the same
 * step results, in the same order, as the same run without the debugger.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DebugCommand } from '../../debug';
import type { TraceEvent } from '../../trace';
import { debugRun } from './test-debug';
import { blockFlow, ifStep, loopStep, s, type StepSpec } from './test-flows';
import { collect, expectWellFormed } from './test-run';

let counter = 0;
const nextId = () => `s${counter++}`;

/** Random nested block lists: templates that read loop indexes and earlier outputs, ifs on parity, loops. */
function specs(depth: number, loops: string[]): fc.Arbitrary<StepSpec[]> {
  const leaf = fc.constantFrom('plain', 'index', 'var').map((kind): StepSpec => {
    const id = nextId();
    const loop = loops[loops.length - 1];
    if (kind === 'index' && loop) return s(id, 'core.text_template', { template: `${id}:{{steps.${loop}.index}}` });
    if (kind === 'var') return s(id, 'core.set_variable', { name: 'last', value: `${id}-{{sys.vars.last}}` });
    return s(id, 'core.text_template', { template: `${id}` });
  });
  if (depth <= 0) return fc.array(leaf, { minLength: 1, maxLength: 3 });
  const block: fc.Arbitrary<StepSpec> = fc.oneof(
    { weight: 3, arbitrary: leaf },
    {
      weight: 1,
      arbitrary: fc.constant(null).chain(() => {
        const id = nextId();
        return fc.tuple(specs(depth - 1, [...loops, id]), fc.integer({ min: 0, max: 3 })).map(([body, count]) => loopStep(id, { count }, body));
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constant(null).chain(() => {
        const id = nextId();
        const loop = loops[loops.length - 1];
        const condition = loop ? `{{steps.${loop}.index}} == 1` : 'true';
        return fc.tuple(specs(depth - 1, loops), specs(depth - 1, loops)).map(([then, otherwise]) => ifStep(id, condition, then, otherwise));
      }),
    },
  );
  return fc.array(block, { minLength: 1, maxLength: 4 });
}

const results = (events: TraceEvent[]) =>
  events.flatMap((e) => (e.type === 'step-finished' ? [{ stepId: e.stepId, iteration: e.iteration.join('.'), status: e.status, outputs: e.outputs, branch: e.branch }] : []));

describe('engine: the debugger changes no results', () => {
  it('continued at every pause, a run gives the same step outputs as without breakpoints', async () => {
    const commands: DebugCommand['type'][] = ['continue', 'stepOver', 'stepInto', 'stepOut'];
    await fc.assert(
      fc.asyncProperty(
        specs(2, []).chain((root) => {
          const flow = blockFlow(root);
          const ids = Object.keys(flow.steps);
          return fc.record({
            flow: fc.constant(flow),
            breakpoints: fc.subarray(ids),
            conditional: fc.boolean(),
            answers: fc.array(fc.constantFrom(...commands), { minLength: 1, maxLength: 8 }),
            pauseAtStart: fc.boolean(),
          });
        }),
        async ({ flow, breakpoints, conditional, answers, pauseAtStart }) => {
          const plain = await collect(flow);
          const bps = Object.fromEntries(breakpoints.map((id, i) => [id, conditional && i % 2 === 0 ? { condition: '{{sys.vars.last}} != "never"' } : {}]));
          const debugged = await debugRun(flow, { breakpoints: bps, pauseAtStart }, (_p, i) => ({ type: answers[i % answers.length]! }));
          expectWellFormed(debugged.events);
          expect(debugged.result.status).toBe(plain.result.status);
          expect(results(debugged.events)).toEqual(results(plain.events));
          if (pauseAtStart || breakpoints.length > 0) {
            // It did stop somewhere whenever a breakpointed step (or the first) ran.
            const ran = new Set(plain.events.flatMap((e) => (e.type === 'step-started' ? [e.stepId] : [])));
            if (pauseAtStart ? ran.size > 0 : breakpoints.some((id) => ran.has(id))) expect(debugged.pauses.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 60, seed: 20261204 },
    );
  });
});
