/**
 * Inserting a new step between the two ends of an edge, for both kinds of flow.
 *
 * Block flow: the edge is derived, so the step goes into the slot the edge stands for. A branch outlet
 * (`true`/`false`/`body`) means "first in that branch"; `out`/`after` means "right after the source" (which is
 * the target's slot when the target follows it in the same list, and the end of the branch when the edge
 * leaves a branch towards the step after the block — the edge the user clicked starts inside the branch).
 *
 * Graph flow: the step is added, the edge replaced by source -> new -> target.
 */
import type { Edge, Flow, Position, Slot, SourceHandle, Step } from '../../model/flow';
import { connectWithReport, disconnect, insertStep, slotOf } from '../../model';

export function slotForEdge(flow: Flow, edge: Pick<Edge, 'source' | 'sourcePort' | 'target'>): Slot | null {
  const handle = edge.sourcePort;
  if (handle === 'true') return { parent: edge.source, branch: 'then', index: 0 };
  if (handle === 'false') return { parent: edge.source, branch: 'else', index: 0 };
  if (handle === 'body') return { parent: edge.source, branch: 'body', index: 0 };
  const from = slotOf(flow, edge.source);
  if (from) return { ...from, index: from.index + 1 };
  return slotOf(flow, edge.target);
}

/** The outlets of a new step that continue to what followed it. */
function continuingHandles(step: Step): SourceHandle[] {
  if (step.kind === 'if') return ['true', 'false'];
  if (step.kind === 'loop') return ['after'];
  return ['out'];
}

export interface InsertResult {
  flow: Flow;
  becameGraph: boolean;
}

export function insertOnEdge(flow: Flow, step: Step, edge: Edge, position?: Position): InsertResult {
  const placed: Step = position ? { ...step, position } : step;
  if (flow.structure === 'blocks') {
    const slot = slotForEdge(flow, edge);
    if (!slot) throw new Error(`The connection "${edge.id}" does not belong to this flow.`);
    return { flow: insertStep(flow, placed, slot), becameGraph: false };
  }
  let next = insertStep(flow, placed, { parent: null, branch: null, index: flow.root.length });
  next = disconnect(next, edge.id);
  next = connectWithReport(next, { source: edge.source, sourcePort: edge.sourcePort, target: step.id }).flow;
  for (const handle of continuingHandles(step)) {
    next = connectWithReport(next, { source: step.id, sourcePort: handle, target: edge.target }).flow;
  }
  return { flow: next, becameGraph: false };
}
