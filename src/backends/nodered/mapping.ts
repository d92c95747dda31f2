/**
 * Node-RED flow configuration ⇄ Flowbench `Flow`, lossless.
 *
 * Node-RED stores one array of objects for the whole server: tabs (`type: "tab"`), subflow templates
 * (`type: "subflow"`), nodes (with `z` = their tab or subflow), groups, junctions, and config nodes (global
 * without `z`, flow-scoped with it). Each tab and each subflow is one Flowbench flow (`structure: 'graph'`):
 * - a node with `wires` or a position is a step: `id`, `type`, `name` → title, `x`/`y` → position, `d` →
 *   disabled, `wires[i]` → edges from output port `i` (port ids `'0'`, `'1'`, …; the input port is `'in'`);
 *   every other field is a param, as it came (links, credentials placeholders, `info`, unknown fields);
 *   `g` (its group) rides in `extensions.nodered.g`;
 * - groups, flow-scoped config nodes and anything else in the tab ride along untouched in
 *   `flow.extensions.nodered.others`; the tab (or subflow) object itself in `flow.extensions.nodered.tab`.
 *
 * Byte-identical saves: Node-RED answers `GET /flows` with JSON.stringify of what was deployed, so a node is
 * written back with its keys in their original order (`extensions.nodered.keys`) and the tab's objects in
 * their original places of the global array; new keys and new nodes go where Node-RED's editor puts them.
 * Objects of other tabs and global config nodes are taken from the server's current copy, never from here.
 */
import { DEFAULT_INPUT_PORT, FLOW_SCHEMA_VERSION, type Edge, type Flow, type Step } from '../../model/flow';
import type { FlowSummary } from '../types';
import type { NodeObject } from './schemas';

export const NODERED_DIALECT = 'nodered';
export const INPUT_PORT = DEFAULT_INPUT_PORT;

/** Step fields that are not params. */
const STRUCTURAL = new Set(['id', 'type', 'z', 'name', 'x', 'y', 'wires', 'd', 'g']);

export interface NodeRedStepExtension {
  /** The node's keys in their original order. */
  keys: string[];
  /** Group membership (`g`). */
  g?: string;
  /** The original value of `d` when it was not `true` (e.g. an explicit `false`). */
  d?: unknown;
  /** Number of outputs (`wires.length`). */
  outputs: number;
}

export interface NodeRedFlowExtension {
  kind: 'tab' | 'subflow';
  /** The tab or subflow object as stored, without its label/name and info (those are the flow's name and description). */
  tab: NodeObject;
  /** The container's keys in their stored order, label/name and info included. */
  tabKeys: string[];
  /** Groups, flow-scoped config nodes and other non-step objects of the tab, as stored. */
  others: NodeObject[];
  /** Ids of the tab's objects in their order in the global array (tab first where it was). */
  order: string[];
}

export function portIdOf(index: number): string {
  return String(index);
}

/** Ports of a node: one input (none for inject-like nodes is still wired nowhere), `n` outputs labelled like the editor. */
export function outputPorts(n: number, node?: NodeObject): NonNullable<Step['ports']> {
  const labels = Array.isArray(node?.outputLabels) ? (node.outputLabels as unknown[]) : [];
  return {
    inputs: [{ id: INPUT_PORT }],
    outputs: Array.from({ length: n }, (_, i) => {
      const label = labels[i];
      return typeof label === 'string' && label !== '' ? { id: portIdOf(i), label: { text: label } } : { id: portIdOf(i) };
    }),
  };
}

export function isStepObject(o: NodeObject): boolean {
  if (o.type === 'tab' || o.type === 'subflow' || o.type === 'group') return false;
  return Array.isArray(o.wires) || (typeof o.x === 'number' && typeof o.y === 'number');
}

/** Tabs and subflows, in array order. */
export function containersOf(flows: NodeObject[]): NodeObject[] {
  return flows.filter((o) => o.type === 'tab' || o.type === 'subflow');
}

export function objectsOfContainer(flows: NodeObject[], id: string): NodeObject[] {
  return flows.filter((o) => o.id === id || o.z === id);
}

