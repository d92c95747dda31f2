/**
 * The read-only diff graph's nodes and edges, as plain data (the React Flow view maps them 1:1): every step of
 * both documents, removed ones included, with its mark; every edge of either side, marked added, removed or
 * kept. Laid out by the canvas' deterministic layered layout over the union of edges, so removed steps sit
 * where they used to be.
 */
import type { Position } from '../../model/flow';
import { DEFAULT_LAYOUT, layeredLayout } from '../canvas/layout';
import { primaryMark, stepOf, type FlowDiff, type StepMark } from './diff';

export interface DiffGraphNode {
  id: string;
  title: string;
  type: string;
  mark: StepMark | 'unchanged';
  /** Every mark (a step can be changed and moved). */
  marks: StepMark[];
  position: Position;
}

export interface DiffGraphEdge {
  id: string;
  source: string;
  target: string;
  handle: string;
  mark: 'added' | 'removed' | 'kept';
}

export function diffGraphElements(diff: FlowDiff): { nodes: DiffGraphNode[]; edges: DiffGraphEdge[] } {
  const ids = diff.rows.filter((r) => r.role === 'step').map((r) => r.stepId);
  // Steps no row shows (a broken document) still get a node.
  for (const id of Object.keys(diff.steps)) if (!ids.includes(id)) ids.push(id);
  const edges: DiffGraphEdge[] = [
    ...diff.edges.kept.map((e) => ({ ...e, mark: 'kept' as const })),
    ...diff.edges.added.map((e) => ({ ...e, mark: 'added' as const })),
    ...diff.edges.removed.map((e) => ({ ...e, mark: 'removed' as const })),
  ].map((e) => ({ id: e.id, source: e.source, target: e.target, handle: e.sourcePort, mark: e.mark }));
  const layout = layeredLayout(
    ids,
    edges.map((e) => ({ source: e.source, sourcePort: e.handle, target: e.target })),
    DEFAULT_LAYOUT,
  );
  const nodes = ids.map((id, i) => {
    const step = stepOf(diff, id);
    const d = diff.steps[id];
    return {
      id,
      title: step?.title ?? id,
      type: step?.type ?? '',
      mark: primaryMark(d),
      marks: d?.marks ?? [],
      position: layout.positions.get(id) ?? { x: 0, y: i * DEFAULT_LAYOUT.layerGap },
    };
  });
  return { nodes, edges };
}
