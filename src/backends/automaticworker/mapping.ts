/**
 * AutoMaticWorker flow document <-> canonical Flow (a free graph), lossless both ways.
 *
 * Nodes become steps (`id`, `type`, `position`; `data` = params, its `label` = the step title), edges become
 * graph edges whose source port is the edge's `sourceHandle` (`true` / `false` out of a condition node,
 * `out` when absent; the field names are options). What the canonical form cannot say is kept as a
 * *residual*, only where it differs from what `flowToDocument` writes anyway:
 *   - step.extensions.automaticworker: unknown node fields, a key order that differs from ours, a missing
 *     `data`, a non-object `data` or `position`, an empty label;
 *   - flow.extensions.automaticworker: unknown flow fields, key order, a missing / null description;
 *   - edge.extensions.automaticworker: unknown edge fields (`type: "default"`), key order, a missing id, an
 *     explicit `out`.
 * Steps whose edges use ports their kind lacks get them declared in `step.ports` (derived, not written).
 * After building a residual, the reader writes the node back and compares it with the original JSON text; if
 * the residual did not capture everything (an exotic shape), the original node is kept whole (`raw`) and
 * written back verbatim as long as the step is unchanged. So "open, save unchanged" is byte-identical by
 * construction, not by hope.
 *
 * What AutoMaticWorker has no field for (tags, notes, run inputs, flow extensions; a step's onError,
 * timeoutMs, disabled and extensions; an edge's extensions) is stored in a `flowbench` field on the flow,
 * nodes and edges, only when
 * there is something to store. Server-owned fields (`id`, `created_at`, `updated_at`) are never part of the
 * flow: `documentMeta` reads them for the summary.
 *
 * Pure functions; what kind a node type is (condition, start) comes from a small catalog passed in.
 */
import { z } from 'zod';
import { FLOW_SCHEMA_VERSION, type Edge, type Flow, type Position, type RunInputDefinition, type Step, type StepKind } from '../../model/flow';
import { deepEqual } from '../../model/equal';
import { noteSchemaV1, runInputSchemaV1 } from '../../model/restore-schema';
import { BackendError } from '../types';
import { MANAGED_FLOW_FIELDS, amwFlowSchema, type AmwFlowDocument } from './document';
import { MODEL_HAS_TARGET_PORTS, declareUsedPorts, edgeFromPorts, portsOfEdge } from './edge-ports';

import { AMW_DIALECT } from './kind';

export { AMW_DIALECT };
/** The flow / node field Flowbench-only data is kept in. */
export const FLOWBENCH_FIELD = 'flowbench';
/** The extensions key residuals live under. */
export const EXT = 'automaticworker';

export interface AmwMappingOptions {
  /** Node types whose outputs are the `true` / `false` ports (default `['condition']`). */
  conditionTypes: string[];
  /** Node types that start a flow (default `['start']`). */
  triggerTypes: string[];
  /** Edge field naming the source node's output port (default `sourceHandle`, React Flow's name). */
  sourcePortField: string;
  /** Edge field naming the target node's input port (default `targetHandle`). */
  targetPortField: string;
  /** Field of `data` holding the node's display title (default `label`). */
  titleField: string;
}

export const DEFAULT_MAPPING: AmwMappingOptions = {
  conditionTypes: ['condition'],
  triggerTypes: ['start'],
  sourcePortField: 'sourceHandle',
  targetPortField: 'targetHandle',
  titleField: 'label',
};

type Json = Record<string, unknown>;

interface NodeResidual {
  fields?: Json;
  keys?: string[];
  dataKeys?: string[];
  noData?: true;
  rawData?: unknown;
  rawPosition?: unknown;
  emptyTitle?: true;
  raw?: Json;
}

interface EdgeResidual {
  fields?: Json;
  keys?: string[];
  noId?: true;
  explicitOut?: true;
  raw?: Json;
}

interface FlowResidual {
  fields?: Json;
  keys?: string[];
  description?: 'missing' | 'null';
  /** The flowbench field when it is not ours to read (some other tool's, or malformed). */
  foreignFlowbench?: unknown;
  /** Run inputs read from the start node's `fields` (JSON), not written back while they are unchanged. */
  derivedInputs?: string;
}

const FIELD_TYPES: Record<string, RunInputDefinition['type']> = { string: 'string', number: 'number', integer: 'number', boolean: 'boolean', object: 'json', array: 'json' };

