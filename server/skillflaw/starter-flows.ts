/**
 * Flows shaped like Langflow's starter projects (Basic Prompting, Memory Chatbot, Document QA), built from
 * this server's catalog with the node and edge fields the Langflow frontend saves (`measured`,
 * `positionAbsolute`, `selected`, `dragging`, encoded `sourceHandle` / `targetHandle`, note nodes, viewport).
 * `npx tsx server/skillflaw/starter-flows.ts` writes them as the adapter's mapping fixtures.
 */
import { COMPONENTS_BY_TYPE } from './components';

type Rec = Record<string, unknown>;

/** Langflow's `scapedJSONStringfy`: keys sorted, quotes as `œ`. `spaced` is what the Python side re-saves. */
export function encodeHandle(h: Rec, spaced = false): string {
  const keys = Object.keys(h).sort();
  const body = keys.map((k) => `${JSON.stringify(k)}${spaced ? ': ' : ':'}${Array.isArray(h[k]) ? `[${(h[k] as unknown[]).map((x) => JSON.stringify(x)).join(spaced ? ', ' : ',')}]` : JSON.stringify(h[k])}`);
  return `{${body.join(spaced ? ', ' : ',')}}`.replace(/"/g, 'œ');
}

function node(id: string, type: string, x: number, y: number, values: Rec = {}, extra: { promptVars?: string[]; displayName?: string } = {}): Rec {
  const base = structuredClone(COMPONENTS_BY_TYPE.get(type)!.node) as Rec & { template: Rec; custom_fields: Rec; display_name: string };
  for (const [k, v] of Object.entries(values)) (base.template[k] as Rec).value = v;
  if (extra.promptVars) {
    base.custom_fields = { template: extra.promptVars };
    for (const name of extra.promptVars) {
      base.template[name] = {
        advanced: false,
        display_name: name,
        dynamic: false,
        field_type: 'str',
        fileTypes: [],
        file_path: '',
        info: '',
        input_types: ['Message'],
        list: false,
        load_from_db: false,
        multiline: true,
        name,
        placeholder: '',
        required: false,
        show: true,
        title_case: false,
        type: 'str',
        value: '',
      };
    }
  }
  if (extra.displayName) base.display_name = extra.displayName;
  const height = 200 + Object.keys(base.template).length * 12;
  return {
    data: { description: base.description, display_name: base.display_name, id, node: base, type },
    dragging: false,
    height,
    id,
    measured: { height, width: 320 },
    position: { x, y },
    positionAbsolute: { x, y },
    selected: false,
    type: 'genericNode',
    width: 320,
  };
}

function note(id: string, text: string, x: number, y: number, color: string, size = { width: 324, height: 270 }): Rec {
  return {
    data: { id, node: { description: text, display_name: '', documentation: '', template: { backgroundColor: color } }, type: 'note' },
    dragging: false,
    height: size.height,
    id,
    measured: size,
    position: { x, y },
    positionAbsolute: { x, y },
    resizing: false,
    selected: false,
    style: size,
    type: 'noteNode',
    width: size.width,
  };
}

function edge(nodes: Rec[], source: string, output: string, target: string, fieldName: string): Rec {
  const src = nodes.find((n) => n.id === source)!.data as { type: string; node: { outputs: Array<{ name: string; types: string[] }> } };
  const dst = nodes.find((n) => n.id === target)!.data as { node: { template: Record<string, { input_types?: string[]; type: string }> } };
  const out = src.node.outputs.find((o) => o.name === output)!;
  const field = dst.node.template[fieldName]!;
  const sourceHandle = { dataType: src.type, id: source, name: output, output_types: out.types };
  const targetHandle = { fieldName, id: target, inputTypes: field.input_types ?? [], type: field.type };
  return {
    className: '',
    data: { sourceHandle, targetHandle },
    id: `reactflow__edge-${source}${encodeHandle(sourceHandle)}-${target}${encodeHandle(targetHandle)}`,
    source,
    sourceHandle: encodeHandle(sourceHandle, true),
    target,
    targetHandle: encodeHandle(targetHandle, true),
  };
}

export function basicPrompting(): Rec {
  const nodes = [
    node('ChatInput-jFwUm', 'ChatInput', 689.52, 683.32, { input_value: 'Hello' }),
    node('Prompt-3SM2g', 'Prompt', 690.23, 1157.64, { template: 'Answer the user as if you were a GenAI expert, enthusiastic about helping them get started building something fresh.' }),
    node('DeterministicModel-OcXkl', 'DeterministicModel', 1137.84, 849.36),
    node('ChatOutput-gDYiJ', 'ChatOutput', 1597.38, 1011.02),
    note('note-nsd2O', '# Basic Prompting\n\nPrompts guide the model. Click **Playground** and ask a question.\n\n1. The **Prompt** sets the persona.\n2. The **Model** answers.', 66.39, 598.71, 'neutral'),
  ];
  const edges = [
    edge(nodes, 'ChatInput-jFwUm', 'message', 'DeterministicModel-OcXkl', 'input_value'),
    edge(nodes, 'Prompt-3SM2g', 'prompt', 'DeterministicModel-OcXkl', 'system_message'),
    edge(nodes, 'DeterministicModel-OcXkl', 'text_output', 'ChatOutput-gDYiJ', 'input_value'),
  ];
  (edges[2] as Rec).animated = false;
  return { edges, nodes, viewport: { x: -37.61, y: -155.91, zoom: 0.76 } };
}

export function memoryChatbot(): Rec {
  const nodes = [
    note('note-Jd0oT', '# Memory Chatbot\n\nThe **Message History** component retrieves previous messages of the session, so the model remembers.', 1239.72, 18.62, 'amber'),
    node('ChatInput-BVyrB', 'ChatInput', 1233.55, 808.58),
    node('Memory-ZUGCz', 'Memory', 1240.06, 333.87, { n_messages: 100 }),
    node('Prompt-Gt6Dk', 'Prompt', 1880.16, 234.59, { template: '{memory}\n\nUser: {question}\nAI: ' }, { promptVars: ['memory', 'question'] }),
    node('DeterministicModel-pd6Tz', 'DeterministicModel', 2426.44, 488.03, { system_message: 'You are a helpful assistant that answers questions.' }),
    node('ChatOutput-dL82k', 'ChatOutput', 2961.32, 663.49),
    note('note-uF4eG', 'Ask the bot your name after telling it once: it answers from the **history**.', 2458.5, 90.7, 'lime', { width: 300, height: 180 }),
  ];
  const edges = [
    edge(nodes, 'Memory-ZUGCz', 'messages_text', 'Prompt-Gt6Dk', 'memory'),
    edge(nodes, 'ChatInput-BVyrB', 'message', 'Prompt-Gt6Dk', 'question'),
    edge(nodes, 'Prompt-Gt6Dk', 'prompt', 'DeterministicModel-pd6Tz', 'input_value'),
    edge(nodes, 'DeterministicModel-pd6Tz', 'text_output', 'ChatOutput-dL82k', 'input_value'),
  ];
  return { edges, nodes, viewport: { x: -728.93, y: 12.5, zoom: 0.59 } };
}

export function documentQa(): Rec {
  const nodes = [
    node('File-x4A0L', 'File', 1197.54, 254.1, { path: 'docs/handbook.txt' }),
    node('ParserComponent-1gC4n', 'ParserComponent', 1645.95, 274.72, { pattern: '{text}' }),
    node('ChatInput-Emi4q', 'ChatInput', 1643.73, 784.11, { input_value: 'What is a flow?' }),
    node('Prompt-L8Ksi', 'Prompt', 2120.03, 465.4, { template: 'Answer user\'s questions based on the document below:\n\n---\n\n{Document}\n\n---\n\nQuestion:\n{Question}\n\nAnswer:\n' }, { promptVars: ['Document', 'Question'] }),
    node('DeterministicModel-J2t7u', 'DeterministicModel', 2574.66, 523.23, { model_name: 'echo-large' }),
    node('ChatOutput-eY3pe', 'ChatOutput', 3045.89, 681.32),
    note('note-YlVtk', '## Document QA\n\nLoad a file, parse it to text and let the model answer questions about it. Replace the **File** path with your own document.', 1180.3, -88.41, 'rose', { width: 410, height: 246 }),
  ];
  const edges = [
    edge(nodes, 'File-x4A0L', 'data', 'ParserComponent-1gC4n', 'input_data'),
    edge(nodes, 'ParserComponent-1gC4n', 'parsed_text', 'Prompt-L8Ksi', 'Document'),
    edge(nodes, 'ChatInput-Emi4q', 'message', 'Prompt-L8Ksi', 'Question'),
    edge(nodes, 'Prompt-L8Ksi', 'prompt', 'DeterministicModel-J2t7u', 'input_value'),
    edge(nodes, 'DeterministicModel-J2t7u', 'text_output', 'ChatOutput-eY3pe', 'input_value'),
  ];
  // A field the frontend added that no code here knows: it must survive a round trip.
  (nodes[4] as Rec).x_skillflaw_review = { approvedBy: 'ops', at: '2026-11-02T09:10:11Z' };
  return { edges, nodes, viewport: { x: -812.4, y: 90.25, zoom: 0.55 } };
}

/** A FlowRead row around `data`, with the seed's fields. */
export function flowRead(id: string, name: string, description: string, data: Rec, projectId: string): Rec {
  return {
    name,
    description,
    flow_skill: '',
    icon: 'MessagesSquare',
    icon_bg_color: '#ffd7a8',
    gradient: '2',
    data,
    is_component: false,
    updated_at: '2026-11-20T10:15:30.123456Z',
    webhook: false,
    endpoint_name: null,
    tags: ['chatbots', 'starter'],
    locked: false,
    is_online: false,
    is_version: false,
    is_hold: false,
    is_endpoint: false,
    is_deleted: false,
    flow_type: '',
    online_version: null,
    mcp_enabled: false,
    action_name: null,
    action_description: null,
    access_type: 'PRIVATE',
    id,
    user_id: 3,
    tenant_id: '34f5c98e-f430-457b-a812-92637d0c6fd0',
    business_id: 0,
    is_self: true,
    org_id: 0,
    project_id: projectId,
    create_at: '2026-11-20T10:12:01.654321Z',
    m_uid: 0,
    creator_name: 'skillflaw',
  };
}

export const STARTERS = [
  { file: 'basic-prompting.json', id: '3f0b8d4e-6a53-4c5e-9d1b-2c6f0e7a9b11', name: 'Basic Prompting', description: 'Perform basic prompting with a model.', data: basicPrompting },
  { file: 'memory-chatbot.json', id: '7c2e4a19-0b8d-4f6e-a3c5-91d2e8f4b702', name: 'Memory Chatbot', description: 'Create a chatbot that saves and references previous messages.', data: memoryChatbot },
  { file: 'document-qa.json', id: 'b5a1c3d7-2e4f-4a6b-8c9d-0e1f2a3b4c53', name: 'Document Q&A', description: 'Integrates PDF reading with a language model to answer document-specific questions.', data: documentQa },
];

if (process.argv[1]?.endsWith('starter-flows.ts')) {
  const { writeFileSync } = await import('node:fs');
  for (const s of STARTERS) {
    const row = flowRead(s.id, s.name, s.description, s.data(), '405d8375-3514-403b-8c43-83ae74cfe0e9');
    writeFileSync(`src/backends/skillflaw/fixtures/${s.file}`, JSON.stringify(row, null, 2) + '\n');
  }
}
