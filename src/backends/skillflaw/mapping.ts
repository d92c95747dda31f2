/**
 * Langflow flow `data` (`{nodes, edges, viewport}`) <-> the Flowbench graph model.
 *
 * Lossless by construction: every node's JSON rides along in its step's `extensions.skillflaw.node`, every
 * edge's JSON in its edge's `extensions.skillflaw.edge`, every note's JSON in the flow's
 * `extensions.skillflaw.notes`, with the order of nodes and of the `data` keys. Saving patches those originals with what the editor changed (position, display name, template
 * values) and builds JSON only for new nodes, notes and edges, so opening and saving an unchanged flow stores
 * byte-identical `data`.
 *
 * - genericNode -> Step (`type` = component type, `title` = display name, `params` = template values)
 * - noteNode -> StickyNote (markdown `description`, `backgroundColor`)
 * - edge -> Edge; its ports are the source output name and the target field name from its handles.
 * - each step carries its own typed ports (`step.ports`): outputs (name, types) and the template fields that
 *   accept a connection (field name, `input_types`).
 */
import { emptyFlow, type Edge, type Flow, type PortDefinition, type Step, type StepPorts, type StickyNote } from '../../model/flow';
import { BackendError } from '../types';
import { decodeHandle, edgeId, encodeHandle, type SourceHandle, type TargetHandle } from './handles';

type Rec = Record<string, unknown>;

export const DIALECT = 'skillflaw';

/** A component's frontend node (a "Get All" entry) by component type, for building new nodes. */
export type ComponentCatalog = ReadonlyMap<string, Rec>;

export interface SkillflawFlowExtension {
  /** Key order of `data`, and every key but `nodes` / `edges`, verbatim (`viewport`, unknown ones). */
  dataKeys: string[];
  dataRest: Rec;
  /** Node ids in their stored order (steps and notes interleaved). */
  order: string[];
  notes: Record<string, Rec>;
  /** `data` was `null` on the server (a flow created without a graph). */
  nullData?: boolean;
}

export interface LangflowPort {
  id: string;
  label: string;
  types: string[];
  multiple?: boolean;
}

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function rec(v: unknown): Rec {
  return isRec(v) ? v : {};
}

function str(v: unknown, dflt = ''): string {
  return typeof v === 'string' ? v : dflt;
}

/** Structural equality of JSON values (key order ignored): decides whether a value needs writing back. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => jsonEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a as Rec).filter((k) => (a as Rec)[k] !== undefined);
  const kb = Object.keys(b as Rec).filter((k) => (b as Rec)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => jsonEqual((a as Rec)[k], (b as Rec)[k]));
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

export function isNoteNode(n: Rec): boolean {
  return n.type === 'noteNode' || rec(n.data).type === 'note';
}

function templateOf(n: Rec): Rec {
  return rec(rec(rec(n.data).node).template);
}

/** Template values as step params: every field but `_type` and other `_` keys. */
export function paramsOfNode(n: Rec): Rec {
  const out: Rec = {};
  for (const [k, f] of Object.entries(templateOf(n))) if (!k.startsWith('_') && isRec(f)) out[k] = clone(f.value);
  return out;
}

const HANDLE_INPUT_TYPES = new Set(['HandleInput', 'DataInput', 'DataFrameInput', 'ToolsInput', 'LinkInput']);

/** The frontend node (`{template, outputs, ...}`) inside a node wrapper, a step extension or itself. */
function innerNode(v: Rec): Rec {
  if (isRec(v.template)) return v;
  if (isRec(rec(v.data).node)) return rec(rec(v.data).node);
  if (isRec(v.node)) return innerNode(v.node);
  return {};
}

/** Ports of a component (node wrapper or frontend node): its outputs, and the fields that accept a connection. */
export function portsOfNode(node: Rec): { inputs: LangflowPort[]; outputs: LangflowPort[] } {
  const n = innerNode(node);
  const outputs = (Array.isArray(n.outputs) ? n.outputs : []).filter(isRec).map((o) => ({
    id: str(o.name),
    label: str(o.display_name, str(o.name)),
    types: Array.isArray(o.types) ? o.types.filter((t): t is string => typeof t === 'string') : [],
  }));
  const order = Array.isArray(n.field_order) ? n.field_order.filter((k): k is string => typeof k === 'string') : [];
  const template = rec(n.template);
  const keys = Object.keys(template).filter((k) => !k.startsWith('_'));
  const ordered = [...order.filter((k) => keys.includes(k)), ...keys.filter((k) => !order.includes(k))];
  const inputs: LangflowPort[] = [];
  for (const k of ordered) {
    const f = rec(template[k]);
    if (f.show === false) continue;
    const types = Array.isArray(f.input_types) ? f.input_types.filter((t): t is string => typeof t === 'string') : [];
    if (types.length === 0 && !HANDLE_INPUT_TYPES.has(str(f._input_type)) && f.type !== 'other') continue;
    inputs.push({ id: k, label: str(f.display_name, k), types, ...(f.list === true ? { multiple: true } : {}) });
  }
  return { inputs, outputs };
}

