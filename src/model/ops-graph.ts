/**
 * Edge edits. A block flow has no stored edges, so an edge edit goes through its graph form and comes back
 * as blocks when the result is still block-shaped; otherwise the flow stays a graph and the report says so,
 * because the list view then loses its nesting and the user should know why.
 */
import { produce } from 'immer';
import { DEFAULT_INPUT_PORT, type Edge, type Flow, type StepId } from './flow';
import { deepEqual } from './equal';
import { edgeId, fromGraphFlow, toGraphFlow } from './graph';
import { OpError, type OpErrorCode } from './ops';
import { findPort, inputPortIds, outputPortIds, portsOf, portTypeProblem } from './ports';
import { aKind, capitalized } from './validate-structure';

export interface Connection {
  source: StepId;
  sourcePort: string;
  target: StepId;
  /** Default `in`. */
  targetPort?: string;
}

export interface EdgeEditReport {
  flow: Flow;
  /** True when a block flow had to become a free graph to hold the edit. */
  becameGraph: boolean;
}

function reaches(edges: readonly Edge[], from: StepId, to: StepId): boolean {
  const seen = new Set<StepId>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as StepId;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}

/** Why a connection cannot be made: the sentence, and its code and values for the UI's translation. */
export interface ConnectionRefusal {
  message: string;
  code: OpErrorCode;
  values: Record<string, string>;
}

function refusal(message: string, code: OpErrorCode, values: Record<string, string> = {}): ConnectionRefusal {
  return { message, code, values };
}

function connectionRefusal(flow: Flow, c: Connection): ConnectionRefusal | null {
  const source = flow.steps[c.source];
  if (!source) return refusal(`There is no step "${c.source}" in this flow.`, 'noStep', { id: c.source });
  if (!flow.steps[c.target]) return refusal(`There is no step "${c.target}" in this flow.`, 'noStep', { id: c.target });
  if (c.source === c.target) return refusal('A step cannot be connected to itself.', 'connectSelf');
  const target = flow.steps[c.target]!;
  const outputs = outputPortIds(source);
  if (!outputs.includes(c.sourcePort)) {
    const ports = outputs.join(', ') || 'none';
    return refusal(`${capitalized(aKind(source.kind))} step has no "${c.sourcePort}" output (it has ${ports}).`, 'noOutput', { kind: source.kind, port: c.sourcePort, ports });
  }
  const targetPort = c.targetPort ?? DEFAULT_INPUT_PORT;
  const inputs = inputPortIds(target);
  if (!inputs.includes(targetPort)) {
    const ports = inputs.join(', ') || 'none';
    return refusal(`The target step has no "${targetPort}" input (it has ${ports}).`, 'noInput', { port: targetPort, ports });
  }
  const output = findPort(portsOf(source).outputs, c.sourcePort);
  const input = findPort(portsOf(target).inputs, targetPort);
  const typeProblem = portTypeProblem(output, input);
  if (typeProblem) return refusal(typeProblem, 'portTypes', { produced: (output?.types ?? []).join(' | '), accepted: (input?.types ?? []).join(' | ') });
  const edges = toGraphFlow(flow).edges;
  if (input?.multiple === false && edges.some((e) => e.target === c.target && e.targetPort === targetPort)) {
    return refusal('This input is already connected and takes one connection.', 'inputTaken');
  }
  if (edges.some((e) => e.source === c.source && e.sourcePort === c.sourcePort && e.target === c.target && e.targetPort === targetPort)) {
    return refusal('These steps are already connected.', 'alreadyConnected');
  }
  if (reaches(edges, c.target, c.source)) {
    return refusal('This connection would make a cycle; flows run forwards only. Use a loop step to repeat steps.', 'connectCycle');
  }
  return null;
}

/** Why a connection cannot be made, or null when it can. Useful for React Flow's `isValidConnection`. */
export function connectionProblem(flow: Flow, c: Connection): string | null {
  return connectionRefusal(flow, c)?.message ?? null;
}

/** Back to blocks when the edited graph still is block-shaped (only for flows that started as blocks). */
function settle(before: Flow, graph: Flow): EdgeEditReport {
  if (before.structure === 'graph') return { flow: graph, becameGraph: false };
  const blocks = fromGraphFlow(graph);
  return blocks ? { flow: keepUnchangedSteps(before, blocks), becameGraph: false } : { flow: graph, becameGraph: true };
}

/** The graph detour rebuilds block step records; hand back the old objects where nothing changed. */
function keepUnchangedSteps(before: Flow, after: Flow): Flow {
  let steps: Flow['steps'] | null = null;
  for (const [id, step] of Object.entries(after.steps)) {
    const old = before.steps[id];
    if (old && old !== step && deepEqual(old, step)) (steps ??= { ...after.steps })[id] = old;
  }
  return steps ? { ...after, steps } : after;
}

export function connectWithReport(flow: Flow, c: Connection): EdgeEditReport {
  const refused = connectionRefusal(flow, c);
  if (refused) throw new OpError(refused.message, refused.code, refused.values);
  const graph = produce(toGraphFlow(flow), (d) => {
    const targetPort = c.targetPort ?? DEFAULT_INPUT_PORT;
    d.edges.push({ id: edgeId(c.source, c.sourcePort, c.target, targetPort), source: c.source, sourcePort: c.sourcePort, target: c.target, targetPort });
  });
  return settle(flow, graph);
}

export function connect(flow: Flow, c: Connection): Flow {
  return connectWithReport(flow, c).flow;
}

/** Removes an edge by id. On a block flow the ids are the derived ones (`source:handle->target`). */
export function disconnectWithReport(flow: Flow, edgeIdToRemove: string): EdgeEditReport {
  const graph = toGraphFlow(flow);
  if (!graph.edges.some((e) => e.id === edgeIdToRemove)) throw new OpError(`There is no connection "${edgeIdToRemove}" in this flow.`, 'noConnection', { id: edgeIdToRemove });
  const edited = produce(graph, (d) => {
    d.edges = d.edges.filter((e) => e.id !== edgeIdToRemove);
  });
  return settle(flow, edited);
}

export function disconnect(flow: Flow, edgeIdToRemove: string): Flow {
  return disconnectWithReport(flow, edgeIdToRemove).flow;
}