/** Deterministic content hash (FNV-1a, 53 bits) of a tab's objects: its per-flow revision. */
export function contentHash(objects: NodeObject[]): string {
  const text = JSON.stringify(objects);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619) >>> 0;
    h2 = Math.imul(h2 ^ c, 2246822519) >>> 0;
  }
  return (h2 & 0x1fffff).toString(16).padStart(6, '0') + h1.toString(16).padStart(8, '0');
}

/** The per-flow revision: the tab's content hash, then the server's `rev` it was read at. */
export function revisionOf(objects: NodeObject[], rev: string): string {
  return `${contentHash(objects)}@${rev}`;
}

export function parseRevision(revision: string): { hash: string; rev: string } {
  const at = revision.indexOf('@');
  return at < 0 ? { hash: revision, rev: '' } : { hash: revision.slice(0, at), rev: revision.slice(at + 1) };
}

function containerName(o: NodeObject): string {
  const v = o.type === 'subflow' ? o.name : o.label;
  return typeof v === 'string' ? v : '';
}

function stepFromNode(o: NodeObject, kindOf: (type: string) => Step['kind']): Step {
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!STRUCTURAL.has(k)) params[k] = v;
  const ext: NodeRedStepExtension = { keys: Object.keys(o), outputs: o.wires?.length ?? 0 };
  if (typeof o.g === 'string') ext.g = o.g;
  if ('d' in o && o.d !== true) ext.d = o.d;
  const step: Step = {
    id: o.id,
    kind: kindOf(o.type),
    type: o.type,
    title: typeof o.name === 'string' ? o.name : '',
    params,
    extensions: { nodered: ext },
  };
  if (typeof o.x === 'number' && typeof o.y === 'number') step.position = { x: o.x, y: o.y };
  if (o.d === true) step.disabled = true;
  step.ports = outputPorts(ext.outputs, o);
  return step;
}

/** One tab or subflow of the configuration as a Flow. */
export function flowFromContainer(flows: NodeObject[], containerId: string, kindOf: (type: string) => Step['kind'] = () => 'action'): Flow | null {
  const container = flows.find((o) => o.id === containerId && (o.type === 'tab' || o.type === 'subflow'));
  if (!container) return null;
  const steps: Record<string, Step> = {};
  const root: string[] = [];
  const edges: Edge[] = [];
  const others: NodeObject[] = [];
  const order: string[] = [];
  for (const o of flows) {
    if (o.id !== containerId && o.z !== containerId) continue;
    order.push(o.id);
    if (o.id === containerId) continue;
    if (!isStepObject(o)) {
      others.push(o);
      continue;
    }
    steps[o.id] = stepFromNode(o, kindOf);
    root.push(o.id);
  }
  for (const id of root) {
    const wires = flows.find((o) => o.id === id)?.wires ?? [];
    wires.forEach((targets, port) => {
      targets.forEach((target, j) => {
        edges.push({ id: `${id}:${port}:${j}:${target}`, source: id, sourcePort: portIdOf(port), target, targetPort: INPUT_PORT });
      });
    });
  }
  const nameKey = container.type === 'subflow' ? 'name' : 'label';
  const tab = Object.fromEntries(Object.entries(container).filter(([k]) => k !== nameKey && k !== 'info')) as NodeObject;
  const ext: NodeRedFlowExtension = { kind: container.type === 'subflow' ? 'subflow' : 'tab', tab, tabKeys: Object.keys(container), others, order };
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    id: container.id,
    name: containerName(container),
    description: typeof container.info === 'string' ? container.info : '',
    tags: container.type === 'subflow' ? ['subflow'] : [],
    structure: 'graph',
    steps,
    root,
    edges,
    notes: [],
    inputs: [],
    dialect: NODERED_DIALECT,
    extensions: { nodered: ext },
  };
}

export function flowExtension(flow: Flow): NodeRedFlowExtension | null {
  const ext = flow.extensions?.nodered as NodeRedFlowExtension | undefined;
  return ext && typeof ext === 'object' && ext.tab ? ext : null;
}

function stepExtension(step: Step): NodeRedStepExtension | null {
  const ext = step.extensions?.nodered as NodeRedStepExtension | undefined;
  return ext && Array.isArray(ext.keys) ? ext : null;
}

/** Output count of a step: its ports, else what it had, else what the type declares. */
/**
 * Node types whose output count is a function of their params, as Node-RED's editor sets it: a switch has
 * one output per rule. Their count is recomputed on save (wires of outputs that are gone are dropped).
 */