/**
 * The start nodes' `data.fields` (`[{name, type}]`, what `input_data` should carry) as the flow's run
 * inputs, so the run dialog asks for them. None is required: the server runs without them.
 */
export function inputsFromStartNodes(flow: Flow, opts: AmwMappingOptions = DEFAULT_MAPPING): RunInputDefinition[] {
  const out: RunInputDefinition[] = [];
  const seen = new Set<string>();
  for (const id of flow.root) {
    const step = flow.steps[id];
    if (!step || !opts.triggerTypes.includes(step.type)) continue;
    const fields = step.params.fields;
    if (!Array.isArray(fields)) continue;
    for (const f of fields) {
      if (!isRecord(f) || typeof f.name !== 'string' || f.name === '' || seen.has(f.name)) continue;
      seen.add(f.name);
      out.push({ id: f.name, label: f.name, type: FIELD_TYPES[String(f.type)] ?? 'string' });
    }
  }
  return out;
}

const flowbenchFlowSchema = z.strictObject({
  tags: z.array(z.string()).optional(),
  notes: z.array(noteSchemaV1).optional(),
  inputs: z.array(runInputSchemaV1).optional(),
  extensions: z.record(z.string(), z.unknown()).optional(),
});

const flowbenchStepSchema = z.strictObject({
  onError: z.enum(['stop', 'continue']).optional(),
  timeoutMs: z.number().optional(),
  disabled: z.boolean().optional(),
  extensions: z.record(z.string(), z.unknown()).optional(),
});

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `obj` with its keys in `order` first (those present), then the rest in their own order. */
function ordered(obj: Json, order: readonly string[] | undefined): Json {
  if (!order) return obj;
  const out: Json = {};
  for (const k of order) if (k in obj) out[k] = obj[k];
  for (const [k, v] of Object.entries(obj)) if (!(k in out)) out[k] = v;
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function withoutUndefined<T extends Json>(obj: T): T {
  for (const k of Object.keys(obj)) if (obj[k] === undefined) delete obj[k];
  return obj;
}

export function kindOfType(type: string, opts: AmwMappingOptions = DEFAULT_MAPPING): StepKind {
  if (opts.conditionTypes.includes(type)) return 'if';
  if (opts.triggerTypes.includes(type)) return 'trigger';
  return 'action';
}

// ------------------------------------------------------------------------------------------------ nodes

const NODE_KNOWN = new Set(['id', 'type', 'position', 'data', FLOWBENCH_FIELD]);

function positionOf(raw: unknown): Position | undefined {
  if (isRecord(raw) && typeof raw.x === 'number' && typeof raw.y === 'number') return { x: raw.x, y: raw.y };
  return undefined;
}

function residualOf(step: Step): NodeResidual {
  const r = step.extensions?.[EXT];
  return isRecord(r) ? (r as NodeResidual) : {};
}

/** The node `step` is written as. */
export function stepToNode(step: Step, opts: AmwMappingOptions = DEFAULT_MAPPING): Json {
  const res = residualOf(step);
  const { [EXT]: _res, ...otherExtensions } = step.extensions ?? {};
  if (res.raw && sameJson(stepWithoutResidual(nodeToStep(res.raw, opts)), stepWithoutResidual(step))) return res.raw;

  const node: Json = { id: step.id, type: step.type };
  const rawPos = positionOf(res.rawPosition);
  if (res.rawPosition !== undefined && deepEqual(rawPos, step.position)) node.position = res.rawPosition;
  else if (step.position) node.position = { x: step.position.x, y: step.position.y };

  const empty = Object.keys(step.params).length === 0 && step.title === '';
  if (res.rawData !== undefined && empty) node.data = res.rawData;
  else if (!(res.noData && empty)) {
    const data: Json = {};
    if (step.title !== '' || res.emptyTitle) data[opts.titleField] = step.title;
    Object.assign(data, step.params);
    node.data = ordered(data, res.dataKeys);
  }

  const flowbench = withoutUndefined({
    onError: step.onError,
    timeoutMs: step.timeoutMs,
    disabled: step.disabled,
    extensions: Object.keys(otherExtensions).length > 0 ? otherExtensions : undefined,
  });
  if (Object.keys(flowbench).length > 0) node[FLOWBENCH_FIELD] = flowbench;
  Object.assign(node, res.fields ?? {});
  return ordered(node, res.keys);
}

/** The step as the node says it: without the residual and without ports (derived from the edges). */
function stepWithoutResidual(step: Step): Step {
  const copy: Step = { ...step };
  delete copy.ports;
  if (!step.extensions || !(EXT in step.extensions)) return copy;
  const { [EXT]: _r, ...rest } = step.extensions;
  copy.extensions = rest;
  if (Object.keys(rest).length === 0) delete copy.extensions;
  return copy;
}

function nodeToStep(node: Json, opts: AmwMappingOptions): Step {
  const id = String(node.id);
  const type = String(node.type);
  const res: NodeResidual = {};
  const step: Step = { id, kind: kindOfType(type, opts), type, title: '', params: {} };

  const position = positionOf(node.position);
  if (position) step.position = position;
  if (node.position !== undefined && !sameJson(node.position, position)) res.rawPosition = node.position;

  if (!('data' in node)) res.noData = true;
  else if (!isRecord(node.data)) res.rawData = node.data;
  else {
    const { [opts.titleField]: title, ...params } = node.data;
    if (typeof title === 'string') {
      step.title = title;
      if (title === '') res.emptyTitle = true;
      step.params = params;
    } else step.params = { ...node.data };
  }

  let extensions: Json = {};
  const fb = flowbenchStepSchema.safeParse(node[FLOWBENCH_FIELD]);
  const fields: Json = {};
  for (const [k, v] of Object.entries(node)) if (!NODE_KNOWN.has(k)) fields[k] = v;
  if (node[FLOWBENCH_FIELD] !== undefined) {
    if (fb.success) {
      if (fb.data.onError) step.onError = fb.data.onError;
      if (fb.data.timeoutMs !== undefined) step.timeoutMs = fb.data.timeoutMs;
      if (fb.data.disabled !== undefined) step.disabled = fb.data.disabled;
      if (fb.data.extensions) extensions = { ...fb.data.extensions };
    } else fields[FLOWBENCH_FIELD] = node[FLOWBENCH_FIELD];
  }
  if (Object.keys(fields).length > 0) res.fields = fields;
  if (Object.keys(res).length > 0) extensions[EXT] = res;
  if (Object.keys(extensions).length > 0) step.extensions = extensions;
  return step;
}

/** Reads a node, adding key-order residuals (or the whole node) until writing it back gives the same JSON. */
function readNode(node: Json, opts: AmwMappingOptions): Step {
  let step = nodeToStep(node, opts);
  if (sameJson(stepToNode(step, opts), node)) return step;
  const res = { ...residualOf(step) };
  res.keys = Object.keys(node);
  if (isRecord(node.data)) res.dataKeys = Object.keys(node.data);
  step = { ...step, extensions: { ...step.extensions, [EXT]: res } };
  if (sameJson(stepToNode(step, opts), node)) return step;
  return { ...step, extensions: { ...step.extensions, [EXT]: { ...res, raw: node } } };
}

// ------------------------------------------------------------------------------------------------ edges

const edgeFlowbenchSchema = z.strictObject({ extensions: z.record(z.string(), z.unknown()) });

function edgeKnown(opts: AmwMappingOptions): Set<string> {
  const known = ['id', 'source', 'target', opts.sourcePortField, FLOWBENCH_FIELD];
  if (MODEL_HAS_TARGET_PORTS) known.push(opts.targetPortField);
  return new Set(known);
}

function edgeResidualOf(edge: Edge): EdgeResidual {
  const r = edge.extensions?.[EXT];
  return isRecord(r) ? (r as EdgeResidual) : {};
}

function writeEdge(edge: Edge, opts: AmwMappingOptions): Json {
  const res = edgeResidualOf(edge);
  const { [EXT]: _r, ...otherExtensions } = edge.extensions ?? {};
  const ports = portsOfEdge(edge);
  const out: Json = {};
  if (!res.noId) out.id = edge.id;
  out.source = edge.source;
  out.target = edge.target;
  if (ports.source !== 'out' || res.explicitOut) out[opts.sourcePortField] = ports.source;
  if (MODEL_HAS_TARGET_PORTS && ports.target !== undefined && ports.target !== 'in') out[opts.targetPortField] = ports.target;
  if (Object.keys(otherExtensions).length > 0) out[FLOWBENCH_FIELD] = { extensions: otherExtensions };
  Object.assign(out, res.fields ?? {});
  return ordered(out, res.keys);
}

function edgeWithoutResidual(edge: Edge): Edge {
  if (!edge.extensions || !(EXT in edge.extensions)) return edge;
  const { [EXT]: _r, ...rest } = edge.extensions;
  const copy: Edge = { ...edge, extensions: rest };
  if (Object.keys(rest).length === 0) delete copy.extensions;
  return copy;
}

function withEdgeResidual(edge: Edge, res: EdgeResidual): Edge {
  const base = edgeWithoutResidual(edge);
  if (Object.keys(res).length === 0) return base;
  return { ...base, extensions: { ...base.extensions, [EXT]: res } };
}

function edgeToModel(raw: Json, index: number, taken: Set<string>, opts: AmwMappingOptions): Edge {
  const res: EdgeResidual = {};
  const source = String(raw.source);
  const target = String(raw.target);
  const port = raw[opts.sourcePortField];
  const targetPort = raw[opts.targetPortField];
  let id: string;
  if (raw.id === undefined || raw.id === null) {
    res.noId = true;
    id = `${source}->${target}#${index}`;
  } else id = String(raw.id);
  while (taken.has(id)) id = `${id}'`;
  taken.add(id);
  const sourcePort = typeof port === 'string' && port !== '' ? port : 'out';
  if (port === 'out') res.explicitOut = true;
  let edge = edgeFromPorts({ id, source, sourcePort, target, targetPort: typeof targetPort === 'string' && targetPort !== '' ? targetPort : undefined });
  const known = edgeKnown(opts);
  const fields: Json = {};
  for (const [k, v] of Object.entries(raw)) if (!known.has(k)) fields[k] = v;
  if (raw[FLOWBENCH_FIELD] !== undefined) {
    const fb = edgeFlowbenchSchema.safeParse(raw[FLOWBENCH_FIELD]);
    if (fb.success) edge = { ...edge, extensions: { ...fb.data.extensions } };
    else fields[FLOWBENCH_FIELD] = raw[FLOWBENCH_FIELD];
  }
  if (Object.keys(fields).length > 0) res.fields = fields;
  edge = withEdgeResidual(edge, res);
  if (sameJson(writeEdge(edge, opts), raw)) return edge;
  res.keys = Object.keys(raw);
  edge = withEdgeResidual(edge, res);
  if (sameJson(writeEdge(edge, opts), raw)) return edge;
  return withEdgeResidual(edge, { ...res, raw });
}

function edgeOut(edge: Edge, opts: AmwMappingOptions): Json {
  const raw = edgeResidualOf(edge).raw;
  if (raw) {
    const again = edgeToModel(raw, 0, new Set(), opts);
    if (deepEqual(edgeWithoutResidual({ ...again, id: edge.id }), edgeWithoutResidual(edge))) return raw;
  }
  return writeEdge(edge, opts);
}

// ------------------------------------------------------------------------------------------------ flows

const FLOW_KNOWN = new Set<string>(['name', 'description', 'nodes', 'edges', FLOWBENCH_FIELD, ...MANAGED_FLOW_FIELDS]);

/** Server-owned facts of a document, for the summary. */
export interface DocumentMeta {
  id: string;
  createdAt: string | null;
  updatedAt: string | null;
}

export function documentMeta(doc: Json): DocumentMeta {
  return {
    id: String(doc.id),
    createdAt: typeof doc.created_at === 'string' ? doc.created_at : null,
    updatedAt: typeof doc.updated_at === 'string' ? doc.updated_at : null,
  };
}

/** A flow document from the server -> Flow. Throws an `internal` BackendError when it is not a flow. */
export function documentToFlow(raw: unknown, opts: AmwMappingOptions = DEFAULT_MAPPING): Flow {
  const parsed = amwFlowSchema.safeParse(raw);
  if (!parsed.success || !isRecord(raw)) {
    throw new BackendError('internal', `The server sent a flow that is not an AutoMaticWorker flow document: ${parsed.error?.message ?? 'not an object'}`, {
      details: { body: raw },
    });
  }
  const doc = raw as AmwFlowDocument;
  const res: FlowResidual = {};
  const flow: Flow = {
    schemaVersion: FLOW_SCHEMA_VERSION,
    id: String(doc.id),
    name: doc.name,
    description: typeof doc.description === 'string' ? doc.description : '',
    tags: [],
    structure: 'graph',
    steps: {},
    root: [],
    edges: [],
    notes: [],
    inputs: [],
    dialect: AMW_DIALECT,
  };
  if (!('description' in doc)) res.description = 'missing';
  else if (doc.description === null) res.description = 'null';

  for (const node of Array.isArray(doc.nodes) ? doc.nodes : []) {
    const step = readNode(node, opts);
    if (flow.steps[step.id]) {
      throw new BackendError('internal', `The flow "${doc.name}" has two nodes with the id "${step.id}".`, { details: { nodeId: step.id } });
    }
    flow.steps[step.id] = step;
    flow.root.push(step.id);
  }
  const taken = new Set<string>();
  (Array.isArray(doc.edges) ? doc.edges : []).forEach((rawEdge, i) => flow.edges.push(edgeToModel(rawEdge, i, taken, opts)));
  declareUsedPorts(flow);

  const fields: Json = {};
  for (const [k, v] of Object.entries(doc)) if (!FLOW_KNOWN.has(k)) fields[k] = v;
  let extensions: Json = {};
  if (doc[FLOWBENCH_FIELD] !== undefined) {
    const fb = flowbenchFlowSchema.safeParse(doc[FLOWBENCH_FIELD]);
    if (fb.success) {
      flow.tags = fb.data.tags ?? [];
      flow.notes = fb.data.notes ?? [];
      flow.inputs = fb.data.inputs ?? [];
      if (fb.data.extensions) extensions = { ...fb.data.extensions };
    } else res.foreignFlowbench = doc[FLOWBENCH_FIELD];
  }
  if (Object.keys(fields).length > 0) res.fields = fields;
  if (flow.inputs.length === 0) {
    const derived = inputsFromStartNodes(flow, opts);
    if (derived.length > 0) {
      flow.inputs = derived;
      res.derivedInputs = JSON.stringify(derived);
    }
  }
  if (Object.keys(res).length > 0) extensions[EXT] = res;
  if (Object.keys(extensions).length > 0) flow.extensions = extensions;

  const expectedKeys = Object.keys(doc).filter((k) => !(MANAGED_FLOW_FIELDS as readonly string[]).includes(k));
  if (!sameJson(Object.keys(flowToDocument(flow, opts)), expectedKeys)) {
    res.keys = expectedKeys;
    flow.extensions = { ...extensions, [EXT]: res };
  }
  return flow;
}

/**
 * Flow -> the body of `POST /api/flows` / `PUT /api/flows/{id}`: every field but the server-owned ones. Only
 * graph flows: a block flow is converted by the caller (`toGraphFlow`).
 */
export function flowToDocument(flow: Flow, opts: AmwMappingOptions = DEFAULT_MAPPING): Json {
  if (flow.structure !== 'graph') {
    throw new BackendError('invalid', 'AutoMaticWorker stores flows as graphs; convert the flow to a graph before saving.');
  }
  const { [EXT]: rawRes, ...otherExtensions } = flow.extensions ?? {};
  const res: FlowResidual = isRecord(rawRes) ? (rawRes as FlowResidual) : {};
  const doc: Json = { name: flow.name };
  if (res.description === 'null' && flow.description === '') doc.description = null;
  else if (!(res.description === 'missing' && flow.description === '')) doc.description = flow.description;

  const seen = new Set<string>();
  const nodes: Json[] = [];
  for (const id of [...flow.root, ...Object.keys(flow.steps)]) {
    const step = flow.steps[id];
    if (!step || seen.has(id)) continue;
    seen.add(id);
    nodes.push(stepToNode(step, opts));
  }
  doc.nodes = nodes;
  doc.edges = flow.edges.map((e) => edgeOut(e, opts));

  const flowbench = withoutUndefined({
    tags: flow.tags.length > 0 ? flow.tags : undefined,
    notes: flow.notes.length > 0 ? flow.notes : undefined,
    // Inputs read from the start node are the start node's: stored only once edited here.
    inputs: flow.inputs.length > 0 && JSON.stringify(flow.inputs) !== res.derivedInputs ? flow.inputs : undefined,
    extensions: Object.keys(otherExtensions).length > 0 ? otherExtensions : undefined,
  });
  if (Object.keys(flowbench).length > 0) doc[FLOWBENCH_FIELD] = flowbench;
  else if (res.foreignFlowbench !== undefined) doc[FLOWBENCH_FIELD] = res.foreignFlowbench;
  Object.assign(doc, res.fields ?? {});
  return ordered(doc, res.keys);
}
