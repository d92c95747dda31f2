import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateSteps } from './copy';
import { toGraphFlow } from './graph';
import { toStepList } from './step-list';
import { blockFlowArb } from './testing/arbitraries';
import { sampleFlow } from './testing/fixtures';
import { structuralIssues } from './validate-structure';

describe('duplicateSteps', () => {
  it('copies blocks with their content after the selection, remapping internal references', () => {
    const flow = sampleFlow();
    flow.steps.b = { ...(flow.steps.b as NonNullable<typeof flow.steps.b>), params: { x: '{{steps.l.index}} {{steps.a.out}}' } };
    const { flow: next, idMap } = duplicateSteps(flow, ['l', 'b']);
    expect(Object.keys(idMap).sort()).toEqual(['b', 'l']);
    const copyL = idMap.l as string;
    const copyB = idMap.b as string;
    expect(next.steps.c?.branches?.then).toEqual(['a', 'l', copyL]);
    expect(next.steps[copyL]?.branches?.body).toEqual([copyB]);
    expect(next.steps[copyB]?.params.x).toBe(`{{steps.${copyL}.index}} {{steps.a.out}}`);
    expect(next.steps.a).toBe(flow.steps.a);
    expect(toStepList(next)).toHaveLength(toStepList(flow).length + 3);
  });

  it('copies graph selections with the edges among them', () => {
    const graph = toGraphFlow(sampleFlow());
    const { flow: next, idMap } = duplicateSteps(graph, ['a', 'l', 'e']);
    expect(next.edges.filter((e) => e.source === idMap.a).map((e) => e.target)).toEqual([idMap.l]);
    expect(next.edges.filter((e) => e.source === idMap.l).map((e) => e.target)).toEqual([idMap.e]);
    expect(structuralIssues(next)).toEqual([]);
  });

  it('keeps random flows well-formed', () => {
    fc.assert(
      fc.property(blockFlowArb({ withRefs: true }), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), fc.boolean(), (flow, picks, asGraph) => {
        const source = asGraph ? toGraphFlow(flow) : flow;
        const ids = Object.keys(source.steps);
        if (ids.length === 0) return;
        const { flow: next, idMap } = duplicateSteps(source, picks.map((p) => ids[p % ids.length] as string));
        expect(structuralIssues(next)).toEqual([]);
        expect(Object.keys(next.steps).length).toBe(ids.length + Object.keys(idMap).length);
      }),
      { numRuns: 150 },
    );
  });
});
