import { describe, expect, it } from 'vitest';
import { MODULES } from '../../../server/vflow/catalog';
import { defaultFixtures } from '../../../server/vflow/fixtures';
import type { Flow } from '../../model/flow';
import { toStepList } from '../../model/structure';
import { catalogFrom, flowToWorkflow, inferType, workflowRequestBody, workflowToFlow } from './mapping';
import { workflowSchema, type VflowWorkflow } from './schemas';

const catalog = catalogFrom(MODULES.map((m) => ({ id: m.id, category: m.metadata.category, blockBehavior: m.blockBehavior })));

function fixture(id: string): VflowWorkflow {
  const wf = defaultFixtures().workflows.find((w) => w.id === id);
  if (!wf) throw new Error(`no fixture ${id}`);
  return workflowSchema.parse(wf);
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

describe('vFlow mapping', () => {
  it.each(defaultFixtures().workflows.map((w) => [String(w.name), w] as const))('round trips fixture %s unchanged', (_name, raw) => {
    const wf = workflowSchema.parse(raw);
    const { flow, managed } = workflowToFlow(deepFreeze(structuredClone(wf)), catalog);
    expect(flow.dialect).toBe('vflow');
    expect(flow.structure).toBe('blocks');
    expect(flowToWorkflow(deepFreeze(flow), catalog, { managed })).toStrictEqual(raw);
  });

  it('builds if / else / endif blocks and keeps the marker rows', () => {
    const { flow } = workflowToFlow(fixture('wf-002'), catalog);
    expect(flow.root).toEqual(['step-001', 'step-002', 'step-003', 'step-009']);
    const cond = flow.steps['step-003']!;
    expect(cond.kind).toBe('if');
    expect(cond.branches).toEqual({ then: ['step-004', 'step-005'], else: ['step-007'] });
    // The fixture's else / endif ids differ from the synthesised ones, so they are remembered.
    expect(cond.extensions).toEqual({ vflow: { else: { id: 'step-006' }, end: { id: 'step-008' } } });
    expect(flow.steps['step-006']).toBeUndefined();
    expect(toStepList(flow).map((r) => `${r.role}:${r.depth}`)).toEqual([
      'step:0', 'step:0', 'step:0', 'step:1', 'step:1', 'else:0', 'step:1', 'end:0', 'step:0',
    ]);
  });

  it('builds nested loops', () => {
    const { flow } = workflowToFlow(fixture('wf-003'), catalog);
    expect(flow.steps['step-003']!.kind).toBe('loop');
    expect(flow.steps['step-003']!.branches).toEqual({ body: ['step-004'] });
    expect(flow.steps['step-004']!.branches).toEqual({ body: ['step-005', 'step-006', 'step-007'] });
    expect(flow.steps['step-007']!.branches).toEqual({ then: ['step-008'] });
  });

  it('maps disabled steps and keeps an explicit isEnabled: true', () => {
    const { flow } = workflowToFlow(fixture('wf-004'), catalog);
    expect(flow.steps['step-003']!.disabled).toBe(true);
    expect(flow.steps['step-004']!.disabled).toBe(true);
    expect(flow.steps['step-002']!.disabled).toBeUndefined();
    expect(flow.steps['step-007']!.extensions).toEqual({ vflow: { enabledExplicit: true } });
  });

  it('keeps unknown workflow, step and parameter fields', () => {
    const { flow } = workflowToFlow(fixture('wf-005'), catalog);
    const ext = flow.extensions?.vflow as Record<string, unknown>;
    expect(ext.fields).toMatchObject({ color: '#ff8800', runCount: 12, schemaHints: { editorVersion: 7, experimental: ['a', 'b'] } });
    expect(flow.steps['step-002']!.params.url).toBe('http://127.0.0.1:{{server_port}}/api/v1/system/health');
    expect(flow.steps['step-002']!.extensions).toEqual({
      vflow: { fields: { retryPolicy: { maxRetries: 2, backoffMs: 500 }, comment: null }, paramExtras: { url: { isMagic: true } } },
    });
    expect(flow.steps['step-001']!.extensions).toEqual({ vflow: { fields: { comment: 'entry point', uiState: { collapsed: false, color: '#22aa88' } } } });
  });

  it('reads tags from metadata and writes tag edits back there', () => {
    const wf = fixture('550e8400-e29b-41d4-a716-446655440000');
    const { flow, managed } = workflowToFlow(wf, catalog);
    expect(flow.tags).toEqual(['social', 'automation']);
    const edited: Flow = { ...flow, tags: ['social'], description: 'new words' };
    const out = flowToWorkflow(edited, catalog, { managed }) as Record<string, unknown>;
    expect(out.metadata).toEqual({ author: 'vFlow User', homepage: 'https://vflow.app/workflows/auto-reply-wechat', vFlowLevel: 2, tags: ['social'], description: 'new words' });
    expect(out.description).toBe('new words');
  });

  it('keeps remembered parameter types while they fit, and infers them otherwise', () => {
    const { flow } = workflowToFlow(fixture('wf-003'), catalog);
    const calc = flow.steps['step-005']!;
    const same = flowToWorkflow(flow, catalog).steps.find((s) => s.id === 'step-005')!;
    expect(same.parameters.operand1).toEqual({ type: 'string', value: '{{counter}}' });
    const changed: Flow = { ...flow, steps: { ...flow.steps, [calc.id]: { ...calc, params: { ...calc.params, operand2: 'two' } } } };
    const row = flowToWorkflow(changed, catalog).steps.find((s) => s.id === 'step-005')!;
    expect(row.parameters.operand2).toEqual({ type: 'string', value: 'two' });
    expect(inferType([1])).toBe('list');
    expect(inferType({ a: 1 })).toBe('dictionary');
  });

  it('a Flowbench flow keeps titles, positions, notes, inputs and extensions, with no vFlow residue', () => {
    const flow: Flow = {
      schemaVersion: 2,
      id: 'flow_x',
      name: 'From Flowbench',
      description: 'd',
      tags: ['a'],
      structure: 'blocks',
      steps: {
        s1: { id: 's1', kind: 'action', type: 'log', title: 'Say', params: { message: 'hi', n: 2, l: [1], o: { k: 'v' } }, position: { x: 1, y: 2 }, onError: 'continue', timeoutMs: 500, extensions: { mine: 1 } },
        s2: { id: 's2', kind: 'if', type: 'if_condition', title: '', params: { condition: 'true' }, branches: { then: ['s3'], else: [] } },
        s3: { id: 's3', kind: 'loop', type: 'loop', title: 'Again', params: { count: 2 }, branches: { body: [] }, disabled: true },
      },
      root: ['s1', 's2'],
      edges: [],
      notes: [{ id: 'n1', text: 'note', position: { x: 0, y: 0 } }],
      inputs: [{ id: 'who', label: 'Who', type: 'string' }],
      dialect: 'vflow',
      extensions: { vendor: { keep: true } },
    };
    deepFreeze(flow);
    const wf = flowToWorkflow(flow, catalog);
    expect(wf.steps.map((s) => `${s.moduleId}:${s.indentationLevel}`)).toEqual(['log:0', 'if_condition:0', 'loop:1', 'endloop:1', 'else:0', 'endif:0']);
    expect(wf.steps.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's3-end', 's2-else', 's2-end']);
    const back = workflowToFlow(workflowSchema.parse(JSON.parse(JSON.stringify(wf))), catalog).flow;
    expect(back).toEqual(flow);
    const body = workflowRequestBody(wf, 'create', { folderId: null });
    expect(body).toMatchObject({ id: 'flow_x', tags: ['a'], isEnabled: true, folderId: null, triggerConfig: { type: 'manual' } });
    // Flowbench-only data lives in the documented metadata object, never in fields the document lacks.
    expect(Object.keys(wf).filter((k) => !['id', 'name', 'description', 'steps', 'triggerConfig', 'maxExecutionTime', 'metadata'].includes(k))).toEqual([]);
    expect(wf.steps.every((row) => Object.keys(row).every((k) => ['id', 'moduleId', 'indentationLevel', 'parameters', 'isEnabled'].includes(k)))).toBe(true);
    expect((wf.metadata as Record<string, unknown>).flowbench).toMatchObject({ notes: flow.notes, inputs: flow.inputs, steps: { s1: { title: 'Say', position: { x: 1, y: 2 } } } });
    const update = workflowRequestBody(flowToWorkflow({ ...flow, notes: [], inputs: [], extensions: undefined }, catalog), 'update');
    expect('flowbench' in update).toBe(false);
    const bare = workflowRequestBody(flowToWorkflow({ ...flow, tags: [], notes: [], inputs: [], extensions: undefined, steps: { s1: { id: 's1', kind: 'action', type: 'log', title: '', params: {} } }, root: ['s1'] }, catalog), 'update');
    expect(Object.keys(bare).sort()).toEqual(['description', 'maxExecutionTime', 'name', 'steps', 'triggerConfig']);
    expect('isEnabled' in update).toBe(false);
    expect('id' in update).toBe(false);
  });

  it('reads a list that is not block-shaped flat, losing nothing', () => {
    const raw = {
      id: 'broken',
      name: 'Broken',
      steps: [
        { id: 'a', moduleId: 'log', indentationLevel: 0, parameters: {} },
        { id: 'b', moduleId: 'endif', indentationLevel: 0, parameters: {} },
        { id: 'c', moduleId: 'if_condition', indentationLevel: 2, parameters: { condition: { type: 'string', value: 'x' } } },
      ],
    };
    const { flow, managed } = workflowToFlow(workflowSchema.parse(raw), catalog);
    expect(flow.root).toEqual(['a', 'b', 'c']);
    expect((flow.extensions?.vflow as Record<string, unknown>).flatReason).toMatch(/end/);
    expect(flowToWorkflow(flow, catalog, { managed })).toStrictEqual(raw);
  });

  it('refuses a graph that does not nest as blocks', () => {
    const flow: Flow = {
      schemaVersion: 2, id: 'g', name: 'g', description: '', tags: [], structure: 'graph',
      steps: { a: { id: 'a', kind: 'action', type: 'log', title: '', params: {} }, b: { id: 'b', kind: 'action', type: 'log', title: '', params: {} }, c: { id: 'c', kind: 'action', type: 'log', title: '', params: {} } },
      root: ['a', 'b', 'c'],
      edges: [{ id: 'e1', source: 'a', sourcePort: 'out', target: 'c', targetPort: 'in' }, { id: 'e2', source: 'b', sourcePort: 'out', target: 'c', targetPort: 'in' }],
      notes: [], inputs: [], dialect: 'vflow',
    };
    expect(() => flowToWorkflow(flow, catalog)).toThrow(/cannot be saved to vFlow/);
  });
});