export function derivedOutputs(type: string, params: Record<string, unknown>): number | null {
  if (type === 'switch' && Array.isArray(params.rules)) return params.rules.length;
  return null;
}

function outputCount(step: Step, edges: Edge[], declared: (type: string, params: Record<string, unknown>) => number | null): number {
  const derived = derivedOutputs(step.type, step.params);
  if (derived !== null) return derived;
  const ports = step.ports;
  let n = Array.isArray(ports?.outputs) ? ports.outputs.length : (stepExtension(step)?.outputs ?? declared(step.type, step.params) ?? 1);
  for (const e of edges) if (e.source === step.id) n = Math.max(n, Number(e.sourcePort) + 1 || n);
  return n;
}

function wiresOf(step: Step, edges: Edge[], n: number): string[][] {
  const wires: string[][] = Array.from({ length: n }, () => []);
  for (const e of edges) {
    if (e.source !== step.id) continue;
    const i = Number(e.sourcePort);
    if (Number.isInteger(i) && i >= 0 && i < n) wires[i]!.push(e.target);
  }
  return wires;
}

/** The node object of a step, keys in their original order (new keys where Node-RED's editor puts them). */
export function nodeFromStep(
  step: Step,
  containerId: string,
  edges: Edge[],
  declared: (type: string, params: Record<string, unknown>) => number | null = () => null,
): NodeObject {
  const ext = stepExtension(step);
  const n = outputCount(step, edges, declared);
  const value = (key: string): [boolean, unknown] => {
    switch (key) {
      case 'id':
        return [true, step.id];
      case 'type':
        return [true, step.type];
      case 'z':
        return [true, containerId];
      case 'name':
        return [ext?.keys.includes('name') || step.title !== '', step.title];
      case 'x':
        return [step.position !== undefined, step.position?.x];
      case 'y':
        return [step.position !== undefined, step.position?.y];
      case 'wires':
        return [true, wiresOf(step, edges, n)];
      case 'd':
        if (step.disabled) return [true, true];
        return [ext !== null && 'd' in ext, ext?.d];
      case 'g':
        return [ext?.g !== undefined, ext?.g];
      case 'outputs':
        // Node-RED keeps `outputs` equal to the number of wires arrays.
        return [key in step.params || derivedOutputs(step.type, step.params) !== null, derivedOutputs(step.type, step.params) ?? step.params[key]];
      default:
        return [key in step.params, step.params[key]];
    }
  };
  const keys = ext
    ? [...ext.keys]
    : ['id', 'type', 'z', 'name'];
  // Keys the node did not have: the name after z, d after z, params before x/y/wires, then x, y, wires.
  const insertBefore = (key: string, before: string[]) => {
    if (keys.includes(key)) return;
    const at = keys.findIndex((k) => before.includes(k));
    if (at < 0) keys.push(key);
    else keys.splice(at, 0, key);
  };
  if (step.disabled) insertBefore('d', ['name', ...Object.keys(step.params), 'x', 'y', 'wires']);
  if (step.title !== '') insertBefore('name', [...Object.keys(step.params), 'x', 'y', 'wires']);
  for (const k of Object.keys(step.params)) if (!STRUCTURAL.has(k)) insertBefore(k, ['x', 'y', 'wires']);
  if (step.position) {
    insertBefore('x', ['y', 'wires']);
    insertBefore('y', ['wires']);
  }
  insertBefore('wires', []);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const [present, v] = value(key);
    if (present) out[key] = v;
  }
  return out as NodeObject;
}

/** The tab (or subflow) object with the flow's name and description, keys where they were. */
function containerFromFlow(flow: Flow, existing: NodeObject | undefined): NodeObject {
  const ext = flowExtension(flow);
  const base: NodeObject = ext?.tab ?? existing ?? { id: flow.id, type: 'tab', label: '', disabled: false, info: '', env: [] };
  const nameKey = base.type === 'subflow' ? 'name' : 'label';
  const keys = ext?.tabKeys ?? Object.keys(base);
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (k === nameKey) out[k] = flow.name;
    else if (k === 'info') out[k] = flow.description;
    else if (k in base) out[k] = base[k];
  }
  for (const [k, v] of Object.entries(base)) if (!(k in out) && k !== nameKey && k !== 'info') out[k] = v;
  if (!(nameKey in out)) out[nameKey] = flow.name;
  if (!('info' in out) && flow.description !== '') out.info = flow.description;
  out.id = flow.id;
  return out as NodeObject;
}

