/**
 * The one place that knows how the canonical `Edge` names its ports, so the mapping does not care whether the
 * model says `sourceHandle` (block-era edges) or `sourcePort` / `targetPort` (the ports model).
 */
import type { Edge, SourceHandle } from '../../model/flow';

/** Whether the canonical Edge carries a target port; without it a `targetHandle` rides along as an unknown field. */
export const MODEL_HAS_TARGET_PORTS = false;

export interface EdgePorts {
  source: string;
  target: string | undefined;
}

export function portsOfEdge(edge: Edge): EdgePorts {
  return { source: edge.sourceHandle, target: undefined };
}

export function edgeFromPorts(e: { id: string; source: string; sourcePort: string; target: string; targetPort: string | undefined }): Edge {
  // Before the ports model, any port id is carried as a handle id; the canvas shows `true` / `false` / `out`.
  return { id: e.id, source: e.source, sourceHandle: e.sourcePort as SourceHandle, target: e.target };
}