/** Output name and input field an edge connects, from its handle objects (or strings). */
export function edgePorts(e: Rec): { sourcePort: string; targetPort: string } {
  const d = rec(e.data);
  const sh = isRec(d.sourceHandle) ? d.sourceHandle : decodeHandle(e.sourceHandle);
  const th = isRec(d.targetHandle) ? d.targetHandle : decodeHandle(e.targetHandle);
  return { sourcePort: str(sh?.name), targetPort: str(th?.fieldName) };
}

function portDef(p: LangflowPort): PortDefinition {
  return { id: p.id, label: { text: p.label }, types: p.types, ...(p.multiple ? { multiple: true } : {}) };
}

/** A step's ports from its node JSON, in the model's form. */
export function stepPortsOfNode(node: Rec): StepPorts {
  const p = portsOfNode(node);
  return { inputs: p.inputs.map(portDef), outputs: p.outputs.map(portDef) };
}

export function extensionOf(flow: Flow): SkillflawFlowExtension | undefined {
  const e = flow.extensions?.skillflaw;
  return isRec(e) ? (e as unknown as SkillflawFlowExtension) : undefined;
}

export interface FlowHeader {
  id: string;
  name: string;
  description: string;
  tags: string[];
  data: unknown;
}

/** A FlowRead (or its header fields) as a Flowbench flow. */
export function toFlow(row: FlowHeader): Flow {
  const flow = emptyFlow(row.id, row.name, DIALECT);
  flow.description = row.description;
  flow.tags = [...row.tags];
  flow.structure = 'graph';
  const data = isRec(row.data) ? row.data : {};
  const nodes = (Array.isArray(data.nodes) ? data.nodes : []).filter(isRec);
  const edges = (Array.isArray(data.edges) ? data.edges : []).filter(isRec);
  const ext: SkillflawFlowExtension = {
    dataKeys: Object.keys(data),
    dataRest: Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'nodes' && k !== 'edges')),
    order: [],
    notes: {},
    ...(row.data === null ? { nullData: true } : {}),
  };
  for (const n of nodes) {
    const id = str(n.id);
    ext.order.push(id);
    const pos = rec(n.position);
    const position = { x: Number(pos.x ?? 0), y: Number(pos.y ?? 0) };
    if (isNoteNode(n)) {
      const node = rec(rec(n.data).node);
      const note: StickyNote = { id, text: str(node.description), position };
      if (typeof n.width === 'number') note.width = n.width;
      if (typeof n.height === 'number') note.height = n.height;
      const color = rec(node.template).backgroundColor;
      if (typeof color === 'string') note.color = color;
      flow.notes.push(note);
      ext.notes[id] = n;
      continue;
    }
    const d = rec(n.data);
    const step: Step = {
      id,
      kind: 'action',
      type: str(d.type, str(n.type, 'unknown')),
      title: str(rec(d.node).display_name, str(d.type)),
      params: paramsOfNode(n),
      position,
      ports: stepPortsOfNode(n),
      extensions: { skillflaw: { node: n } },
    };
    flow.steps[id] = step;
    flow.root.push(id);
  }
  for (const e of edges) {
    const edge: Edge = { id: str(e.id), source: str(e.source), ...withPorts(edgePorts(e), str(e.target)), extensions: { skillflaw: { edge: e } } };
    flow.edges.push(edge);
  }
  flow.extensions = { skillflaw: ext as unknown as Rec };
  return flow;
}

function withPorts(p: { sourcePort: string; targetPort: string }, target: string): Pick<Edge, 'sourcePort' | 'target' | 'targetPort'> {
  return { sourcePort: p.sourcePort, target, targetPort: p.targetPort };
}

function edgeJsonOf(e: Edge): Rec | undefined {
  const raw = rec(e.extensions?.skillflaw).edge;
  return isRec(raw) ? raw : undefined;
}

function nodeJsonOf(step: Step): Rec | undefined {
  const n = rec(step.extensions?.skillflaw).node;
  return isRec(n) && rec(n.data).type === step.type ? n : undefined;
}

