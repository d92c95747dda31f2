import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flowIndex, topologicalOrderOf } from './analysis';
import { emptyFlow, type Edge, type Flow, type StepId } from './flow';
import { edgeId } from './graph';
import { stepsBefore } from './validate';
import { stepsOnCycles } from './validate-structure';
import { childList, slotIndex, subtreeOf } from './tree';
import { blockFlowArb, graphFlowArb, portedGraphFlowArb } from './testing/arbitraries';

/** The plain definitions the index must agree with: walk the tree, or every ancestor in the graph. */
function referenceBefore(flow: Flow, id: StepId): Set<StepId> {
  if (flow.structure === 'graph') {
    const seen = new Set<StepId>();
    const stack = flow.edges.filter((e) => e.target === id).map((e) => e.source);
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (seen.has(s) || s === id) continue;
      seen.add(s);
      for (const e of flow.edges) if (e.target === s) stack.push(e.source);
    }
    return seen;
  }
  const slots = slotIndex(flow);
  const before = new Set<StepId>();
  let current: StepId | null = id;
  while (current !== null) {
    const slot = slots.get(current);
    if (!slot) break;
    for (const sib of (childList(flow, slot.parent, slot.branch) ?? []).slice(0, slot.index)) for (const s of subtreeOf(flow, sib)) before.add(s);
    if (slot.parent !== null) before.add(slot.parent);
    current = slot.parent;
  }
  return before;
}

/** The old quadratic sort, as the specification of the order. */
function referenceTopo(flow: Flow): StepId[] {
  const ids = flow.root.filter((id, i) => flow.steps[id] && flow.root.indexOf(id) === i);
  const indegree = new Map(ids.map((id) => [id, 0]));
  for (const e of flow.edges) if (indegree.has(e.source) && indegree.has(e.target)) indegree.set(e.target, indegree.get(e.target)! + 1);
  const order: StepId[] = [];
  const done = new Set<StepId>();
  while (order.length < ids.length) {
    const remaining = ids.filter((id) => !done.has(id));
    const next = remaining.find((id) => indegree.get(id) === 0) ?? remaining[0]!;
    done.add(next);
    order.push(next);
    for (const e of flow.edges) if (e.source === next && indegree.has(e.target)) indegree.set(e.target, indegree.get(e.target)! - 1);
  }
  return order;
}

describe('flowIndex', () => {
  it('runs-before agrees with the plain definition on block and graph flows', () => {
    fc.assert(
      fc.property(fc.oneof(blockFlowArb(), graphFlowArb(), portedGraphFlowArb()), (flow) => {
        const index = flowIndex(flow);
        const wrong: string[] = [];
        for (const id of Object.keys(flow.steps)) {
          const expected = referenceBefore(flow, id);
          for (const other of Object.keys(flow.steps)) if (index.runsBefore(id, other) !== expected.has(other)) wrong.push(`${other} before ${id}`);
          expect(new Set(stepsBefore(flow, id))).toEqual(expected);
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('sorts like the plain quadratic sort, cycles included', () => {
    fc.assert(
      fc.property(graphFlowArb(), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }), (flow, back) => {
        // Add a few back edges so some graphs have cycles.
        const ids = flow.root;
        const edges: Edge[] = [...flow.edges];
        for (const [a, b] of back) {
          if (ids.length < 2) break;
          const s = ids[a % ids.length]!;
          const t = ids[b % ids.length]!;
          if (s !== t) edges.push({ id: edgeId(s, 'out', t) + `#${edges.length}`, source: s, sourcePort: 'out', target: t, targetPort: 'in' });
        }
        const g = { ...flow, edges };
        expect(topologicalOrderOf(g)).toEqual(referenceTopo(g));
      }),
      { numRuns: 200 },
    );
  });

  it('is reused while only positions or params change, and rebuilt when the structure changes', () => {
    const flow: Flow = {
      ...emptyFlow('f', 'F'),
      structure: 'graph',
      root: ['a', 'b'],
      steps: { a: { id: 'a', kind: 'action', type: 't', title: 'A', params: {} }, b: { id: 'b', kind: 'action', type: 't', title: 'B', params: {} } },
      edges: [{ id: 'e', source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' }],
    };
    const index = flowIndex(flow);
    const dragged = { ...flow, steps: { ...flow.steps, a: { ...flow.steps.a!, position: { x: 5, y: 5 } } } };
    expect(flowIndex(dragged)).toBe(index);
    const rewired = { ...flow, edges: [] };
    expect(flowIndex(rewired)).not.toBe(index);
    expect(flowIndex(rewired).runsBefore('b', 'a')).toBe(false);
  });

  it('handles a 5,000-step chain without deep recursion', () => {
    const n = 5000;
    const steps: Flow['steps'] = {};
    const root: StepId[] = [];
    const edges: Edge[] = [];
    for (let i = 0; i < n; i++) {
      const id = `s${i}`;
      steps[id] = { id, kind: 'action', type: 't', title: id, params: {} };
      root.push(id);
      if (i > 0) edges.push({ id: `e${i}`, source: `s${i - 1}`, sourcePort: 'out', target: id, targetPort: 'in' });
    }
    const index = flowIndex({ ...emptyFlow('big', 'Big'), structure: 'graph', steps, root, edges });
    expect(index.runsBefore(`s${n - 1}`, 's0')).toBe(true);
    expect(index.runsBefore('s0', `s${n - 1}`)).toBe(false);
    expect(index.order[n - 1]).toBe(`s${n - 1}`);
  });

  it('finds the steps on cycles like a reachability walk per step', () => {
    fc.assert(
      fc.property(graphFlowArb(), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }), (flow, back) => {
        const ids = flow.root;
        const edges: Edge[] = [...flow.edges];
        for (const [a, b] of back) {
          if (ids.length < 2) break;
          const s = ids[a % ids.length]!;
          const t = ids[b % ids.length]!;
          if (s !== t) edges.push({ id: `back${edges.length}`, source: s, sourcePort: 'out', target: t, targetPort: 'in' });
        }
        const reaches = (from: StepId, to: StepId): boolean => {
          const seen = new Set<StepId>();
          const stack = edges.filter((e) => e.source === from && e.source !== e.target).map((e) => e.target);
          while (stack.length > 0) {
            const v = stack.pop()!;
            if (v === to) return true;
            if (seen.has(v)) continue;
            seen.add(v);
            for (const e of edges) if (e.source === v && e.source !== e.target) stack.push(e.target);
          }
          return false;
        };
        const nodes = [...new Set([...ids, ...edges.flatMap((e) => [e.source, e.target])])];
        expect(stepsOnCycles({ root: ids, edges })).toEqual(nodes.filter((id) => reaches(id, id)));
      }),
      { numRuns: 200 },
    );
  });
});
