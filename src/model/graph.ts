/**
 * Block flow <-> graph flow.
 *
 * The graph form of a block flow is derived, never stored: `deriveEdges` is the single definition of which
 * edges a block structure means, and `fromGraphFlow` is accepted only when re-deriving its result gives back
 * exactly the edges it started from. That check makes the inverse trustworthy without proving the heuristic
 * (merge point detection) correct for every shape.
 */
import { produce } from 'immer';
import { topologicalOrderOf } from './analysis';
import { DEFAULT_INPUT_PORT, type BranchName, type Edge, type Flow, type SourceHandle, type StepId } from './flow';

const BLOCK_PORTS: ReadonlySet<string> = new Set<SourceHandle>(['out', 'true', 'false', 'body', 'after']);

/** A readable, deterministic edge id; the target port is named only when it is not the default `in`. */
export function edgeId(source: StepId, sourcePort: string, target: StepId, targetPort: string = DEFAULT_INPUT_PORT): string {
  return `${source}:${sourcePort}->${target}${targetPort === DEFAULT_INPUT_PORT ? '' : `:${targetPort}`}`;
}

function makeEdge(source: StepId, sourcePort: SourceHandle, target: StepId): Edge {
  return { id: edgeId(source, sourcePort, target), source, sourcePort, target, targetPort: DEFAULT_INPUT_PORT };
}

/**
 * The edges a block flow means. Plain steps: `out` -> next step. If: `true`/`false` -> first step of
 * then/else, or the step after the block when the branch is empty or missing; each branch's last step -> the
 * step after the block. Loop: `body` -> first body step, `after` -> the step after the loop; the body's last
 * step has no edge back, so the graph stays acyclic (the loop is the step's semantics, not an edge).
 * A graph flow returns its stored edges.
 */
export function deriveEdges(flow: Flow): Edge[] {
  if (flow.structure === 'graph') return flow.edges;
  const edges: Edge[] = [];
  const add = (source: StepId, handle: SourceHandle, target: StepId | null | undefined): void => {
    if (target != null) edges.push(makeEdge(source, handle, target));
  };
  const walk = (list: StepId[], after: StepId | null): void => {
    list.forEach((id, i) => {
      const next = list[i + 1] ?? after;
      const step = flow.steps[id];
      if (!step) return;
      if (step.kind === 'if') {
        const thenList = step.branches?.then ?? [];
        const elseList = step.branches?.else ?? [];
        add(id, 'true', thenList[0] ?? next);
        add(id, 'false', elseList[0] ?? next);
        walk(thenList, next);
        walk(elseList, next);
      } else if (step.kind === 'loop') {
        const body = step.branches?.body ?? [];
        add(id, 'body', body[0]);
        add(id, 'after', next);
        walk(body, null);
      } else {
        add(id, 'out', next);
      }
    });
  };
  walk(flow.root, null);
  return edges;
}

/**
 * Steps in topological order. Ties (and cycles, which free graphs from foreign backends may have) are broken
 * by position in `root`, so the order is stable across calls and edits elsewhere in the flow.
 */
export const topologicalOrder = topologicalOrderOf;

/** Pre-order of a block flow, which is also the `root` order of its graph form. */
function preorder(flow: Flow): StepId[] {
  const out: StepId[] = [];
  const walk = (list: StepId[]): void => {
    for (const id of list) {
      out.push(id);
      const b = flow.steps[id]?.branches;
      if (b) for (const name of ['then', 'else', 'body'] as const) walk(b[name] ?? []);
    }
  };
  walk(flow.root);
  return out;
}

/** The graph form of a block flow: edges derived, branches dropped, `hasElse` kept on ifs that had an else. */
export function toGraphFlow(flow: Flow): Flow {
  if (flow.structure === 'graph') return flow;
  const edges = deriveEdges(flow);
  const order = preorder(flow);
  return produce(flow, (d) => {
    d.structure = 'graph';
    d.edges = edges;
    d.root = order;
    for (const id of order) {
      const step = d.steps[id];
      if (!step?.branches) continue;
      if (step.kind === 'if' && step.branches.else !== undefined) step.hasElse = true;
      delete step.branches;
    }
  });
}

type Targets = Map<SourceHandle, StepId>;

