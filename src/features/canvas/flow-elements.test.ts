import { describe, expect, it } from 'vitest';
import { insertStep, setPositions, toGraphFlow } from '../../model';
import { sampleFlow, step } from '../../model/testing/fixtures';
import { FlowElementsMemo } from './flow-elements';

describe('FlowElementsMemo', () => {
  it('derives the edges of a block flow once per structure, not per position change', () => {
    const memo = new FlowElementsMemo();
    const flow = sampleFlow();
    const a = memo.structureOf(flow);
    expect(a.order).toEqual(['t', 'c', 'a', 'l', 'b', 'd', 'e']);
    expect(a.edges.map((e) => e.id)).toContain('c:true->a');
    const moved = setPositions(flow, { a: { x: 1, y: 2 } });
    expect(memo.structureOf(moved).edges).toBe(a.edges);
    const inserted = insertStep(moved, step('n'), { parent: null, branch: null, index: 3 });
    const b = memo.structureOf(inserted);
    expect(b.edges).not.toBe(a.edges);
    expect(b.edges.map((e) => e.id)).toContain('e:out->n');
  });

  it('uses the stored edges of a graph flow', () => {
    const graph = toGraphFlow(sampleFlow());
    expect(new FlowElementsMemo().structureOf(graph).edges).toBe(graph.edges);
  });

  it('positions every step, automatically when it has no position of its own', () => {
    const memo = new FlowElementsMemo();
    const flow = sampleFlow();
    const auto = memo.positionsOf(flow);
    expect(auto.automatic).toBe(7);
    expect(auto.positions.size).toBe(7);
    const pinned = setPositions(flow, Object.fromEntries([...auto.positions].map(([id, p]) => [id, p])));
    const own = memo.positionsOf(pinned);
    expect(own.automatic).toBe(0);
    expect(own.positions.get('a')).toEqual(auto.positions.get('a'));
  });
});
