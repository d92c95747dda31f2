/**
 * "Auto-layout" with elkjs (layered, top to bottom). elk is ~1.5 MB, so it is imported only when the user
 * asks for a layout and never lands in the first bundle. Ports keep an if's true branch left of its false
 * branch, and a loop's body left of what follows it, as on the node.
 */
import type { ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs/lib/elk-api';
import type { Position, StepKind } from '../../model/flow';
import type { LayoutEdge } from './layout';

export interface ElkInputNode {
  id: string;
  kind: StepKind;
  width: number;
  height: number;
}

const OUTLETS: Record<StepKind, string[]> = { trigger: ['out'], action: ['out'], if: ['true', 'false'], loop: ['body', 'after'] };

const port = (node: string, handle: string) => `${node}::${handle}`;

export function toElkGraph(nodes: readonly ElkInputNode[], edges: readonly (LayoutEdge & { id: string })[]): ElkNode {
  const known = new Set(nodes.map((n) => n.id));
  const children: ElkNode[] = nodes.map((n) => {
    const ports: ElkPort[] = [
      { id: port(n.id, 'in'), layoutOptions: { 'elk.port.side': 'NORTH', 'elk.port.index': '0' } },
      ...OUTLETS[n.kind].map((h, i) => ({ id: port(n.id, h), layoutOptions: { 'elk.port.side': 'SOUTH', 'elk.port.index': String(i) } })),
    ];
    return { id: n.id, width: n.width, height: n.height, ports, layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' } };
  });
  const elkEdges: ElkExtendedEdge[] = edges
    .filter((e) => known.has(e.source) && known.has(e.target))
    .map((e) => ({ id: e.id, sources: [port(e.source, e.sourcePort)], targets: [port(e.target, 'in')] }));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '48',
      'elk.layered.spacing.nodeNodeBetweenLayers': '64',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.edgeRouting': 'ORTHOGONAL',
    },
    children,
    edges: elkEdges,
  };
}

/** Positions (top-left, px) for every node, from elk's layered algorithm. */
export async function elkLayout(nodes: readonly ElkInputNode[], edges: readonly (LayoutEdge & { id: string })[]): Promise<Record<string, Position>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const result = await elk.layout(toElkGraph(nodes, edges));
  const positions: Record<string, Position> = {};
  for (const child of result.children ?? []) positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  return positions;
}
