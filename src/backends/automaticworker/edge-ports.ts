/**
 * Edge <-> ports glue for the mapping: an AutoMaticWorker edge's `sourceHandle` / `targetHandle` are the
 * canonical edge's `sourcePort` / `targetPort` (`out` / `in` when absent). Steps whose edges use ports their
 * kind does not have (a condition edge without a handle, a custom handle) get those ports declared, so the
 * document stays valid; they are derived from the edges on every read, never written.
 */
import { DEFAULT_INPUT_PORT, type Edge, type Flow, type PortDefinition } from '../../model/flow';
import { kindPorts } from '../../model/ports';

export const MODEL_HAS_TARGET_PORTS = true;

export interface EdgePorts {
  source: string;
  target: string | undefined;
}

export function portsOfEdge(edge: Edge): EdgePorts {
  return { source: edge.sourcePort, target: edge.targetPort };
}

export function edgeFromPorts(e: { id: string; source: string; sourcePort: string; target: string; targetPort: string | undefined }): Edge {
  return { id: e.id, source: e.source, sourcePort: e.sourcePort, target: e.target, targetPort: e.targetPort ?? DEFAULT_INPUT_PORT };
}

/** Declares, on each step, the ports its edges use beyond its kind's. Mutates `flow` (freshly built). */
export function declareUsedPorts(flow: Flow): void {
  const extraOut = new Map<string, string[]>();
  const extraIn = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, id: string, port: string) => {
    const list = m.get(id) ?? [];
    if (!list.includes(port)) list.push(port);
    m.set(id, list);
  };
  for (const e of flow.edges) {
    const s = flow.steps[e.source];
    const t = flow.steps[e.target];
    if (s && !kindPorts(s.kind).outputs.some((p) => p.id === e.sourcePort)) add(extraOut, e.source, e.sourcePort);
    if (t && !kindPorts(t.kind).inputs.some((p) => p.id === e.targetPort)) add(extraIn, e.target, e.targetPort);
  }
  for (const id of new Set([...extraOut.keys(), ...extraIn.keys()])) {
    const step = flow.steps[id]!;
    const base = kindPorts(step.kind);
    const more = (ids: string[] | undefined): PortDefinition[] => (ids ?? []).map((p) => ({ id: p }));
    step.ports = { inputs: [...base.inputs, ...more(extraIn.get(id))], outputs: [...base.outputs, ...more(extraOut.get(id))] };
  }
}
