/**
 * The graph of what ran. Dify's API has no graph endpoint, so an app's picture is accumulated from its runs:
 * every node a run reported becomes a step, every `predecessor_node_id → node_id` an edge (from the case
 * port that fired, for if/else). A branch that has never run is not drawn until it does.
 *
 * Pure except `layoutPositions`, which loads elkjs lazily (it is large) the first time a flow is opened.
 */
import { DEFAULT_INPUT_PORT, FLOW_SCHEMA_VERSION, type Edge, type Flow, type Position, type Step } from '../../model/flow';
import type { ObservedEdge, ObservedNode } from './trace-mapper';

export interface AppGraph {
  nodes: Record<string, ObservedNode & { runs: number }>;
  edges: ObservedEdge[];
  /** Bumped whenever a run adds a node or an edge; the flow's revision. */
  revision: number;
}

export function emptyGraph(): AppGraph {
  return { nodes: {}, edges: [], revision: 0 };
}

const edgeKey = (e: ObservedEdge) => `${e.source}:${e.sourcePort}->${e.target}`;

/** The graph with one run's observations added; the same object when the run showed nothing new. */
export function mergeObservations(graph: AppGraph, nodes: Iterable<ObservedNode>, edges: Iterable<ObservedEdge>): AppGraph {
  let changed = false;
  const nextNodes = { ...graph.nodes };
  for (const n of nodes) {
    const prev = nextNodes[n.stepId];
    if (!prev || prev.title !== n.title || prev.nodeType !== n.nodeType || prev.parent !== n.parent) changed = true;
    nextNodes[n.stepId] = { ...prev, ...n, runs: (prev?.runs ?? 0) + 1 };
  }
  const known = new Set(graph.edges.map(edgeKey));
  const nextEdges = [...graph.edges];
  for (const e of edges) {
    if (known.has(edgeKey(e))) continue;
    known.add(edgeKey(e));
    nextEdges.push(e);
    changed = true;
  }
  if (!changed) return { ...graph, nodes: nextNodes };
  return { nodes: nextNodes, edges: nextEdges, revision: graph.revision + 1 };
}

/** The module id a Dify node type maps to (`dify.llm`, `dify.if-else`, ...). */
export const moduleIdOf = (nodeType: string) => `dify.${nodeType}`;

/** The start step's module: per app, because its form is the app's `user_input_form`. */
export const startModuleIdOf = (flowId: string) => `dify.start@${flowId}`;

export interface AppFlowInfo {
  flowId: string;
  name: string;
  description: string;
  tags: string[];
  /** Vendor data kept on the flow: the parameters, the app's info. */
  extensions: Record<string, unknown>;
  inputs: Flow['inputs'];
}

/** The read-only flow of one app: observed steps and edges, a start step even before the first run. */
export function flowOfApp(info: AppFlowInfo, graph: AppGraph, positions: Record<string, Position> = {}): Flow {
  const steps: Record<string, Step> = {};
  // Nodes that chose a case (if/else, classifiers) get one output port per case seen so far.
  const casePorts = new Map<string, Set<string>>();
  for (const e of graph.edges) {
    if (e.sourcePort === 'out') continue;
    const set = casePorts.get(e.source) ?? new Set<string>();
    set.add(e.sourcePort);
    casePorts.set(e.source, set);
  }
  const nodes = Object.values(graph.nodes);
  if (!graph.nodes.start) nodes.unshift({ stepId: 'start', nodeId: 'start', nodeType: 'start', title: 'Start', runs: 0 });
  for (const n of nodes) {
    const cases = casePorts.get(n.stepId);
    // An if/else whose cases seen are `true` / `false` is the model's own `if` (its two built-in ports);
    // elif cases (or a classifier's classes) make an action with one port per case seen.
    const plainIf = n.nodeType === 'if-else' && cases !== undefined && [...cases].every((c) => c === 'true' || c === 'false');
    const step: Step = {
      id: n.stepId,
      kind: n.nodeType === 'start' ? 'trigger' : plainIf ? 'if' : 'action',
      type: n.nodeType === 'start' ? startModuleIdOf(info.flowId) : moduleIdOf(n.nodeType),
      title: n.title,
      params: {},
      extensions: { dify: { nodeId: n.nodeId, nodeType: n.nodeType, ...(n.parent ? { parent: n.parent } : {}), runs: n.runs } },
    };
    if (cases && !plainIf) {
      step.ports = {
        inputs: n.nodeType === 'start' ? [] : [{ id: DEFAULT_INPUT_PORT }],
        outputs: [...cases].sort().map((id) => ({ id, label: { text: id } })),
      };
    }
    const p = positions[n.stepId];
    if (p) step.position = p;
    steps[n.stepId] = step;
  }
  const edges: Edge[] = graph.edges
    .filter((e) => steps[e.source] && steps[e.target])
    .map((e) => ({
      id: `e-${e.source}-${e.sourcePort}-${e.target}`,
      source: e.source,
      sourcePort: e.sourcePort,
      target: e.target,
      targetPort: DEFAULT_INPUT_PORT,
    }));
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    id: info.flowId,
    name: info.name,
    description: info.description,
    tags: info.tags,
    structure: 'graph',
    steps,
    root: Object.keys(steps),
    edges,
    notes: [],
    inputs: info.inputs,
    dialect: 'dify',
    extensions: { ...info.extensions, dify: { ...(info.extensions.dify as Record<string, unknown> | undefined), readOnly: true, graphRevision: graph.revision } },
  };
}

const NODE_W = 220;
const NODE_H = 72;

/** Top-to-bottom layered layout of the observed graph with elkjs (imported on first use). */
export async function layoutPositions(graph: AppGraph): Promise<Record<string, Position>> {
  const ids = Object.keys(graph.nodes);
  if (!ids.includes('start')) ids.unshift('start');
  if (ids.length === 1) return { [ids[0]!]: { x: 0, y: 0 } };
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const known = new Set(ids);
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '48',
      'elk.layered.spacing.nodeNodeBetweenLayers': '64',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: ids.map((id) => ({ id, width: NODE_W, height: NODE_H })),
    edges: graph.edges
      .filter((e) => known.has(e.source) && known.has(e.target) && e.source !== e.target)
      .map((e) => ({ id: edgeKey(e), sources: [e.source], targets: [e.target] })),
  });
  const positions: Record<string, Position> = {};
  for (const child of result.children ?? []) positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  return positions;
}