/** Prompt `{variables}` (`{{` / `}}` are literal braces), as Langflow's prompt validation finds them. */
export function promptVariables(template: string): string[] {
  const out: string[] = [];
  for (const m of template.replace(/\{\{|\}\}/g, '').matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

function promptField(name: string): Rec {
  return {
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

/** A template field for a param the template lacks, typed from its value. */
function looseField(name: string, value: unknown): Rec {
  const type = typeof value === 'number' ? (Number.isInteger(value) ? 'int' : 'float') : typeof value === 'boolean' ? 'bool' : isRec(value) ? 'dict' : 'str';
  return { advanced: false, display_name: name, dynamic: true, info: '', list: Array.isArray(value), name, placeholder: '', required: false, show: true, title_case: false, type, value };
}

/**
 * A Prompt's template decides its fields (Langflow's `custom_fields.template`): a new `{variable}` gets a
 * field (and so an input port), a removed one loses its field unless something is still connected to it.
 */
function syncPromptFields(node: Rec, connected: Set<string>): void {
  const n = rec(rec(node.data).node);
  const template = rec(n.template);
  const text = rec(template.template).value;
  if (typeof text !== 'string' || rec(template.template).type !== 'prompt') return;
  const vars = promptVariables(text);
  const custom = rec(n.custom_fields);
  const before = Array.isArray(custom.template) ? custom.template.filter((x): x is string => typeof x === 'string') : [];
  if (jsonEqual(before, vars) && vars.every((v) => v in template)) return;
  for (const v of vars) if (!(v in template)) template[v] = promptField(v);
  for (const old of before) if (!vars.includes(old) && !connected.has(old)) delete template[old];
  n.custom_fields = { ...custom, template: vars };
}

function patchNode(step: Step, original: Rec, connected: Set<string>): Rec {
  const node = clone(original);
  const pos = rec(node.position);
  if (step.position && (pos.x !== step.position.x || pos.y !== step.position.y)) {
    node.position = { ...pos, x: step.position.x, y: step.position.y };
    if (isRec(node.positionAbsolute)) node.positionAbsolute = { ...node.positionAbsolute, x: step.position.x, y: step.position.y };
  }
  const d = rec(node.data);
  const inner = rec(d.node);
  if (inner.display_name !== step.title) {
    inner.display_name = step.title;
    if ('display_name' in d) d.display_name = step.title;
  }
  const template = rec(inner.template);
  for (const [k, v] of Object.entries(step.params)) {
    if (k.startsWith('_')) continue;
    const f = template[k];
    if (isRec(f)) {
      if (!jsonEqual(f.value, v)) {
        f.value = clone(v);
        if (f.type === 'file' && typeof v === 'string') f.file_path = v;
      }
    } else template[k] = looseField(k, clone(v));
  }
  syncPromptFields(node, connected);
  return node;
}

function newNode(step: Step, catalog: ComponentCatalog, connected: Set<string>): Rec {
  const entry = catalog.get(step.type);
  if (!entry) {
    throw new BackendError('invalid', `Step "${step.title}" uses component type "${step.type}", which this SkillFlaw server does not offer.`, {
      details: { stepId: step.id, type: step.type },
    });
  }
  const inner = clone(entry);
  const node: Rec = {
    data: { description: str(inner.description), display_name: str(inner.display_name), id: step.id, node: inner, type: step.type },
    id: step.id,
    position: { x: step.position?.x ?? 0, y: step.position?.y ?? 0 },
    type: 'genericNode',
  };
  return patchNode(step, node, connected);
}

/**
 * The ports a step has with its params as they are now, before any save: its node JSON (or, for a step
 * added in the editor, the catalog's frontend node) patched with the params, so a Prompt's new `{variable}`
 * is an input port at once and a removed one goes (unless an edge still feeds it), exactly as the save
 * will store it. `undefined` when there is nothing to derive from.
 */
export function livePortsOf(flow: Flow, stepId: string, catalog?: ComponentCatalog): StepPorts | undefined {
  const step = flow.steps[stepId];
  if (!step) return undefined;
  const connected = new Set(flow.edges.filter((e) => e.target === stepId).map((e) => e.targetPort));
  const original = nodeJsonOf(step);
  let node: Rec;
  if (original) node = patchNode(step, original, connected);
  else if (catalog?.has(step.type)) node = newNode(step, catalog, connected);
  else return undefined;
  return stepPortsOfNode(node);
}

function noteJson(note: StickyNote, original: Rec | undefined): Rec {
  if (!original) {
    const size = note.width !== undefined && note.height !== undefined ? { width: note.width, height: note.height } : undefined;
    return {
      data: { id: note.id, node: { description: note.text, display_name: '', documentation: '', template: { backgroundColor: note.color ?? 'neutral' } }, type: 'note' },
      id: note.id,
      position: { x: note.position.x, y: note.position.y },
      ...(size ? { style: size, width: size.width, height: size.height } : {}),
      type: 'noteNode',
    };
  }
  const n = clone(original);
  const pos = rec(n.position);
  if (pos.x !== note.position.x || pos.y !== note.position.y) {
    n.position = { ...pos, x: note.position.x, y: note.position.y };
    if (isRec(n.positionAbsolute)) n.positionAbsolute = { ...n.positionAbsolute, x: note.position.x, y: note.position.y };
  }
  const inner = rec(rec(n.data).node);
  if (inner.description !== note.text) inner.description = note.text;
  const template = rec(inner.template);
  if (note.color !== undefined && template.backgroundColor !== note.color) inner.template = { ...template, backgroundColor: note.color };
  for (const dim of ['width', 'height'] as const) {
    const v = note[dim];
    if (v !== undefined && n[dim] !== v) {
      n[dim] = v;
      if (isRec(n.style)) n.style = { ...n.style, [dim]: v };
      if (isRec(n.measured)) n.measured = { ...n.measured, [dim]: v };
    }
  }
  return n;
}

function newEdge(edge: Edge, nodes: Map<string, Rec>): Rec {
  const src = nodes.get(edge.source);
  const dst = nodes.get(edge.target);
  if (!src || !dst) throw new BackendError('invalid', `Edge ${edge.id} connects a step that is not in the flow.`);
  const srcPorts = portsOfNode(src);
  const dstPorts = portsOfNode(dst);
  const out = srcPorts.outputs.find((p) => p.id === edge.sourcePort);
  const inp = dstPorts.inputs.find((p) => p.id === edge.targetPort);
  if (!out || !inp) {
    throw new BackendError('invalid', `Edge ${edge.id} needs an output of "${edge.source}" and an input field of "${edge.target}" (got ${edge.sourcePort} -> ${edge.targetPort}).`);
  }
  const field = rec(templateOf(dst)[inp.id]);
  const sh: SourceHandle = { dataType: str(rec(src.data).type), id: edge.source, name: out.id, output_types: out.types };
  const th: TargetHandle = { fieldName: inp.id, id: edge.target, inputTypes: inp.types, type: str(field.type, 'str') };
  return {
    animated: false,
    className: '',
    data: { sourceHandle: sh, targetHandle: th },
    id: edge.id.startsWith('xy-edge__') || edge.id.startsWith('reactflow__edge-') ? edge.id : edgeId(edge.source, sh, edge.target, th),
    selected: false,
    source: edge.source,
    sourceHandle: encodeHandle(sh),
    target: edge.target,
    targetHandle: encodeHandle(th),
  };
}

/** The Langflow `data` of a flow (what PATCH / POST send). */
export function toLangflowData(flow: Flow, catalog: ComponentCatalog): Rec | null {
  const ext = extensionOf(flow);
  const noteIds = new Set(flow.notes.map((n) => n.id));
  if (ext?.nullData && flow.root.length === 0 && flow.notes.length === 0 && flow.edges.length === 0) return null;
  const connected = new Map<string, Set<string>>();
  for (const e of flow.edges) (connected.get(e.target) ?? connected.set(e.target, new Set()).get(e.target)!).add(e.targetPort);
  const nodesById = new Map<string, Rec>();
  for (const id of flow.root) {
    const step = flow.steps[id];
    if (!step) continue;
    const original = nodeJsonOf(step);
    const c = connected.get(id) ?? new Set<string>();
    nodesById.set(id, original ? patchNode(step, original, c) : newNode(step, catalog, c));
  }
  for (const note of flow.notes) nodesById.set(note.id, noteJson(note, ext?.notes[note.id]));
  const order = [...(ext?.order ?? []).filter((id) => nodesById.has(id))];
  for (const id of [...flow.root, ...noteIds]) if (!order.includes(id) && nodesById.has(id)) order.push(id);
  const nodes = order.map((id) => nodesById.get(id)!);

  const edges = flow.edges.map((e) => {
    const raw = edgeJsonOf(e);
    if (raw && raw.source === e.source && raw.target === e.target) {
      const ports = edgePorts(raw);
      if (ports.sourcePort === e.sourcePort && ports.targetPort === e.targetPort) return raw;
    }
    return newEdge(e, nodesById);
  });

  const keys = ext?.dataKeys ?? ['nodes', 'edges', 'viewport'];
  const rest = ext?.dataRest ?? { viewport: { x: 0, y: 0, zoom: 1 } };
  const data: Rec = {};
  for (const k of keys) data[k] = k === 'nodes' ? nodes : k === 'edges' ? edges : rest[k];
  if (!('nodes' in data)) data.nodes = nodes;
  if (!('edges' in data)) data.edges = edges;
  for (const [k, v] of Object.entries(rest)) if (!(k in data)) data[k] = v;
  return data;
}
