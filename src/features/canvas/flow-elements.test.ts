import { describe, expect, it } from 'vitest';
import { insertStep, removeSteps, setPositions, toGraphFlow, wrapInBlock } from '../../model';
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

  it('notices blocks added inside a branch, wrapped around steps, or removed', () => {
    const memo = new FlowElementsMemo();
    let flow = sampleFlow();
    const ids = () => memo.structureOf(flow).edges.map((e) => e.id);
    ids();
    flow = insertStep(flow, step('x', 'if', { branches: { then: [] } }), { parent: 'l', branch: 'body', index: 1 });
    expect(ids()).toContain('b:out->x');
    flow = wrapInBlock(flow, ['e'], step('w', 'loop', { branches: { body: [] } }));
    expect(ids()).toContain('w:body->e');
    flow = removeSteps(flow, ['c']);
    expect(ids()).not.toContain('c:true->a');
    expect(ids()).toContain('t:out->w');
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