/**
 * Recovers the block structure of a graph flow, or null when the graph is not block-shaped.
 *
 * Rule: the entry is the only step with no incoming edge. A plain step continues with its `out` target; a loop
 * owns the chain starting at its `body` target (which must end without leaving the body) and continues with
 * its `after` target; an if's merge point is the earliest step (in topological order) reachable from both its
 * `true` and `false` targets; each branch is the chain from its target up to the merge point, and the if
 * continues at the merge point. The candidate is then checked: every step placed once and `deriveEdges` of it
 * equal to the graph's edges. Anything else (fan-out, joins outside an if, back edges) returns null.
 */
export function fromGraphFlow(graph: Flow): Flow | null {
  if (graph.structure === 'blocks') return graph;
  const stepIds = Object.keys(graph.steps);
  const out = new Map<StepId, Targets>();
  const hasIncoming = new Set<StepId>();
  // Steps with their own ports, named input ports and vendor edge data have no block equivalent.
  if (stepIds.some((id) => graph.steps[id]?.ports)) return null;
  for (const e of graph.edges) {
    if (e.targetPort !== DEFAULT_INPUT_PORT || e.extensions || !BLOCK_PORTS.has(e.sourcePort)) return null;
    const targets = out.get(e.source) ?? new Map<SourceHandle, StepId>();
    if (targets.has(e.sourcePort as SourceHandle)) return null; // fan-out has no block equivalent
    targets.set(e.sourcePort as SourceHandle, e.target);
    out.set(e.source, targets);
    hasIncoming.add(e.target);
  }
  const entries = stepIds.filter((id) => !hasIncoming.has(id));
  if (stepIds.length > 0 && entries.length !== 1) return null;

  const rank = new Map(topologicalOrder(graph).map((id, i) => [id, i]));
  const reach = (start: StepId | undefined): Set<StepId> => {
    const seen = new Set<StepId>();
    const stack = start === undefined ? [] : [start];
    while (stack.length > 0) {
      const id = stack.pop() as StepId;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const t of out.get(id)?.values() ?? []) stack.push(t);
    }
    return seen;
  };
  const mergeOf = (a: StepId | undefined, b: StepId | undefined): StepId | null => {
    const fromB = reach(b);
    let best: StepId | null = null;
    for (const id of reach(a)) {
      if (fromB.has(id) && (best === null || (rank.get(id) ?? 0) < (rank.get(best) ?? 0))) best = id;
    }
    return best;
  };

  const placed = new Set<StepId>();
  const branches = new Map<StepId, Partial<Record<BranchName, StepId[]>>>();
  let broken = false;
  const chain = (start: StepId | undefined, stop: StepId | null): StepId[] => {
    const list: StepId[] = [];
    let cur: StepId | null = start ?? null;
    while (cur !== null && cur !== stop && !broken) {
      const step = graph.steps[cur];
      if (!step || placed.has(cur)) {
        broken = true;
        break;
      }
      placed.add(cur);
      list.push(cur);
      const targets = out.get(cur);
      if (step.kind === 'if') {
        const t = targets?.get('true');
        const f = targets?.get('false');
        const merge = mergeOf(t, f);
        const thenList = chain(t, merge);
        const elseList = chain(f, merge);
        const withElse = step.hasElse === true || elseList.length > 0;
        branches.set(cur, withElse ? { then: thenList, else: elseList } : { then: thenList });
        cur = merge;
      } else if (step.kind === 'loop') {
        branches.set(cur, { body: chain(targets?.get('body'), null) });
        cur = targets?.get('after') ?? null;
      } else {
        cur = targets?.get('out') ?? null;
      }
    }
    return list;
  };
  const root = chain(entries[0], null);
  if (broken || placed.size !== stepIds.length) return null;

  const candidate = produce(graph, (d) => {
    d.structure = 'blocks';
    d.root = root;
    d.edges = [];
    for (const id of stepIds) {
      const step = d.steps[id];
      if (!step) continue;
      const b = branches.get(id);
      if (b) step.branches = b;
      if (step.hasElse !== undefined) delete step.hasElse;
    }
  });
  const key = (e: Edge): string => edgeId(e.source, e.sourcePort, e.target, e.targetPort);
  const expected = graph.edges.map(key).sort();
  const actual = deriveEdges(candidate).map(key).sort();
  if (expected.length !== actual.length || expected.some((k, i) => k !== actual[i])) return null;
  return candidate;
}
