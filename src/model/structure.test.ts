import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyFlow, type Flow } from './flow';
import { deriveEdges, fromGraphFlow, fromStepList, isListFaithful, toGraphFlow, toStepList } from './structure';
import { blockFlowArb, graphFlowArb } from './testing/arbitraries';
import { sampleFlow, step } from './testing/fixtures';
import { structuralIssues } from './validate-structure';

describe('toStepList', () => {
  it('flattens blocks with else and end rows and stable keys', () => {
    const rows = toStepList(sampleFlow());
    expect(rows.map((r) => `${'  '.repeat(r.depth)}${r.key}`)).toEqual([
      't', 'c', '  a', '  l', '    b', '  l:end', 'c:else', '  d', 'c:end', 'e',
    ]);
    expect(rows.find((r) => r.key === 'c:else')).toMatchObject({ role: 'else', stepId: 'c', blockKind: 'if' });
  });

  it('shows an else row for an empty else but none for a missing else', () => {
    const f = emptyFlow('f', 'x');
    f.steps = { i: step('i', 'if', { branches: { then: [], else: [] } }), j: step('j', 'if', { branches: { then: [] } }) };
    f.root = ['i', 'j'];
    expect(toStepList(f).map((r) => r.key)).toEqual(['i', 'i:else', 'i:end', 'j', 'j:end']);
  });

  it('lists a graph flow flat in topological order, cycles broken by root order', () => {
    const g: Flow = { ...emptyFlow('g', 'g'), structure: 'graph', steps: { a: step('a'), b: step('b'), c: step('c') }, root: ['a', 'b', 'c'] };
    g.edges = [
      { id: '1', source: 'c', sourcePort: 'out', target: 'a', targetPort: 'in' },
      { id: '2', source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' },
      { id: '3', source: 'b', sourcePort: 'out', target: 'c', targetPort: 'in' },
    ];
    expect(toStepList(g).map((r) => r.stepId)).toEqual(['a', 'b', 'c']);
    g.edges = [{ id: '1', source: 'c', sourcePort: 'out', target: 'a', targetPort: 'in' }];
    expect(toStepList(g).map((r) => `${r.stepId}${r.depth}`)).toEqual(['b0', 'c0', 'a0']);
    expect(isListFaithful(g)).toBe(false);
    g.edges = [
      { id: '1', source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' },
      { id: '2', source: 'b', sourcePort: 'out', target: 'c', targetPort: 'in' },
    ];
    expect(isListFaithful(g)).toBe(true); // a plain chain says everything as a flat list
    expect(isListFaithful(toGraphFlow(sampleFlow()))).toBe(false);
    expect(isListFaithful(sampleFlow())).toBe(true);
  });

  it('round-trips through fromStepList for every block flow', () => {
    fc.assert(
      fc.property(blockFlowArb(), (flow) => {
        const result = fromStepList(toStepList(flow), flow.steps);
        expect(result.ok).toBe(true);
        if (result.ok) expect({ ...flow, root: result.root, steps: result.steps }).toEqual(flow);
      }),
      { numRuns: 150 },
    );
  });
});

describe('fromStepList errors', () => {
  const steps = sampleFlow().steps;
  it.each([
    [[{ stepId: 'c', role: 'step' }, { stepId: 'a', role: 'step' }], /block "c" is not closed/],
    [[{ stepId: 'a', role: 'end' }], /"end" without an open block/],
    [[{ stepId: 'l', role: 'step' }, { stepId: 'l', role: 'else' }], /"else" only belongs to an if/],
    [[{ stepId: 'zz', role: 'step' }], /"zz" does not exist/],
    [[{ stepId: 'a', role: 'step' }, { stepId: 'a', role: 'step' }], /listed twice/],
    [[{ stepId: 'a', role: 'step', depth: 1 }], /depth 1/],
  ] as const)('rejects malformed lists (%#)', (rows, message) => {
    const result = fromStepList([...rows], steps);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(message);
  });

  it('accepts vendor marker rows with their own ids for else/end', () => {
    const result = fromStepList(
      [
        { stepId: 'l', role: 'step', depth: 0 },
        { stepId: 'b', role: 'step', depth: 1 },
        { stepId: 'endloop-9', role: 'end', depth: 0 },
      ],
      steps,
    );
    expect(result.ok && result.steps.l?.branches).toEqual({ body: ['b'] });
  });
});

describe('deriveEdges', () => {
  it('wires branches to the step after the block and never loops back', () => {
    const ids = deriveEdges(sampleFlow()).map((e) => e.id);
    expect(ids).toEqual([
      't:out->c', 'c:true->a', 'c:false->d', 'a:out->l', 'l:body->b', 'l:after->e', 'd:out->e',
    ]);
  });

  it('connects empty branches to the step after the block', () => {
    const f = emptyFlow('f', 'x');
    f.steps = { i: step('i', 'if', { branches: { then: [] } }), n: step('n') };
    f.root = ['i', 'n'];
    expect(deriveEdges(f).map((e) => e.id)).toEqual(['i:true->n', 'i:false->n']);
  });
});

describe('graph round trip', () => {
  it('fromGraphFlow(toGraphFlow(f)) deep-equals f for every block flow', () => {
    fc.assert(
      fc.property(blockFlowArb(), (flow) => {
        const graph = toGraphFlow(flow);
        expect(graph.structure).toBe('graph');
        expect(structuralIssues(graph)).toEqual([]);
        expect(fromGraphFlow(graph)).toEqual(flow);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps untouched step records identical', () => {
    const flow = sampleFlow();
    const back = fromGraphFlow(toGraphFlow(flow));
    expect(back?.steps.a).toBe(flow.steps.a);
  });

  it('returns null for graphs that are not block-shaped', () => {
    const g: Flow = { ...emptyFlow('g', 'g'), structure: 'graph', steps: { a: step('a'), b: step('b'), c: step('c') }, root: ['a', 'b', 'c'] };
    g.edges = [
      { id: '1', source: 'a', sourcePort: 'out', target: 'c', targetPort: 'in' },
      { id: '2', source: 'b', sourcePort: 'out', target: 'c', targetPort: 'in' },
    ];
    expect(fromGraphFlow(g)).toBeNull();
  });

  it('any random graph either is refused or converts back to exactly the same edges', () => {
    fc.assert(
      fc.property(graphFlowArb(), (graph) => {
        const blocks = fromGraphFlow(graph);
        if (blocks === null) return;
        const key = (e: { source: string; sourcePort: string; target: string }) => `${e.source}/${e.sourcePort}/${e.target}`;
        expect(toGraphFlow(blocks).edges.map(key).sort()).toEqual(graph.edges.map(key).sort());
        expect(structuralIssues(blocks)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
