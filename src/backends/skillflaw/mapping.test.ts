import { describe, expect, it } from 'vitest';
import basicPrompting from './fixtures/basic-prompting.json';
import documentQa from './fixtures/document-qa.json';
import memoryChatbot from './fixtures/memory-chatbot.json';
import { allTypes } from '../../../server/skillflaw/components';
import type { Edge, Flow } from '../../model/flow';
import { edgePorts, livePortsOf, portsOfNode, promptVariables, toFlow, toLangflowData, type ComponentCatalog } from './mapping';

type Rec = Record<string, unknown>;
const catalog: ComponentCatalog = new Map(Object.values(allTypes()).flatMap((c) => Object.entries(c) as Array<[string, Rec]>));
const fixtures = { 'basic prompting': basicPrompting, 'memory chatbot': memoryChatbot, 'document QA': documentQa } as Record<string, Rec & { data: Rec }>;
const header = (row: Rec & { data: Rec }) => ({ id: String(row.id), name: String(row.name), description: String(row.description), tags: row.tags as string[], data: row.data });
const reload = (f: Flow): Flow => JSON.parse(JSON.stringify(f)) as Flow;

describe('Langflow data <-> graph model', () => {
  for (const [name, row] of Object.entries(fixtures)) {
    it(`${name}: open and save unchanged stores byte-identical data`, () => {
      const flow = toFlow(header(row));
      // Through JSON too: the editor journal stores the document as JSON.
      const back = toLangflowData(reload(flow), catalog);
      expect(JSON.stringify(back)).toBe(JSON.stringify(row.data));
    });

    it(`${name}: components become steps, notes sticky notes, edges keep their ports`, () => {
      const flow = toFlow(header(row));
      const nodes = row.data.nodes as Rec[];
      const generic = nodes.filter((n) => n.type === 'genericNode');
      expect(flow.structure).toBe('graph');
      expect(flow.root).toEqual(generic.map((n) => n.id));
      expect(flow.notes.map((n) => n.id)).toEqual(nodes.filter((n) => n.type === 'noteNode').map((n) => n.id));
      expect(flow.edges).toHaveLength((row.data.edges as unknown[]).length);
      for (const [i, e] of (row.data.edges as Rec[]).entries()) {
        expect(flow.edges[i]).toMatchObject({ id: e.id, source: e.source, target: e.target, sourcePort: edgePorts(e).sourcePort, targetPort: edgePorts(e).targetPort });
        // Every edge's ports exist on its steps, with their types.
        expect(flow.steps[String(e.source)]!.ports!.outputs.map((p) => p.id)).toContain(flow.edges[i]!.sourcePort);
        expect(flow.steps[String(e.target)]!.ports!.inputs.map((p) => p.id)).toContain(flow.edges[i]!.targetPort);
        const { sourcePort, targetPort } = edgePorts(e);
        const src = (nodes.find((n) => n.id === e.source)!.data as Rec).node as Rec;
        expect(portsOfNode({ node: src }).outputs.map((p) => p.id)).toContain(sourcePort);
        const dst = (nodes.find((n) => n.id === e.target)!.data as Rec).node as Rec;
        expect(portsOfNode({ node: dst }).inputs.map((p) => p.id)).toContain(targetPort);
      }
    });
  }

  it('maps a component: type, title, params from the template, typed ports', () => {
    const flow = toFlow(header(basicPrompting as Rec & { data: Rec }));
    const model = flow.steps['DeterministicModel-OcXkl']!;
    expect(model).toMatchObject({ kind: 'action', type: 'DeterministicModel', title: 'Deterministic Model', position: { x: 1137.84, y: 849.36 } });
    expect(model.params).toMatchObject({ model_name: 'echo-small', stream: true, temperature: 0.1, system_message: '' });
    expect(typeof model.params.code).toBe('string');
    const ports = portsOfNode(model.extensions!.skillflaw as Rec);
    expect(ports.outputs).toEqual([
      { id: 'text_output', label: 'Model Response', types: ['Message'] },
      { id: 'model_output', label: 'Language Model', types: ['LanguageModel'] },
    ]);
    expect(ports.inputs.map((p) => [p.id, p.types])).toEqual([
      ['input_value', ['Message']],
      ['system_message', ['Message']],
    ]);
    const chatOut = portsOfNode(flow.steps['ChatOutput-gDYiJ']!.extensions!.skillflaw as Rec);
    expect(chatOut.inputs.find((p) => p.id === 'input_value')?.types).toEqual(['Data', 'DataFrame', 'Message']);
    expect(flow.notes[0]).toMatchObject({ id: 'note-nsd2O', color: 'neutral', width: 324, height: 270 });
    expect(flow.notes[0]!.text).toContain('# Basic Prompting');
  });

  it('writes back only what changed and keeps every other byte', () => {
    const row = documentQa as Rec & { data: Rec };
    const flow = reload(toFlow(header(row)));
    flow.steps['File-x4A0L']!.params.path = 'docs/other.txt';
    flow.steps['DeterministicModel-J2t7u']!.position = { x: 10, y: 20 };
    flow.steps['DeterministicModel-J2t7u']!.title = 'Answerer';
    flow.notes[0]!.text = 'Edited note';
    const data = toLangflowData(flow, catalog)!;
    const nodes = data.nodes as Rec[];
    const orig = row.data.nodes as Rec[];
    const file = nodes.find((n) => n.id === 'File-x4A0L') as Rec;
    const tpl = ((file.data as Rec).node as Rec).template as Record<string, Rec>;
    expect(tpl.path!.value).toBe('docs/other.txt');
    expect(tpl.path!.file_path).toBe('docs/other.txt');
    const model = nodes.find((n) => n.id === 'DeterministicModel-J2t7u')!;
    expect(model.position).toEqual({ x: 10, y: 20 });
    expect(model.positionAbsolute).toEqual({ x: 10, y: 20 });
    expect(((model.data as Rec).node as Rec).display_name).toBe('Answerer');
    expect(model.x_skillflaw_review).toEqual({ approvedBy: 'ops', at: '2026-11-02T09:10:11Z' });
    const note = nodes.find((n) => n.id === 'note-YlVtk')!;
    expect(((note.data as Rec).node as Rec).description).toBe('Edited note');
    // Untouched nodes and every edge are the stored JSON, byte for byte.
    for (const id of ['ParserComponent-1gC4n', 'ChatInput-Emi4q', 'Prompt-L8Ksi', 'ChatOutput-eY3pe']) {
      expect(JSON.stringify(nodes.find((n) => n.id === id))).toBe(JSON.stringify(orig.find((n) => n.id === id)));
    }
    expect(JSON.stringify(data.edges)).toBe(JSON.stringify(row.data.edges));
    expect(JSON.stringify(data.viewport)).toBe(JSON.stringify(row.data.viewport));
  });

  it('builds new components from the catalog and new edges with encoded handles', () => {
    const flow = reload(toFlow(header(basicPrompting as Rec & { data: Rec })));
    flow.steps.combine = { id: 'combine', kind: 'action', type: 'CombineText', title: 'Combine', params: { text2: 'world', delimiter: ', ' }, position: { x: 5, y: 6 } };
    flow.root.push('combine');
    const edge: Edge = { id: 'e-new', source: 'ChatInput-jFwUm', target: 'combine', sourcePort: 'message', targetPort: 'text1' };
    flow.edges.push(edge);
    flow.notes.push({ id: 'note-new', text: 'hello', position: { x: 1, y: 2 }, color: 'blue' });
    const data = toLangflowData(flow, catalog)!;
    const nodes = data.nodes as Rec[];
    expect(nodes.map((n) => n.id)).toEqual(['ChatInput-jFwUm', 'Prompt-3SM2g', 'DeterministicModel-OcXkl', 'ChatOutput-gDYiJ', 'note-nsd2O', 'combine', 'note-new']);
    const combine = nodes.find((n) => n.id === 'combine')!;
    expect(combine).toMatchObject({ type: 'genericNode', position: { x: 5, y: 6 }, data: { type: 'CombineText', id: 'combine' } });
    const tpl = ((combine.data as Rec).node as Rec).template as Record<string, Rec>;
    expect(tpl.text2!.value).toBe('world');
    expect(tpl.delimiter!.value).toBe(', ');
    const e = (data.edges as Rec[]).at(-1)!;
    expect(e.sourceHandle).toBe('{œdataTypeœ:œChatInputœ,œidœ:œChatInput-jFwUmœ,œnameœ:œmessageœ,œoutput_typesœ:[œMessageœ]}');
    expect(e.targetHandle).toBe('{œfieldNameœ:œtext1œ,œidœ:œcombineœ,œinputTypesœ:[œMessageœ],œtypeœ:œstrœ}');
    expect(String(e.id)).toMatch(/^xy-edge__ChatInput-jFwUm\{/);
    // Reopening the saved data gives the same flow back.
    const again = toFlow({ ...header(basicPrompting as Rec & { data: Rec }), data });
    expect(again.steps.combine!.params).toMatchObject({ text2: 'world', delimiter: ', ' });
    expect(JSON.stringify(toLangflowData(again, catalog))).toBe(JSON.stringify(data));
    expect(edgePorts(e)).toEqual({ sourcePort: 'message', targetPort: 'text1' });
  });

  it('refuses a component the server does not offer, and an edge to an unknown field', () => {
    const flow = reload(toFlow(header(basicPrompting as Rec & { data: Rec })));
    flow.steps.x = { id: 'x', kind: 'action', type: 'NoSuchComponent', title: 'X', params: {} };
    flow.root.push('x');
    expect(() => toLangflowData(flow, catalog)).toThrow(/NoSuchComponent/);
    const other = reload(toFlow(header(basicPrompting as Rec & { data: Rec })));
    other.edges.push({ id: 'bad', source: 'ChatInput-jFwUm', target: 'Prompt-3SM2g', sourcePort: 'message', targetPort: 'nope' });
    expect(() => toLangflowData(other, catalog)).toThrow(/input field/);
  });

  it('a prompt template creates and drops variable fields', () => {
    const flow = reload(toFlow(header(memoryChatbot as Rec & { data: Rec })));
    flow.steps['Prompt-Gt6Dk']!.params.template = '{memory}\n{context}\nUser: {question}';
    let data = toLangflowData(flow, catalog)!;
    let node = (data.nodes as Rec[]).find((n) => n.id === 'Prompt-Gt6Dk')!;
    let inner = (node.data as Rec).node as Rec;
    expect(inner.custom_fields).toEqual({ template: ['memory', 'context', 'question'] });
    expect(portsOfNode({ node: inner }).inputs.map((p) => p.id)).toEqual(expect.arrayContaining(['memory', 'context', 'question']));
    // `question` is still connected: its field stays until the edge goes.
    flow.steps['Prompt-Gt6Dk']!.params.template = 'Just {memory}';
    delete flow.steps['Prompt-Gt6Dk']!.params.context;
    data = toLangflowData(flow, catalog)!;
    node = (data.nodes as Rec[]).find((n) => n.id === 'Prompt-Gt6Dk')!;
    inner = (node.data as Rec).node as Rec;
    expect(Object.keys(inner.template as Rec)).toContain('question');
    expect(Object.keys(inner.template as Rec)).not.toContain('context');
    expect(promptVariables('a {x} {{literal}} {y} {x}')).toEqual(['x', 'y']);
  });

  it('keeps null data null, and unknown data keys in their place', () => {
    const empty = toFlow({ id: 'f', name: 'n', description: '', tags: [], data: null });
    expect(toLangflowData(empty, catalog)).toBeNull();
    const odd = { edges: [], x_meta: { a: 1 }, nodes: [], viewport: { x: 1, y: 2, zoom: 3 } };
    expect(JSON.stringify(toLangflowData(toFlow({ id: 'f', name: 'n', description: '', tags: [], data: odd }), catalog))).toBe(JSON.stringify(odd));
  });
});

describe('ports that follow params (before any save)', () => {
  it("a Prompt's new {variable} is an input port at once; a removed one goes unless an edge still feeds it", () => {
    const flow = toFlow(header(basicPrompting as Rec & { data: Rec }));
    const prompt = flow.steps['Prompt-3SM2g']!;
    // The variable inputs (the Prompt's own `tool_placeholder` input is always there).
    const inputs = (f: Flow) => livePortsOf(f, 'Prompt-3SM2g', catalog)?.inputs.filter((p) => p.id !== 'tool_placeholder').map((p) => [p.id, p.types]);
    expect(inputs(flow)).toEqual([]);
    expect(livePortsOf(flow, 'Prompt-3SM2g', catalog)).toEqual(flow.steps['Prompt-3SM2g']!.ports);
    prompt.params.template = 'Answer {question} in a {tone} voice ({{literal}})';
    expect(inputs(flow)).toEqual([
      ['question', ['Message']],
      ['tone', ['Message']],
    ]);
    // Saved with {question} connected: removing the variable keeps its field while the edge feeds it.
    flow.edges.push({ id: 'q', source: 'ChatInput-jFwUm', sourcePort: 'message', target: 'Prompt-3SM2g', targetPort: 'question' });
    const saved = toFlow({ ...header(basicPrompting as Rec & { data: Rec }), data: toLangflowData(flow, catalog) });
    saved.steps['Prompt-3SM2g']!.params.template = 'Just {tone}';
    expect(inputs(saved)).toEqual([
      ['question', ['Message']],
      ['tone', ['Message']],
    ]);
    saved.edges = saved.edges.filter((e) => e.targetPort !== 'question');
    expect(inputs(saved)).toEqual([['tone', ['Message']]]);
    // Outputs are the node's own.
    expect(livePortsOf(flow, 'Prompt-3SM2g', catalog)?.outputs.map((p) => p.id)).toEqual(['prompt']);
  });

  it('a step added in the editor derives from the catalog node; an unknown type or step gives nothing', () => {
    const flow = toFlow(header(basicPrompting as Rec & { data: Rec }));
    flow.steps.p2 = { id: 'p2', kind: 'action', type: 'Prompt', title: 'New prompt', params: { template: 'Hi {name}' } };
    flow.root.push('p2');
    expect(livePortsOf(flow, 'p2', catalog)?.inputs.map((p) => p.id)).toEqual(['tool_placeholder', 'name']);
    expect(livePortsOf(flow, 'p2')).toBeUndefined();
    expect(livePortsOf(flow, 'nope', catalog)).toBeUndefined();
  });
});
