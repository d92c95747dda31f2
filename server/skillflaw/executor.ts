/**
 * A real topological executor over Langflow-format flow data, emitting the events Langflow's build emits
 * (`langflow/api/build.py` `generate_flow_events` and the EventManager): `vertices_sorted`, then per vertex
 * `build_start`, `end_vertex` (the `VertexBuildResponse`), `build_end`; `add_message` and `token` from the
 * chat and model components; `error` when a vertex fails; `end` when the build finishes.
 *
 * Edges feed an output (by `sourceHandle.name`) into an input field (by `targetHandle.fieldName`); a router
 * output that does not fire inactivates everything only reachable through it (`inactivated_vertices`).
 */
import { randomUUID } from 'node:crypto';
import { COMPONENTS_BY_TYPE, promptVariables, type RunContext, type StoredMessage } from './components';
import { outputLog, serialize, type FlowValue } from './values';

export interface FlowDataIn {
  nodes?: unknown[];
  edges?: unknown[];
}

interface Vertex {
  id: string;
  type: string;
  displayName: string;
  template: Record<string, Record<string, unknown>>;
  customFields: Record<string, unknown>;
}

interface Link {
  source: string;
  sourceOutput: string;
  target: string;
  field: string;
}

export interface VertexBuildRecord {
  id: string;
  build_id: string;
  flow_id: string;
  valid: boolean;
  params: string;
  data: Record<string, unknown>;
  artifacts: Record<string, unknown>;
  timestamp: string;
}

export interface ExecuteOptions {
  flowId: string;
  data: FlowDataIn;
  inputs: { input_value?: string; session?: string; type?: string };
  startComponentId?: string;
  stopComponentId?: string;
  emit: (event: string, data: unknown) => Promise<void>;
  signal: AbortSignal;
  tokenDelayMs: number;
  /** Vertices (id or component type) forced to fail, for fault injection. */
  failVertices: Set<string>;
  messages: StoredMessage[];
  files: Map<string, string>;
  /** Earlier results for vertices before a `start_component_id`. */
  cached: Map<string, Record<string, FlowValue>>;
  onVertexBuilt(record: VertexBuildRecord, outputs: Record<string, FlowValue>): void;
}

export class BuildGraphError extends Error {}

