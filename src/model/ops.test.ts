import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Flow, Slot, StepId } from './flow';
import { toGraphFlow } from './graph';
import { indentStep, insertStep, insertSteps, moveStep, OpError, outdentStep, removeSteps, slotOf, wrapInBlock } from './ops';
import { toStepList } from './step-list';
import { blockFlowArb, graphFlowArb } from './testing/arbitraries';
import { sampleFlow, step } from './testing/fixtures';
import { structuralIssues } from './validate-structure';

const outline = (flow: Flow): string[] => toStepList(flow).map((r) => `${'  '.repeat(r.depth)}${r.key}`);

describe('structure ops', () => {
  it('slotOf finds nested steps', () => {
    expect(slotOf(sampleFlow(), 'b')).toEqual({ parent: 'l', branch: 'body', index: 0 });
    expect(slotOf(sampleFlow(), 'nope')).toBeNull();
  });

  it('insertStep normalises blocks and keeps other records', () => {
    const flow = sampleFlow();
    const next = insertStep(flow, step('n', 'loop'), { parent: 'c', branch: 'else', index: 1 });
    expect(next.steps.c?.branches?.else).toEqual(['d', 'n']);
    expect(next.steps.n?.branches).toEqual({ body: [] });
    expect(next.steps.a).toBe(flow.steps.a);
    expect(() => insertStep(flow, step('a'), { parent: null, branch: null, index: 0 })).toThrow(OpError);
    expect(() => insertStep(flow, step('z'), { parent: 'a', branch: 'then', index: 0 })).toThrow(/action step has no "then" branch/);
    expect(() => insertStep(flow, step('z'), { parent: null, branch: null, index: 9 })).toThrow(/outside the top level/);
  });

  it('insertSteps adds a nested group; in a graph flow as edges', () => {
    const group = [step('x', 'if', { branches: { then: ['y'] } }), step('y')];
    const flow = insertSteps(sampleFlow(), group, ['x'], { parent: null, branch: null, index: 3 });
    expect(outline(flow).slice(-3)).toEqual(['x', '  y', 'x:end']);
    const graph = insertSteps(toGraphFlow(sampleFlow()), group, ['x'], { parent: null, branch: null, index: 0 });
    expect(graph.root.slice(0, 2)).toEqual(['x', 'y']);
    expect(graph.edges.filter((e) => e.source === 'x').map((e) => e.id)).toEqual(['x:true->y']);
    expect(() => insertSteps(sampleFlow(), [step('x', 'if', { branches: { then: ['q'] } })], ['x'], { parent: null, branch: null, index: 0 })).toThrow(
      /not a well-formed group/,
    );
  });

  it('removeSteps removes nested steps and graph edges', () => {
    const flow = removeSteps(sampleFlow(), ['c']);
    expect(Object.keys(flow.steps).sort()).toEqual(['e', 't']);
    const graph = removeSteps(toGraphFlow(sampleFlow()), ['l']);
    expect(graph.edges.some((e) => e.source === 'l' || e.target === 'l')).toBe(false);
    expect(graph.steps.b).toBeDefined(); // graph flows have no nesting
  });

  it('moveStep uses pre-move gaps and refuses moving a block into itself', () => {
    expect(moveStep(sampleFlow(), 't', { parent: null, branch: null, index: 3 }).root).toEqual(['c', 'e', 't']);
    expect(moveStep(sampleFlow(), 'e', { parent: null, branch: null, index: 0 }).root).toEqual(['e', 't', 'c']);
    expect(moveStep(sampleFlow(), 'e', { parent: 'l', branch: 'body', index: 1 }).steps.l?.branches?.body).toEqual(['b', 'e']);
    expect(() => moveStep(sampleFlow(), 'c', { parent: 'l', branch: 'body', index: 0 })).toThrow(/into itself/);
  });

  it('indent and outdent', () => {
    const indented = indentStep(sampleFlow(), 'e');
    expect(indented.steps.c?.branches?.else).toEqual(['d', 'e']);
    expect(outdentStep(indented, 'e')).toEqual(sampleFlow());
    expect(() => indentStep(sampleFlow(), 'c')).toThrow(/right above/);
    expect(() => outdentStep(sampleFlow(), 't')).toThrow(/not inside a block/);
  });

  it('wrapInBlock wraps contiguous siblings only', () => {
    const flow = wrapInBlock(sampleFlow(), ['e', 'c'], step('w', 'loop'));
    expect(outline(flow).slice(0, 3)).toEqual(['t', 'w', '  c']);
    expect(flow.steps.w?.branches?.body).toEqual(['c', 'e']);
    expect(() => wrapInBlock(sampleFlow(), ['t', 'e'], step('w', 'if'))).toThrow(/gaps/);
    expect(() => wrapInBlock(sampleFlow(), ['t', 'a'], step('w', 'if'))).toThrow(/same list/);
  });
});

/** Applies one random op; OpError (an impossible request) is a fine outcome, anything else is a bug. */
function randomOp(flow: Flow, [op, a, b, c]: [number, number, number, number]): Flow {
  const ids = Object.keys(flow.steps);
  const pick = (n: number): StepId => ids[n % Math.max(ids.length, 1)] ?? 'none';
  const blocks = ids.filter((id) => flow.steps[id]?.kind === 'if' || flow.steps[id]?.kind === 'loop');
  const slot = (n: number, m: number): Slot => {
    const parent = n % 3 === 0 || blocks.length === 0 ? null : (blocks[n % blocks.length] as StepId);
    const kind = parent ? flow.steps[parent]?.kind : undefined;
    const branch = parent === null ? null : kind === 'loop' ? 'body' : m % 2 === 0 ? 'then' : 'else';
    const list = parent === null ? flow.root : (flow.steps[parent]?.branches?.[branch ?? 'then'] ?? []);
    return { parent, branch, index: m % (list.length + 1) };
  };
  try {
    switch (op % 7) {
      case 0:
        return insertStep(flow, step(`new${a}`, (['action', 'if', 'loop'] as const)[b % 3]), slot(b, c));
      case 1:
        return removeSteps(flow, [pick(a), pick(b)]);
      case 2:
        return moveStep(flow, pick(a), slot(b, c));
      case 3:
        return indentStep(flow, pick(a));
      case 4:
        return outdentStep(flow, pick(a));
      case 5:
        return wrapInBlock(flow, [pick(a)], step(`w${b}`, b % 2 ? 'if' : 'loop'));
      default:
        return insertSteps(flow, [step('g1', 'if', { branches: { then: ['g2'], else: [] } }), step('g2')], ['g1'], slot(a, b));
    }
  } catch (e) {
    if (e instanceof OpError) return flow;
    throw e;
  }
}

describe('structure ops keep flows well-formed', () => {
  const opsArb = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 });
  it('on block flows', () => {
    fc.assert(
      fc.property(blockFlowArb(), opsArb, (flow, ops) => {
        const after = ops.reduce(randomOp, flow);
        expect(structuralIssues(after)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
  it('on graph flows', () => {
    fc.assert(
      fc.property(graphFlowArb(), opsArb, (flow, ops) => {
        expect(structuralIssues(ops.reduce(randomOp, flow))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
