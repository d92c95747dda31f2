import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceHandle } from './flow';
import { toGraphFlow } from './graph';
import { OpError } from './ops';
import { connect, connectionProblem, connectWithReport, disconnect, disconnectWithReport } from './ops-graph';
import { blockFlowArb, graphFlowArb } from './testing/arbitraries';
import { sampleFlow } from './testing/fixtures';
import { structuralIssues } from './validate-structure';

describe('connect / disconnect', () => {
  it('an edit that still has a block shape comes back as blocks, untouched records kept', () => {
    const flow = sampleFlow();
    // Without d -> e, e only follows the then branch: e moves to the end of then.
    const { flow: cut, becameGraph } = disconnectWithReport(flow, 'd:out->e');
    expect(becameGraph).toBe(false);
    expect(cut.structure).toBe('blocks');
    expect(cut.root).toEqual(['t', 'c']);
    expect(cut.steps.c?.branches).toEqual({ then: ['a', 'l', 'e'], else: ['d'] });
    expect(cut.steps.l).toBe(flow.steps.l);
    expect(cut.steps.a).toBe(flow.steps.a);
  });

  it('an edit without a block shape turns the flow into a graph and says so', () => {
    const report = connectWithReport(sampleFlow(), { source: 'a', sourcePort: 'out', target: 'e', targetPort: 'in' });
    expect(report.becameGraph).toBe(true);
    expect(report.flow.structure).toBe('graph');
    expect(report.flow.edges.some((e) => e.id === 'a:out->e')).toBe(true);
    // On a graph flow edits stay in the graph.
    const again = connectWithReport(toGraphFlow(sampleFlow()), { source: 't', sourcePort: 'out', target: 'e', targetPort: 'in' });
    expect(again).toMatchObject({ becameGraph: false, flow: { structure: 'graph' } });
  });

  it('rejects self loops, duplicates, wrong handles, unknown steps and cycles', () => {
    const flow = sampleFlow();
    const c = (source: string, sourcePort: SourceHandle, target: string) => connectionProblem(flow, { source, sourcePort, target, targetPort: 'in' });
    expect(c('a', 'out', 'a')).toMatch(/itself/);
    expect(c('t', 'out', 'c')).toMatch(/already connected/);
    expect(c('a', 'true', 'e')).toMatch(/An action step has no "true" output/);
    expect(c('zz', 'out', 'e')).toMatch(/no step "zz"/);
    expect(c('e', 'out', 't')).toMatch(/cycle/);
    expect(c('b', 'out', 'l')).toMatch(/cycle/);
    expect(() => connect(flow, { source: 'e', sourcePort: 'out', target: 't', targetPort: 'in' })).toThrow(OpError);
    expect(() => disconnect(flow, 'nope')).toThrow(/no connection "nope"/);
  });

  it('keeps random flows well-formed and acyclic', () => {
    const handles: SourceHandle[] = ['out', 'true', 'false', 'body', 'after'];
    fc.assert(
      fc.property(fc.oneof(blockFlowArb(), graphFlowArb()), fc.nat(), fc.nat(), fc.nat(), (flow, a, b, h) => {
        const ids = Object.keys(flow.steps);
        if (ids.length === 0) return;
        const conn = { source: ids[a % ids.length] as string, sourcePort: handles[h % 5] as SourceHandle, target: ids[b % ids.length] as string, targetPort: 'in' };
        let next = flow;
        if (connectionProblem(flow, conn) === null) next = connect(flow, conn);
        else expect(() => connect(flow, conn)).toThrow(OpError);
        const edges = toGraphFlow(next).edges;
        if (edges.length > 0) next = disconnect(next, (edges[a % edges.length] as { id: string }).id);
        expect(structuralIssues(next)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