/** Decodes Langflow's `œ`-quoted handle strings (`{œfieldNameœ: œinput_valueœ, ...}`). */
export function decodeHandle(h: unknown): Record<string, unknown> | undefined {
  if (typeof h === 'object' && h !== null) return h as Record<string, unknown>;
  if (typeof h !== 'string') return undefined;
  try {
    return JSON.parse(h.replace(/œ/g, '"')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function parseGraph(data: FlowDataIn): { vertices: Map<string, Vertex>; links: Link[] } {
  const vertices = new Map<string, Vertex>();
  for (const raw of data.nodes ?? []) {
    const n = rec(raw);
    if (n.type === 'noteNode') continue;
    const d = rec(n.data);
    const node = rec(d.node);
    const id = typeof n.id === 'string' ? n.id : undefined;
    const type = typeof d.type === 'string' ? d.type : undefined;
    if (!id || !type) throw new BuildGraphError(`A node has no id or type: ${JSON.stringify(raw).slice(0, 120)}`);
    vertices.set(id, {
      id,
      type,
      displayName: typeof node.display_name === 'string' ? node.display_name : type,
      template: rec(node.template) as Record<string, Record<string, unknown>>,
      customFields: rec(node.custom_fields),
    });
  }
  const links: Link[] = [];
  for (const raw of data.edges ?? []) {
    const e = rec(raw);
    const ed = rec(e.data);
    const sh = decodeHandle(ed.sourceHandle) ?? decodeHandle(e.sourceHandle);
    const th = decodeHandle(ed.targetHandle) ?? decodeHandle(e.targetHandle);
    const source = String(e.source ?? '');
    const target = String(e.target ?? '');
    if (!vertices.has(source) || !vertices.has(target)) throw new BuildGraphError(`Edge ${String(e.id)} connects a missing node.`);
    if (typeof sh?.name !== 'string' || typeof th?.fieldName !== 'string') throw new BuildGraphError(`Edge ${String(e.id)} has malformed handles.`);
    links.push({ source, sourceOutput: sh.name, target, field: th.fieldName });
  }
  return { vertices, links };
}

/** Kahn layers; a cycle is an error, as in Langflow without a loop component. */
export function layers(ids: string[], links: Link[]): string[][] {
  const indeg = new Map(ids.map((id) => [id, 0]));
  for (const l of links) if (indeg.has(l.target) && indeg.has(l.source)) indeg.set(l.target, indeg.get(l.target)! + 1);
  const out: string[][] = [];
  let layer = ids.filter((id) => indeg.get(id) === 0);
  const seen = new Set<string>();
  while (layer.length > 0) {
    out.push(layer);
    layer.forEach((id) => seen.add(id));
    const next: string[] = [];
    for (const id of layer) {
      for (const l of links) {
        if (l.source !== id || !indeg.has(l.target)) continue;
        indeg.set(l.target, indeg.get(l.target)! - 1);
        if (indeg.get(l.target) === 0) next.push(l.target);
      }
    }
    layer = [...new Set(next)];
  }
  if (seen.size !== ids.length) throw new BuildGraphError('The flow has a cycle; SkillFlaw cannot sort its vertices.');
  return out;
}

function reach(from: string, links: Link[], dir: 'down' | 'up'): Set<string> {
  const out = new Set<string>([from]);
  const stack = [from];
  while (stack.length) {
    const cur = stack.pop()!;
    for (const l of links) {
      const [a, b] = dir === 'down' ? [l.source, l.target] : [l.target, l.source];
      if (a === cur && !out.has(b)) {
        out.add(b);
        stack.push(b);
      }
    }
  }
  return out;
}

function fieldValue(f: Record<string, unknown>): unknown {
  if (f.type === 'file') return f.file_path || f.value;
  return f.value;
}

/** Raised for a failing vertex: the `error` event names it. */
export class VertexError extends Error {
  constructor(
    readonly vertex: Vertex,
    message: string,
  ) {
    super(message);
  }
}

export async function executeFlow(o: ExecuteOptions): Promise<{ outputs: Record<string, Record<string, FlowValue>> }> {
  const { vertices, links } = parseGraph(o.data);
  const all = [...vertices.keys()];
  let toRun = new Set(all);
  if (o.stopComponentId) {
    if (!vertices.has(o.stopComponentId)) throw new BuildGraphError(`Component ${o.stopComponentId} is not in the flow.`);
    toRun = reach(o.stopComponentId, links, 'up');
  }
  if (o.startComponentId) {
    if (!vertices.has(o.startComponentId)) throw new BuildGraphError(`Component ${o.startComponentId} is not in the flow.`);
    const down = reach(o.startComponentId, links, 'down');
    // Upstream vertices without an earlier result are built too: their outputs are needed.
    const needed = new Set(down);
    for (const id of down) for (const up of reach(id, links, 'up')) if (!down.has(up) && !o.cached.has(up)) needed.add(up);
    toRun = new Set([...toRun].filter((id) => needed.has(id)));
  }
  const sortedLayers = layers(all, links).map((l) => l.filter((id) => toRun.has(id))).filter((l) => l.length > 0);
  const order = sortedLayers.flat();
  await o.emit('vertices_sorted', { ids: sortedLayers[0] ?? [], to_run: order });

  const results = new Map<string, Record<string, FlowValue>>();
  for (const [id, r] of o.cached) if (!toRun.has(id)) results.set(id, r);
  const inactive = new Set<string>();
  const sessionId = o.inputs.session || o.flowId;
  const buildId = randomUUID();

  for (let index = 0; index < order.length; index++) {
    const id = order[index]!;
    if (o.signal.aborted) throw o.signal.reason;
    const v = vertices.get(id)!;
    const incoming = links.filter((l) => l.target === id);
    if (incoming.length > 0 && incoming.every((l) => inactive.has(l.source) || (results.has(l.source) && !(l.sourceOutput in results.get(l.source)!)))) {
      inactive.add(id);
      continue;
    }
    await o.emit('build_start', { id });
    const started = Date.now();
    const inputs: Record<string, unknown> = {};
    for (const [name, f] of Object.entries(v.template)) if (!name.startsWith('_') && typeof f === 'object' && f) inputs[name] = fieldValue(f);
    if (v.type === 'Prompt') {
      for (const name of promptVariables(String(inputs.template ?? ''))) if (!(name in inputs)) inputs[name] = '';
    }
    const listFields = new Set(Object.entries(v.template).filter(([, f]) => typeof f === 'object' && f && (f as { list?: unknown }).list === true).map(([k]) => k));
    for (const l of incoming) {
      const src = results.get(l.source);
      if (!src || !(l.sourceOutput in src)) continue;
      const val = src[l.sourceOutput];
      if (listFields.has(l.field)) inputs[l.field] = [...(Array.isArray(inputs[l.field]) ? (inputs[l.field] as unknown[]) : []), val];
      else inputs[l.field] = val;
    }
    if ((v.type === 'ChatInput' || v.type === 'TextInput') && o.inputs.input_value !== undefined && index === order.findIndex((x) => vertices.get(x)!.type === v.type)) {
      inputs.input_value = o.inputs.input_value;
    }
    const logs: Record<string, Array<{ message: string; name: string; type: string }>> = {};
    const ctx: RunContext = {
      vertexId: id,
      displayName: v.displayName,
      flowId: o.flowId,
      sessionId,
      signal: o.signal,
      addMessage: (m) => {
        const stored: StoredMessage = {
          id: m.id ?? randomUUID(),
          flow_id: o.flowId,
          session_id: sessionId,
          sender: m.sender,
          sender_name: m.sender_name,
          text: m.text,
          timestamp: new Date().toISOString().replace('T', ' ').replace('Z', ' UTC'),
          files: [],
          error: false,
          edit: false,
          properties: { source: { id, display_name: v.displayName, source: v.type }, state: m.state ?? 'complete', icon: '', background_color: '', text_color: '' },
          category: 'message',
          content_blocks: [],
        };
        if (m.state !== 'partial') o.messages.push(stored);
        void o.emit('add_message', stored);
        return stored;
      },
      token: async (messageId, chunk) => {
        if (o.tokenDelayMs > 0) await new Promise((r) => setTimeout(r, o.tokenDelayMs));
        if (o.signal.aborted) throw o.signal.reason;
        await o.emit('token', { chunk, id: messageId });
      },
      history: (session) => o.messages.filter((m) => m.session_id === session && m.flow_id === o.flowId),
      log: (name, text) => (logs[name] ??= []).push({ message: text, name, type: 'text' }),
      readFile: (path) => o.files.get(path),
    };
    let outputs: Record<string, FlowValue>;
    try {
      if (o.failVertices.has(id) || o.failVertices.has(v.type)) throw new Error(`Injected failure in ${v.displayName}`);
      const component = COMPONENTS_BY_TYPE.get(v.type);
      if (!component) throw new Error(`Component type ${v.type} is not in this server's catalog.`);
      outputs = await component.run(inputs, ctx);
    } catch (e) {
      if (o.signal.aborted) throw o.signal.reason;
      throw new VertexError(v, e instanceof Error ? e.message : String(e));
    }
    results.set(id, outputs);
    const duration = Date.now() - started;
    const outputLogs = Object.fromEntries(Object.entries(outputs).map(([k, val]) => [k, outputLog(val)]));
    const first = Object.values(outputs)[0];
    const data = {
      results: Object.fromEntries(Object.entries(outputs).map(([k, val]) => [k, serialize(val)])),
      outputs: outputLogs,
      logs,
      message: first === undefined ? {} : outputLog(first),
      artifacts: first === undefined ? {} : { repr: outputLog(first).message, type: outputLog(first).type },
      timedelta: duration / 1000,
      duration: duration < 1000 ? `${duration} ms` : `${(duration / 1000).toFixed(1)} seconds`,
      used_frozen_result: false,
    };
    const remaining = order.slice(index + 1);
    const newlyInactive = [...reachInactive(id, outputs, links, vertices)];
    const record: VertexBuildRecord = {
      id,
      build_id: buildId,
      flow_id: o.flowId,
      valid: true,
      params: JSON.stringify(Object.fromEntries(Object.entries(inputs).filter(([k]) => k !== 'code').map(([k, val]) => [k, serialize(val)]))).slice(0, 2000),
      data,
      artifacts: data.artifacts,
      timestamp: new Date().toISOString(),
    };
    o.onVertexBuilt(record, outputs);
    await o.emit('end_vertex', {
      build_data: {
        id,
        inactivated_vertices: newlyInactive,
        next_vertices_ids: remaining.slice(0, 1),
        top_level_vertices: remaining.slice(0, 1),
        valid: true,
        params: record.params,
        data,
      },
    });
    await o.emit('build_end', { id });
  }
  return { outputs: Object.fromEntries(results) };
}

/** Targets fed only by outputs that did not fire (a router's other branch). */
function reachInactive(id: string, outputs: Record<string, FlowValue>, links: Link[], vertices: Map<string, Vertex>): Set<string> {
  const out = new Set<string>();
  for (const l of links) {
    if (l.source !== id || l.sourceOutput in outputs) continue;
    const others = links.filter((x) => x.target === l.target && !(x.source === id && !(x.sourceOutput in outputs)));
    if (others.length === 0 && vertices.has(l.target)) out.add(l.target);
  }
  return out;
}
