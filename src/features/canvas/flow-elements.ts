/**
 * From the flow to what the canvas draws: the graph edges (derived for a block flow, memoised on the block
 * structure only, so a drag or a title edit never re-derives them), the step order, and a position for every
 * step (its own, or an automatic one).
 */
import { deriveEdges } from '../../model';
import type { Edge, Flow, Position, StepId } from '../../model/flow';
import { layeredLayout, resolvePositions, type LayeredLayout } from './layout';

export interface FlowStructureView {
  /** Every step id, in document (pre-)order. */
  order: StepId[];
  edges: Edge[];
}

/**
 * The parts of a flow the edges depend on. For a block flow: the root list and every block's branches
 * record. Model operations keep untouched records by identity, so comparing these shallowly tells whether
 * the structure changed, without deriving anything.
 */
export function structureParts(flow: Flow): unknown[] {
  if (flow.structure === 'graph') return ['graph', flow.root, flow.edges];
  const parts: unknown[] = ['blocks', flow.root];
  for (const id in flow.steps) {
    const branches = flow.steps[id]?.branches;
    if (branches) parts.push(id, branches);
  }
  return parts;
}

/**
 * Whether the structure behind `parts` is unchanged in `flow`, looking only at the root and the blocks
 * `parts` lists: O(blocks), not O(steps), which matters on every pointer move of a drag. A block added or
 * removed anywhere changes the list it sits in (the root or another block's branches), so it is caught too.
 */
function sameStructure(parts: readonly unknown[], flow: Flow): boolean {
  if (flow.structure === 'graph') return parts[0] === 'graph' && parts[1] === flow.root && parts[2] === flow.edges;
  if (parts[0] !== 'blocks' || parts[1] !== flow.root) return false;
  for (let i = 2; i < parts.length; i += 2) {
    if (flow.steps[parts[i] as string]?.branches !== parts[i + 1]) return false;
  }
  return true;
}

function preorder(flow: Flow): StepId[] {
  const out: StepId[] = [];
  const seen = new Set<StepId>();
  const walk = (list: readonly StepId[]) => {
    for (const id of list) {
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(id);
      const b = flow.steps[id]?.branches;
      if (b) for (const name of ['then', 'else', 'body'] as const) walk(b[name] ?? []);
    }
  };
  walk(flow.root);
  // Steps not placed anywhere (a broken document) still show, at the end.
  for (const id in flow.steps) if (!seen.has(id)) out.push(id);
  return out;
}

export function structureOf(flow: Flow): FlowStructureView {
  if (flow.structure === 'graph') {
    const inRoot = new Set(flow.root);
    const order = flow.root.filter((id) => id in flow.steps);
    for (const id in flow.steps) if (!inRoot.has(id)) order.push(id);
    return { order, edges: flow.edges };
  }
  return { order: preorder(flow), edges: deriveEdges(flow) };
}

/**
 * Remembers the last structure and its automatic layout; both are recomputed only when `structureParts`
 * changes (layout only when some step actually lacks a position).
 */
export class FlowElementsMemo {
  private parts: unknown[] | null = null;
  private structure: FlowStructureView = { order: [], edges: [] };
  private layout: LayeredLayout | null = null;
  /** The last positions, for the same steps record and structure: one Map per document change, not per render. */
  private placed: { steps: Flow['steps']; structure: FlowStructureView; result: { positions: Map<StepId, Position>; automatic: number } } | null = null;

  structureOf(flow: Flow): FlowStructureView {
    if (!this.parts || !sameStructure(this.parts, flow)) {
      this.parts = structureParts(flow);
      this.structure = structureOf(flow);
      this.layout = null;
    }
    return this.structure;
  }

  /** Positions for every step of `flow`, and whether any of them is automatic (not stored in the flow). */
  positionsOf(flow: Flow): { positions: Map<StepId, Position>; automatic: number } {
    const structure = this.structureOf(flow);
    if (this.placed && this.placed.steps === flow.steps && this.placed.structure === structure) return this.placed.result;
    const result = this.computePositions(flow, structure);
    this.placed = { steps: flow.steps, structure, result };
    return result;
  }

  private computePositions(flow: Flow, { order, edges }: FlowStructureView): { positions: Map<StepId, Position>; automatic: number } {
    let automatic = 0;
    for (const id of order) if (!flow.steps[id]?.position) automatic++;
    if (automatic === 0) {
      const positions = new Map<StepId, Position>();
      for (const id of order) positions.set(id, flow.steps[id]!.position!);
      return { positions, automatic };
    }
    this.layout ??= layeredLayout(order, edges);
    return { positions: resolvePositions(order, (id) => flow.steps[id]?.position, this.layout, edges), automatic };
  }
}
