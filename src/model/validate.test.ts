import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Flow } from './flow';
import { toGraphFlow } from './graph';
import { localSyntax } from './references/dialects';
import { blockFlowArb } from './testing/arbitraries';
import { sampleFlow, step } from './testing/fixtures';
import { isStructuralIssue, stepsBefore, validateFlow } from './validate';

function withParams(flow: Flow, id: string, params: Record<string, unknown>): Flow {
  return { ...flow, steps: { ...flow.steps, [id]: { ...(flow.steps[id] ?? step(id)), params } } };
}

describe('stepsBefore', () => {
  it('block flows: earlier siblings with content, enclosing blocks, not the other branch', () => {
    const flow = sampleFlow();
    expect(stepsBefore(flow, 'b')).toEqual(['t', 'c', 'a', 'l']);
    expect(stepsBefore(flow, 'd')).toEqual(['t', 'c']);
    expect(stepsBefore(flow, 'e')).toEqual(['t', 'c', 'a', 'l', 'b', 'd']);
    expect(stepsBefore(flow, 't')).toEqual([]);
  });
  it('graph flows: ancestors', () => {
    const graph = toGraphFlow(sampleFlow());
    expect(stepsBefore(graph, 'd')).toEqual(['t', 'c']);
    expect(stepsBefore(graph, 'e').sort()).toEqual(['a', 'c', 'd', 'l', 't']);
  });
});

describe('validateFlow', () => {
  it('finds dangling and not-before references and empty titles', () => {
    let flow = withParams(sampleFlow(), 'd', { x: '{{steps.a.out}} {{steps.ghost.y}} {{steps.t.ok}}' });
    flow = { ...flow, steps: { ...flow.steps, e: { ...(flow.steps.e ?? step('e')), title: ' ' } } };
    const issues = validateFlow(flow, localSyntax);
    expect(issues.map((i) => `${i.code}:${i.stepId ?? ''}`)).toEqual(['empty-title:e', 'reference-not-before:d', 'dangling-reference:d']);
    expect(issues[1]?.message).toMatch(/"A", which does not run before it/);
    expect(issues[2]?.message).toMatch(/\{\{steps.ghost.y\}\}/);
    expect(issues.some(isStructuralIssue)).toBe(false);
  });
  it('reports structural problems and graph cycles', () => {
    const broken = { ...sampleFlow(), root: ['t', 'c', 'e', 'ghost', 'e'] };
    expect(validateFlow(broken, localSyntax).map((i) => i.code)).toEqual(['missing-step', 'duplicate-id']);
    const graph = toGraphFlow(sampleFlow());
    const cyclic = { ...graph, edges: [...graph.edges, { id: 'back', source: 'e', sourcePort: 'out' as const, target: 't', targetPort: 'in' }] };
    expect(validateFlow(cyclic, localSyntax).map((i) => i.code)).toEqual(['cycle']);
  });
  it('random flows whose references point backwards are clean', () => {
    fc.assert(
      fc.property(blockFlowArb({ withRefs: true }), (flow) => {
        for (const issue of validateFlow(flow, localSyntax)) {
          expect(issue.code === 'reference-not-before' || issue.code === 'dangling-reference').toBe(true);
        }
        expect(validateFlow(flow, localSyntax).filter(isStructuralIssue)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
