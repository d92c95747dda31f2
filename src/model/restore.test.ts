import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyFlow } from './flow';
import { FlowFormatError, restoreFlow } from './restore';
import { toGraphFlow } from './graph';
import { blockFlowArb } from './testing/arbitraries';
import { sampleFlow, step } from './testing/fixtures';

function problemsOf(raw: unknown): string[] {
  try {
    restoreFlow(raw);
  } catch (e) {
    if (e instanceof FlowFormatError) return e.problems;
    throw e;
  }
  throw new Error('expected restoreFlow to refuse the document');
}

describe('restoreFlow', () => {
  it('loads every valid block flow and its graph form unchanged (through JSON)', () => {
    fc.assert(
      fc.property(blockFlowArb({ withRefs: true }), (flow) => {
        expect(restoreFlow(JSON.parse(JSON.stringify(flow)))).toEqual(flow);
        const graph = toGraphFlow(flow);
        expect(restoreFlow(JSON.parse(JSON.stringify(graph)))).toEqual(graph);
      }),
      { numRuns: 100 },
    );
  });

  it('names the path of a bad field', () => {
    const flow = sampleFlow();
    const raw = JSON.parse(JSON.stringify(flow));
    raw.steps.a.params = 'oops';
    expect(problemsOf(raw)).toEqual(['steps.a.params: expected an object']);
    expect(() => restoreFlow(raw)).toThrow('steps.a.params: expected an object');
  });

  it('refuses unknown fields but keeps extensions bags as they are', () => {
    const flow = sampleFlow();
    const raw = JSON.parse(JSON.stringify(flow));
    raw.steps.a.colour = 'red';
    expect(problemsOf(raw)[0]).toMatch(/^steps\.a: unknown field "colour"/);
    const ext = { vendor: { deep: [1, { x: null }] } };
    const ok = restoreFlow({ ...flow, extensions: ext, steps: { ...flow.steps, a: { ...step('a'), extensions: ext } } });
    expect(ok.extensions).toEqual(ext);
    expect(ok.steps.a?.extensions?.vendor).toBe(ext.vendor);
  });

  it('reports missing fields and bad enums', () => {
    const { name: _n, ...noName } = emptyFlow('x', 'y');
    expect(problemsOf(noName)).toEqual(['name: is required']);
    const badKind = { ...emptyFlow('x', 'y'), steps: { a: { ...step('a'), kind: 'switch' } }, root: ['a'] };
    expect(problemsOf(badKind)[0]).toMatch(/^steps\.a\.kind: expected one of "trigger", "action", "if", "loop"/);
  });

  it('checks referential integrity', () => {
    const flow = sampleFlow();
    expect(problemsOf({ ...flow, root: ['t', 'c', 'e', 'nope'] })).toEqual(['root: step "nope" does not exist']);
    expect(problemsOf({ ...flow, root: ['t', 'c', 'e', 'a'] })[0]).toMatch(/"a" appears more than once/);
    expect(problemsOf({ ...flow, root: ['t', 'c'] })).toEqual(['steps.e: the step is not placed in root or any branch']);
    const nested = { ...flow, steps: { ...flow.steps, a: step('a', 'action', { branches: { then: ['e'] } }) }, root: ['t', 'c'] };
    expect(problemsOf(nested)[0]).toMatch(/steps\.a\.branches\.then: an action step has no nested steps/);
    const mismatch = { ...flow, steps: { ...flow.steps, e: step('E') } };
    expect(problemsOf(mismatch)).toContain('steps.e: its id is "E", expected "e"');
    const graph = toGraphFlow(flow);
    expect(problemsOf({ ...graph, edges: [...graph.edges, { id: 'x', source: 'a', sourcePort: 'true', target: 'e', targetPort: 'in' }] })).toEqual([
      'edges.7: an action step has no "true" output',
    ]);
  });

  it('migrates v0 documents (nested step arrays, no schemaVersion)', () => {
    const v0 = {
      id: 'old',
      name: 'Old flow',
      steps: [
        { id: 't', kind: 'trigger', type: 'manual' },
        { id: 'c', kind: 'if', type: 'if', title: 'Check', then: [{ id: 'a', kind: 'action', type: 'http', params: { url: 'x' } }], else: [] },
        { id: 'l', kind: 'loop', type: 'loop' },
      ],
    };
    const flow = restoreFlow(v0);
    expect(flow.schemaVersion).toBe(2);
    expect(flow.root).toEqual(['t', 'c', 'l']);
    expect(flow.steps.c?.branches).toEqual({ then: ['a'], else: [] });
    expect(flow.steps.l?.branches).toEqual({ body: [] });
    expect(flow.steps.a).toEqual({ id: 'a', kind: 'action', type: 'http', title: '', params: { url: 'x' } });
    expect(problemsOf({ ...v0, steps: [{ id: 'a', kind: 'action', type: 'x', body: [] }] })[0]).toMatch(/steps\.0\.body: an action step cannot/);
    expect(problemsOf({ ...v0, steps: [{ id: 'a', kind: 'action', type: 'x' }, { id: 'a', kind: 'action', type: 'y' }] })[0]).toMatch(/used twice/);
  });

  it('refuses non-objects, foreign documents and newer versions', () => {
    expect(problemsOf(42)).toEqual(['(document): expected an object']);
    expect(problemsOf({ nodes: [] })[0]).toMatch(/schemaVersion: is required/);
    expect(problemsOf({ ...emptyFlow('a', 'b'), schemaVersion: 7 })[0]).toMatch(/newer Flowbench/);
  });

  it('normalises block branch lists', () => {
    const flow = emptyFlow('f', 'n');
    flow.steps = { i: step('i', 'if'), l: step('l', 'loop', { branches: {} }), a: step('a', 'action', { branches: { then: [] } }) };
    flow.root = ['i', 'l', 'a'];
    const restored = restoreFlow(flow);
    expect(restored.steps.i?.branches).toEqual({ then: [] });
    expect(restored.steps.l?.branches).toEqual({ body: [] });
    expect(restored.steps.a && 'branches' in restored.steps.a).toBe(false);
  });
});
