import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClipboard, pasteSteps, serializeSteps } from './clipboard';
import { emptyFlow, type Flow } from './flow';
import { connect, connectionProblem } from './ops-graph';
import { fromGraphFlow } from './graph';
import { inputPortIds, outputPortIds, portsOf, portTypeProblem } from './ports';
import { restoreFlow } from './restore';
import { structuralIssues } from './validate-structure';
import { portedGraphFlowArb } from './testing/arbitraries';

function twoNodes(): Flow {
  return {
    ...emptyFlow('f', 'Ports', 'vendor'),
    structure: 'graph',
    root: ['sw', 'dbg', 'llm'],
    steps: {
      sw: { id: 'sw', kind: 'action', type: 'switch', title: 'Switch', params: {}, ports: { inputs: [{ id: 'in' }], outputs: [{ id: '0' }, { id: '1' }] } },
      dbg: { id: 'dbg', kind: 'action', type: 'debug', title: 'Debug', params: {} },
      llm: {
        id: 'llm',
        kind: 'action',
        type: 'model',
        title: 'Model',
        params: {},
        ports: { inputs: [{ id: 'input_value', types: ['Message'], multiple: false }, { id: 'system', types: ['Message', 'Text'] }], outputs: [{ id: 'text', types: ['Message'] }] },
      },
    },
  };
}

describe('ports', () => {
  it('falls back from the step to the module to the kind', () => {
    expect(portsOf({ kind: 'if' }).outputs.map((p) => p.id)).toEqual(['true', 'false']);
    expect(portsOf({ kind: 'trigger' }).inputs).toEqual([]);
    expect(portsOf({ kind: 'action' }, { ports: { inputs: [], outputs: [{ id: 'x' }] } }).outputs[0]!.id).toBe('x');
    const flow = twoNodes();
    expect(outputPortIds(flow.steps.sw!)).toEqual(['0', '1']);
    expect(inputPortIds(flow.steps.dbg!)).toEqual(['in']);
  });

  it('connects a second output port and a named input port, and refuses what does not fit with a reason', () => {
    let flow = connect(twoNodes(), { source: 'sw', sourcePort: '1', target: 'dbg' });
    expect(flow.edges).toEqual([{ id: 'sw:1->dbg', source: 'sw', sourcePort: '1', target: 'dbg', targetPort: 'in' }]);
    expect(connectionProblem(flow, { source: 'sw', sourcePort: '2', target: 'dbg' })).toMatch(/no "2" output/);
    expect(connectionProblem(flow, { source: 'sw', sourcePort: '0', target: 'llm', targetPort: 'nope' })).toMatch(/no "nope" input/);
    flow = connect(flow, { source: 'sw', sourcePort: '0', target: 'llm', targetPort: 'system' });
    expect(flow.edges.at(-1)!.id).toBe('sw:0->llm:system');
    expect(portTypeProblem({ id: 'a', types: ['Data'] }, { id: 'b', types: ['Message', 'Text'] })).toMatch(/gives Data.*accepts Message \| Text/);
    expect(portTypeProblem({ id: 'a', types: ['Message'] }, { id: 'b', types: ['Message'] })).toBeNull();
  });

  it('an input that takes one connection refuses a second', () => {
    const base = twoNodes();
    base.steps.dbg = { ...base.steps.dbg!, ports: { inputs: [{ id: 'in' }], outputs: [{ id: 'out', types: ['Message'] }] } };
    const flow = connect(base, { source: 'dbg', sourcePort: 'out', target: 'llm', targetPort: 'input_value' });
    expect(connectionProblem({ ...flow, root: [...flow.root, 'x'], steps: { ...flow.steps, x: { ...flow.steps.dbg!, id: 'x' } } }, { source: 'x', sourcePort: 'out', target: 'llm', targetPort: 'input_value' })).toMatch(/takes one connection/);
  });

  it('structure checks name a missing input port', () => {
    const flow = twoNodes();
    flow.edges = [{ id: 'e', source: 'sw', sourcePort: '0', target: 'llm', targetPort: 'missing' }];
    expect(structuralIssues(flow).map((i) => i.message)).toEqual(['edges.0: step "llm" has no "missing" input']);
  });

  it('a graph with ports never becomes blocks', () => {
    const flow = connect(twoNodes(), { source: 'sw', sourcePort: '0', target: 'dbg' });
    expect(fromGraphFlow(flow)).toBeNull();
  });

  it('migrates a schema 1 document: sourceHandle becomes sourcePort, edges end at "in"', () => {
    const v1 = {
      ...emptyFlow('g', 'Old graph'),
      schemaVersion: 1,
      structure: 'graph',
      root: ['a', 'b'],
      steps: { a: { id: 'a', kind: 'if', type: 'core.if', title: 'If', params: {} }, b: { id: 'b', kind: 'action', type: 'core.log', title: 'Log', params: {} } },
      edges: [{ id: 'a:false->b', source: 'a', sourceHandle: 'false', target: 'b' }],
    };
    const flow = restoreFlow(v1);
    expect(flow.schemaVersion).toBe(2);
    expect(flow.edges).toEqual([{ id: 'a:false->b', source: 'a', sourcePort: 'false', target: 'b', targetPort: 'in' }]);
  });

  it('pastes clipboard text of version 1', () => {
    const text = JSON.stringify({
      format: 'flowbench/steps',
      version: 1,
      dialect: 'local',
      steps: { a: { id: 'a', kind: 'action', type: 'core.log', title: 'A', params: {} }, b: { id: 'b', kind: 'action', type: 'core.log', title: 'B', params: {} } },
      root: ['a', 'b'],
      edges: [{ id: 'a:out->b', source: 'a', sourceHandle: 'out', target: 'b' }],
    });
    const payload = parseClipboard(text);
    expect(payload.edges).toEqual([{ id: 'a:out->b', source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' }]);
  });

  it('any graph with ports survives save/restore and copy/paste unchanged', () => {
    fc.assert(
      fc.property(portedGraphFlowArb(), (flow) => {
        expect(structuralIssues(flow)).toEqual([]);
        const restored = restoreFlow(JSON.parse(JSON.stringify(flow)));
        expect(restored).toEqual(flow);
        // Copy everything into an empty graph: same shape under new ids.
        const payload = parseClipboard(serializeSteps(flow, flow.root));
        const target: Flow = { ...emptyFlow('t', 'T', 'vendor'), structure: 'graph' };
        const { flow: pasted, pastedIds } = pasteSteps(target, payload, { parent: null, branch: null, index: 0 });
        expect(pastedIds).toHaveLength(flow.root.length);
        const idOf = new Map(flow.root.map((id, i) => [pastedIds[i]!, id]));
        const back = pasted.edges.map((e) => ({ ...e, id: '', source: idOf.get(e.source), target: idOf.get(e.target) }));
        expect(back).toEqual(flow.edges.map((e) => ({ ...e, id: '' })));
        for (const id of pastedIds) expect(pasted.steps[id]!.ports).toEqual(flow.steps[idOf.get(id)!]!.ports);
      }),
      { numRuns: 150 },
    );
  });
});
