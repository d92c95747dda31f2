/**
 * Run tables list steps the way the flow reads, not the way they happened to start: a skipped else-branch
 * step that the engine reported first would otherwise read as if the else ran. And steps that share a title
 * ("Log", "Log") are told apart by where they sit: the branch of the block they are in, and their position.
 */
import { topologicalOrder } from '../../model/graph';
import { walkTree } from '../../model/tree';
import type { BranchName, Flow, StepId } from '../../model/flow';

/** Every step of the flow in reading order: pre-order for block flows, topological order for free graphs. */
export function flowOrder(flow: Pick<Flow, 'structure' | 'root' | 'steps' | 'edges'>): StepId[] {
  if (flow.structure === 'graph') return topologicalOrder(flow);
  const out: StepId[] = [];
  const seen = new Set<StepId>();
  walkTree(flow, (id) => {
    if (seen.has(id)) return;
    seen.add(id);
    out.push(id);
  });
  return out;
}

/**
 * `ids` sorted by their place in `order`; ids the flow no longer has (deleted since the run) keep their
 * relative order, after the others.
 */
export function inFlowOrder(ids: readonly StepId[], order: readonly StepId[]): StepId[] {
  const rank = new Map(order.map((id, i) => [id, i]));
  return ids
    .map((id, i) => ({ id, i, r: rank.get(id) ?? order.length + i }))
    .sort((a, b) => a.r - b.r)
    .map((x) => x.id);
}

/** Where a step sits, to tell it from another step with the same title. Position is 1-based. */
export interface StepPlace {
  /** The enclosing block's id, null at the top level. */
  parent: StepId | null;
  branch: BranchName | null;
  position: number;
}

/**
 * The place of every step whose title is shared with another step (by `titleOf`); unique titles need none.
 * Free graphs have no branches: their position is the reading order.
 */
export function duplicatePlaces(
  flow: Pick<Flow, 'structure' | 'root' | 'steps' | 'edges'>,
  titleOf: (id: StepId) => string,
): Map<StepId, StepPlace> {
  const byTitle = new Map<string, StepId[]>();
  for (const id of Object.keys(flow.steps)) {
    const title = titleOf(id);
    byTitle.set(title, [...(byTitle.get(title) ?? []), id]);
  }
  const places = new Map<StepId, StepPlace>();
  const shared = (id: StepId) => (byTitle.get(titleOf(id))?.length ?? 0) > 1;
  if (flow.structure === 'graph') {
    flowOrder(flow).forEach(
      (id, i) => shared(id) && places.set(id, { parent: null, branch: null, position: i + 1 }),
    );
    return places;
  }
  walkTree(flow, (id, slot) => {
    if (!places.has(id) && shared(id))
      places.set(id, { parent: slot.parent, branch: slot.branch, position: slot.index + 1 });
  });
  return places;
}
