import { describe, expect, it } from 'vitest';
import { exampleFlow } from '../../../server/automaticworker/fixtures';
import { restoreFlow } from '../../model/restore';
import { BackendError } from '../types';
import { AMW_DIALECT, DEFAULT_MAPPING, documentMeta, documentToFlow, flowToDocument, FLOWBENCH_FIELD } from './mapping';

/** What the adapter sends back for an unchanged document: everything but the server-owned fields. */
function withoutManaged(doc: Record<string, unknown>): Record<string, unknown> {
  const { id: _i, created_at: _c, updated_at: _u, ...rest } = doc;
  return rest;
}

const roundTrip = (doc: Record<string, unknown>) => JSON.stringify(flowToDocument(documentToFlow(doc)));

describe('AutoMaticWorker mapping', () => {
  it("round trips the document's example flow byte for byte", () => {
    const doc = exampleFlow();
    expect(roundTrip(doc)).toBe(JSON.stringify(withoutManaged(doc)));
  });

  it('reads nodes as graph steps with titles, params, positions and condition ports', () => {
    const flow = documentToFlow(exampleFlow());
    expect(flow).toMatchObject({ id: '1', name: '数据处理流程', description: '处理CSV数据并发送邮件', structure: 'graph', dialect: AMW_DIALECT });
    expect(flow.root).toEqual(['node1', 'node2', 'node3', 'node4', 'node5', 'node6', 'node7']);
    expect(flow.steps.node1).toMatchObject({ kind: 'trigger', type: 'start', title: '开始' });
    expect(flow.steps.node3).toMatchObject({
      kind: 'if',
      type: 'condition',
      title: '有数据吗',
      params: { left: '{{node2.count}}', operator: '>', right: 0 },
      position: { x: 100, y: 340 },
    });
    expect(flow.steps.node3!.params).not.toHaveProperty('label');
    const fromCondition = flow.edges.filter((e) => e.source === 'node3').map((e) => [e.target, e.sourcePort]);
    expect(fromCondition).toEqual([
      ['node4', 'true'],
      ['node6', 'false'],
    ]);
    expect(flow.edges.find((e) => e.id === 'edge1')!.sourcePort).toBe('out');
    expect(documentMeta(exampleFlow())).toEqual({ id: '1', createdAt: '2023-05-15T10:30:00Z', updatedAt: '2023-05-16T08:45:12Z' });
  });

  it('gives a valid canonical document (restoreFlow accepts it unchanged)', () => {
    const flow = documentToFlow(exampleFlow());
    expect(restoreFlow(flow)).toEqual(flow);
  });

  it('declares ports the edges use beyond the kind, and writes none of them', () => {
    const doc = {
      id: 1,
      name: 'p',
      nodes: [
        { id: 'c', type: 'condition', data: {} },
        { id: 'l', type: 'log', data: {} },
      ],
      edges: [
        { id: 'e1', source: 'c', target: 'l' },
        { id: 'e2', source: 'l', target: 'c', sourceHandle: 'extra', targetHandle: 'side' },
      ],
    };
    const flow = documentToFlow(doc);
    expect(flow.steps.c!.ports).toEqual({ inputs: [{ id: 'in' }, { id: 'side' }], outputs: [{ id: 'true' }, { id: 'false' }, { id: 'out' }] });
    expect(flow.steps.l!.ports!.outputs.map((p) => p.id)).toEqual(['out', 'extra']);
    expect(flow.edges[1]).toMatchObject({ sourcePort: 'extra', targetPort: 'side' });
    expect(() => restoreFlow(flow)).not.toThrow();
    expect(roundTrip(doc)).toBe(JSON.stringify(withoutManaged(doc)));
  });

  it('keeps unknown flow, node, edge and data fields, including their order', () => {
    const doc = {
      owner: { team: 'ops' },
      id: 7,
      name: 'odd',
      nodes: [
        { data: { method: 'GET', label: 'Fetch', url: 'http://x', extra: [1] }, id: 'a', type: 'http_request', position: { x: 1, y: 2, z: 3 }, width: 150 },
        { id: 'b', type: 'end' },
        { id: 'c', type: 'log', data: 'not an object' },
        { id: 'd', type: 'log', data: { label: '' } },
      ],
      edges: [{ target: 'b', source: 'a', sourceHandle: 'out', markerEnd: { type: 'arrow' } }, { id: 'x', source: 'c', target: 'd', sourceHandle: 7 }],
      version: 3,
      flowbench: 'someone else uses this field',
    };
    expect(roundTrip(doc)).toBe(JSON.stringify(withoutManaged(doc)));
    const flow = documentToFlow(doc);
    expect(flow.steps.a!.params).toEqual({ method: 'GET', url: 'http://x', extra: [1] });
    expect(flow.steps.a!.position).toEqual({ x: 1, y: 2 });
    expect(flow.description).toBe('');
  });

  it('writes edits through while keeping what was not edited', () => {
    const flow = documentToFlow(exampleFlow());
    flow.steps.node4 = { ...flow.steps.node4!, title: '正文', params: { template: 'changed' }, position: { x: 5, y: 6 } };
    flow.edges = flow.edges.map((e) => (e.id === 'edge4' ? { ...e, target: 'node7' } : e));
    const out = flowToDocument(flow) as { nodes: Array<Record<string, unknown>>; edges: Array<Record<string, unknown>> };
    expect(out.nodes[3]).toEqual({ id: 'node4', type: 'text_template', position: { x: 5, y: 6 }, data: { label: '正文', template: 'changed' }, style: { background: '#fff7e6' } });
    expect(out.edges[3]).toEqual({ id: 'edge4', source: 'node3', target: 'node7', type: 'default', sourceHandle: 'false' });
  });

  it('a node kept whole (exotic shape) is written from the step once it is edited', () => {
    const doc = { id: 1, name: 'n', nodes: [{ id: 'a', type: 'log', position: 'top-left', data: [1, 2] }], edges: [] };
    expect(roundTrip(doc)).toBe(JSON.stringify(withoutManaged(doc)));
    const flow = documentToFlow(doc);
    flow.steps.a = { ...flow.steps.a!, params: { message: 'now set' } };
    const out = flowToDocument(flow) as { nodes: Array<Record<string, unknown>> };
    expect(out.nodes[0]).toMatchObject({ id: 'a', type: 'log', data: { message: 'now set' } });
  });

  it('stores Flowbench-only data in a flowbench field and reads it back', () => {
    const flow = documentToFlow({ id: 3, name: 'mine', description: 'd', nodes: [{ id: 's', type: 'start', data: {} }], edges: [] });
    flow.tags = ['t'];
    flow.notes = [{ id: 'note_1', text: 'hi', position: { x: 0, y: 0 } }];
    flow.inputs = [{ id: 'csv', label: 'CSV', type: 'string' }];
    flow.extensions = { vendor: { keep: true } };
    flow.steps.s = { ...flow.steps.s!, onError: 'continue', timeoutMs: 500, extensions: { other: 1 } };
    flow.steps.e = { id: 'e', kind: 'action', type: 'end', title: '', params: {} };
    flow.root.push('e');
    flow.edges = [{ id: 'x', source: 's', sourcePort: 'out', target: 'e', targetPort: 'in', extensions: { look: 'dashed' } }];
    const doc = flowToDocument(flow);
    expect((doc.edges as unknown[])[0]).toEqual({ id: 'x', source: 's', target: 'e', flowbench: { extensions: { look: 'dashed' } } });
    expect(doc[FLOWBENCH_FIELD]).toEqual({ tags: ['t'], notes: flow.notes, inputs: flow.inputs, extensions: { vendor: { keep: true } } });
    const back = documentToFlow({ id: 3, ...doc });
    expect(back).toEqual(flow);
  });

  it("asks for the start node's fields as run inputs, without writing them back until they are edited", () => {
    const doc = exampleFlow();
    const flow = documentToFlow(doc);
    expect(flow.inputs).toEqual([{ id: 'csv', label: 'csv', type: 'string' }]);
    // Unchanged: no flowbench field appears (byte-identical round trip above).
    expect(flowToDocument(flow)[FLOWBENCH_FIELD]).toBeUndefined();
    const edited = { ...flow, inputs: [{ id: 'csv', label: 'CSV text', type: 'string' as const, required: true }] };
    expect(flowToDocument(edited)[FLOWBENCH_FIELD]).toEqual({ inputs: edited.inputs });
    expect(documentToFlow({ id: 1, ...flowToDocument(edited) }).inputs).toEqual(edited.inputs);
  });

  it('uses configurable port and title fields', () => {
    const opts = { ...DEFAULT_MAPPING, sourcePortField: 'port', titleField: 'name', conditionTypes: ['if'] };
    const doc = { id: 1, name: 'n', nodes: [{ id: 'i', type: 'if', data: { name: 'Check' } }], edges: [{ id: 'e', source: 'i', target: 'i', port: 'false' }] };
    const flow = documentToFlow(doc, opts);
    expect(flow.steps.i).toMatchObject({ kind: 'if', title: 'Check' });
    expect(flow.edges[0]!.sourcePort).toBe('false');
    expect(JSON.stringify(flowToDocument(flow, opts))).toBe(JSON.stringify(withoutManaged(doc)));
  });

  it('refuses what is not a flow document with a typed error', () => {
    expect(() => documentToFlow({ id: 1, nodes: 'x' })).toThrow(BackendError);
    expect(() => documentToFlow({ id: 1, name: 'n', nodes: [{ id: 'a', type: 't' }, { id: 'a', type: 't' }], edges: [] })).toThrow(/two nodes/);
    expect(() => flowToDocument({ ...documentToFlow(exampleFlow()), structure: 'blocks' })).toThrow(BackendError);
  });
});
