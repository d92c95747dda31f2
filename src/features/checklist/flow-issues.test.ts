import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localSyntax, stepsBefore, validateFlow } from '../../model';
import type { Flow } from '../../model/flow';
import { blockFlowArb, graphFlowArb } from '../../model/testing/arbitraries';
import { flowIssues, runsBeforeTest } from './flow-issues';

/** Random references between random steps (including missing ones and the step itself). */
function withReferences(flow: Flow, picks: Array<[number, number]>): Flow {
  const ids = Object.keys(flow.steps);
  if (ids.length === 0) return flow;
  const steps = { ...flow.steps };
  for (const [a, b] of picks) {
    const from = ids[a % ids.length]!;
    const to = b % (ids.length + 1) === ids.length ? 'gone' : ids[b % ids.length]!;
    const step = steps[from]!;
    steps[from] = { ...step, params: { ...step.params, [`r${b}`]: `x {{steps.${to}.out}}` } };
  }
  return { ...flow, steps };
}

const picks = fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 12 });

describe('flowIssues', () => {
  it('runs-before agrees with the model’s stepsBefore on block flows', () => {
    fc.assert(
      fc.property(blockFlowArb(), (flow) => {
        const before = runsBeforeTest(flow);
        const wrong: string[] = [];
        for (const id of Object.keys(flow.steps)) {
          const expected = new Set(stepsBefore(flow, id));
          for (const other of Object.keys(flow.steps))
            if (before(id, other) !== expected.has(other)) wrong.push(`${other} before ${id}`);
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('reports exactly what validateFlow reports, on block and graph flows', () => {
    fc.assert(
      fc.property(fc.oneof(blockFlowArb({ withRefs: true }), graphFlowArb()), picks, (flow, p) => {
        const f = withReferences(flow, p);
        expect(flowIssues(f, localSyntax)).toEqual(validateFlow(f, localSyntax));
      }),
      { numRuns: 200 },
    );
  });

  it('reports exactly what validateFlow reports on broken structures', () => {
    fc.assert(
      fc.property(blockFlowArb({ withRefs: true }), fc.nat(), (flow, n) => {
        const ids = Object.keys(flow.steps);
        const broken: Flow = {
          ...flow,
          root: [...flow.root, ids[n % Math.max(1, ids.length)] ?? 'x', 'ghost'],
        };
        expect(flowIssues(broken, localSyntax)).toEqual(validateFlow(broken, localSyntax));
      }),
      { numRuns: 100 },
    );
  });
});
