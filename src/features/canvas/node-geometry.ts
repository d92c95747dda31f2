/**
 * Step nodes have a fixed size (canvas.css sizes `.fb-node` to match), so React Flow can place a node and
 * its handles before it is ever rendered: a node that arrives with `handles` and `initialWidth/Height` does
 * not need a render-and-measure pass, and with `onlyRenderVisibleElements` a flow of thousands of steps
 * renders only the steps on screen, even on first paint. Once a node is measured its real handle bounds
 * take over (the node object then carries `measured` and no `handles`).
 */
import { Position, type NodeHandle } from '@xyflow/react';
import type { PortDefinition, SourceHandle, StepKind, StepPorts } from '../../model/flow';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 64;
/** Handle box size (`.fb-handle` in canvas.css). */
const HANDLE = 10;

/** Source handles per kind, and where they sit along the bottom edge (percent of the width). */
export const SOURCE_HANDLES: Record<StepKind, ReadonlyArray<{ id: SourceHandle; left: number }>> = {
  trigger: [{ id: 'out', left: 50 }],
  action: [{ id: 'out', left: 50 }],
  if: [
    { id: 'true', left: 28 },
    { id: 'false', left: 72 },
  ],
  loop: [
    { id: 'body', left: 28 },
    { id: 'after', left: 72 },
  ],
};

function handlesOf(kind: StepKind): NodeHandle[] {
  const handles: NodeHandle[] = SOURCE_HANDLES[kind].map((h) => ({
    id: h.id,
    type: 'source',
    position: Position.Bottom,
    x: (NODE_WIDTH * h.left) / 100 - HANDLE / 2,
    y: NODE_HEIGHT - HANDLE / 2,
    width: HANDLE,
    height: HANDLE,
  }));
  if (kind !== 'trigger') {
    handles.push({ id: 'in', type: 'target', position: Position.Top, x: NODE_WIDTH / 2 - HANDLE / 2, y: -HANDLE / 2, width: HANDLE, height: HANDLE });
  }
  return handles;
}

/** Precomputed handle bounds per kind (shared arrays: React Flow only reads them). */
export const ESTIMATED_HANDLES: Record<StepKind, NodeHandle[]> = {
  trigger: handlesOf('trigger'),
  action: handlesOf('action'),
  if: handlesOf('if'),
  loop: handlesOf('loop'),
};

/**
 * Where each of a row of ports sits along its edge (percent of the width): one in the middle, two where the
 * built-in branches sit, more evenly spread.
 */
export function portOffsets(count: number): number[] {
  if (count === 1) return [50];
  if (count === 2) return [28, 72];
  return Array.from({ length: count }, (_, i) => ((i + 1) * 100) / (count + 1));
}

export interface PlacedPort {
  port: PortDefinition;
  left: number;
}

export function placePorts(ports: readonly PortDefinition[]): PlacedPort[] {
  const offsets = portOffsets(ports.length);
  return ports.map((port, i) => ({ port, left: offsets[i]! }));
}

const byPorts = new Map<string, NodeHandle[]>();

/** Estimated handle bounds of a step with its own ports (cached per port layout). */
export function handlesForPorts(ports: StepPorts): NodeHandle[] {
  const key = `${ports.inputs.map((p) => p.id).join('\u0000')}\u0001${ports.outputs.map((p) => p.id).join('\u0000')}`;
  let hit = byPorts.get(key);
  if (!hit) {
    hit = [
      ...placePorts(ports.outputs).map(({ port, left }) => ({
        id: port.id,
        type: 'source' as const,
        position: Position.Bottom,
        x: (NODE_WIDTH * left) / 100 - HANDLE / 2,
        y: NODE_HEIGHT - HANDLE / 2,
        width: HANDLE,
        height: HANDLE,
      })),
      ...placePorts(ports.inputs).map(({ port, left }) => ({
        id: port.id,
        type: 'target' as const,
        position: Position.Top,
        x: (NODE_WIDTH * left) / 100 - HANDLE / 2,
        y: -HANDLE / 2,
        width: HANDLE,
        height: HANDLE,
      })),
    ];
    byPorts.set(key, hit);
  }
  return hit;
}