/** The flow's objects: its container, its steps as nodes, and what rode along, in their stored order. */
export function objectsOfFlow(flow: Flow, declared?: (type: string, params: Record<string, unknown>) => number | null, existing?: NodeObject): NodeObject[] {
  const ext = flowExtension(flow);
  const edges = flow.edges;
  const byId = new Map<string, NodeObject>();
  byId.set(flow.id, containerFromFlow(flow, existing));
  for (const o of ext?.others ?? []) byId.set(o.id, o);
  for (const id of flow.root) {
    const step = flow.steps[id];
    if (step) byId.set(id, nodeFromStep(step, flow.id, edges, declared));
  }
  const out: NodeObject[] = [];
  const placed = new Set<string>();
  for (const id of ext?.order ?? []) {
    const o = byId.get(id);
    if (o && !placed.has(id)) {
      out.push(o);
      placed.add(id);
    }
  }
  for (const [id, o] of byId) if (!placed.has(id)) out.push(o);
  return out;
}

/**
 * The whole configuration with one flow replaced: its objects where they were in `current`, new ones after
 * the flow's last object (or at the end), everything else exactly as `current` has it.
 */
export function replaceFlowObjects(current: NodeObject[], flowId: string, objects: NodeObject[]): NodeObject[] {
  const mine = new Map(objects.map((o) => [o.id, o]));
  const out: NodeObject[] = [];
  const used = new Set<string>();
  let lastIndex = -1;
  for (const o of current) {
    const belongs = o.id === flowId || o.z === flowId;
    if (!belongs) {
      out.push(o);
      continue;
    }
    const replacement = mine.get(o.id);
    if (replacement) {
      out.push(replacement);
      used.add(o.id);
    }
    lastIndex = out.length - 1;
  }
  const fresh = objects.filter((o) => !used.has(o.id));
  if (lastIndex < 0) out.push(...fresh);
  else out.splice(lastIndex + 1, 0, ...fresh);
  return out;
}

export function summaryOf(flow: Flow, objects: NodeObject[], rev: string): FlowSummary {
  const ext = flowExtension(flow);
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    folderId: null,
    tags: flow.tags,
    enabled: ext?.tab.disabled !== true,
    favourite: false,
    stepCount: flow.root.length,
    modifiedAt: 0,
    revision: revisionOf(objects, rev),
  };
}

/**
 * Node ids are global in Node-RED: a new flow whose step ids are already taken (a copy of an existing tab)
 * gets fresh ids for those steps, with its edges, groups' member lists and ordering rewritten.
 */
export function withFreshIds(flow: Flow, taken: ReadonlySet<string>, newId: () => string): Flow {
  const renamed = new Map<string, string>();
  for (const id of flow.root) if (taken.has(id)) renamed.set(id, newId());
  const ext = flowExtension(flow);
  for (const o of ext?.others ?? []) if (taken.has(o.id)) renamed.set(o.id, newId());
  if (renamed.size === 0) return flow;
  const map = (id: string) => renamed.get(id) ?? id;
  const steps: Record<string, Step> = {};
  for (const id of flow.root) {
    const step = flow.steps[id];
    if (!step) continue;
    const sx = stepExtension(step);
    steps[map(id)] = { ...step, id: map(id), ...(sx?.g ? { extensions: { ...step.extensions, nodered: { ...sx, g: map(sx.g) } } } : {}) };
  }
  const others = (ext?.others ?? []).map((o) => ({
    ...o,
    id: map(o.id),
    ...(Array.isArray(o.nodes) ? { nodes: (o.nodes as unknown[]).map((n) => (typeof n === 'string' ? map(n) : n)) } : {}),
  })) as NodeObject[];
  return {
    ...flow,
    steps,
    root: flow.root.map(map),
    edges: flow.edges.map((e) => ({ ...e, id: `${map(e.source)}:${e.sourcePort}:${map(e.target)}:${e.id}`, source: map(e.source), target: map(e.target) })),
    extensions: ext ? { ...flow.extensions, nodered: { ...ext, others, order: ext.order.map(map) } } : flow.extensions,
  };
}
