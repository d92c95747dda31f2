import { describe, expect, it } from 'vitest';
import { deriveEdges, edgeId, toGraphFlow } from '../../model';
import { sampleFlow, step } from '../../model/testing/fixtures';
import type { Edge } from '../../model/flow';
import { insertOnEdge, slotForEdge } from './insert';

const edge = (source: string, sourcePort: Edge['sourcePort'], target: string): Edge => ({ id: edgeId(source, sourcePort, target), source, sourcePort, target, targetPort: 'in' });

describe('slotForEdge (block flows)', () => {
  const flow = sampleFlow(); // t, c(if: then [a, l(loop: [b])], else [d]), e
  it('puts a step on a plain edge right after its source', () => {
    expect(slotForEdge(flow, edge('t', 'out', 'c'))).toEqual({ parent: null, branch: null, index: 1 });
    expect(slotForEdge(flow, edge('a', 'out', 'l'))).toEqual({ parent: 'c', branch: 'then', index: 1 });
  });
  it('puts a step on a branch edge first in that branch', () => {
    expect(slotForEdge(flow, edge('c', 'true', 'a'))).toEqual({ parent: 'c', branch: 'then', index: 0 });
    expect(slotForEdge(flow, edge('c', 'false', 'd'))).toEqual({ parent: 'c', branch: 'else', index: 0 });
    expect(slotForEdge(flow, edge('l', 'body', 'b'))).toEqual({ parent: 'l', branch: 'body', index: 0 });
  });
  it('keeps a step on an edge leaving a branch inside that branch', () => {
    expect(slotForEdge(flow, edge('d', 'out', 'e'))).toEqual({ parent: 'c', branch: 'else', index: 1 });
  });
});

describe('insertOnEdge', () => {
  it('inserts between the two ends of a block flow edge', () => {
    const flow = sampleFlow();
    const { flow: next } = insertOnEdge(flow, step('n'), edge('t', 'out', 'c'));
    expect(next.root).toEqual(['t', 'n', 'c', 'e']);
    const ids = deriveEdges(next).map((e) => e.id);
    expect(ids).toContain('t:out->n');
    expect(ids).toContain('n:out->c');
  });

  it('rewires a graph flow edge through the new step', () => {
    const graph = toGraphFlow(sampleFlow());
    const target = graph.edges.find((e) => e.source === 'c' && e.sourcePort === 'false')!;
    const { flow: next } = insertOnEdge(graph, step('n', 'if'), target, { x: 10, y: 20 });
    const ids = next.edges.map((e) => e.id);
    expect(ids).not.toContain(target.id);
    expect(ids).toContain('c:false->n');
    expect(ids).toContain(`n:true->${target.target}`);
    expect(ids).toContain(`n:false->${target.target}`);
    expect(next.steps.n!.position).toEqual({ x: 10, y: 20 });
  });
});
