/**
 * Precomputed structure of a graph flow. A loop's body is every step reachable from its `body` handle
 * (not passing through the loop itself); a region runs the steps it owns directly, i.e. minus the bodies of
 * the loops inside it, which those loops run per iteration.
 */
import type { Edge, Flow, StepId } from '../../../model/flow';

export interface GraphIndex {
  out: Map<StepId, Edge[]>;
  in: Map<StepId, Edge[]>;
  /** Position in `flow.root`; ties between ready steps go to the earlier one. */
  order: Map<StepId, number>;
  bodyOf: Map<StepId, Set<StepId>>;
}

export function indexGraph(flow: Flow): GraphIndex {
  const ids = [...flow.root.filter((id) => flow.steps[id]), ...Object.keys(flow.steps).filter((id) => !flow.root.includes(id))];
  const order = new Map(ids.map((id, i) => [id, i] as const));
  const out = new Map<StepId, Edge[]>();
  const inn = new Map<StepId, Edge[]>();
  for (const id of ids) {
    out.set(id, []);
    inn.set(id, []);
  }
  for (const e of flow.edges) {
    // Edges to or from unknown steps cannot run; validation reports them, the engine ignores them.
    if (!order.has(e.source) || !order.has(e.target)) continue;
    out.get(e.source)?.push(e);
    inn.get(e.target)?.push(e);
  }
  const bodyOf = new Map<StepId, Set<StepId>>();
  for (const id of ids) {
    if (flow.steps[id]?.kind !== 'loop') continue;
    const body = new Set<StepId>();
    const stack = (out.get(id) ?? []).filter((e) => e.sourcePort === 'body').map((e) => e.target);
    while (stack.length > 0) {
      const n = stack.pop() as StepId;
      if (n === id || body.has(n)) continue;
      body.add(n);
      for (const e of out.get(n) ?? []) stack.push(e.target);
    }
    bodyOf.set(id, body);
  }
  return { out, in: inn, order, bodyOf };
}

/** The steps a region runs itself: the region minus the bodies of loops inside it. */
export function ownedSteps(region: Iterable<StepId>, index: GraphIndex): Set<StepId> {
  const all = new Set(region);
  const owned = new Set(all);
  for (const id of all) {
    const body = index.bodyOf.get(id);
    if (body) for (const b of body) owned.delete(b);
  }
  return owned;
}
