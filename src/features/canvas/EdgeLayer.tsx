/**
 * The connections React Flow does not draw, as one SVG layer: a handful of `<path>` elements (plain, taken
 * by the run being shown, selected) however many connections there are. Used for every connection when the
 * canvas is zoomed out (lightweight detail), and for connections with an end outside the viewport window
 * otherwise. It lives in the viewport (it pans and zooms with it without re-rendering) and it subscribes to
 * neither React Flow's store nor translations: it re-renders with the canvas (a document, selection or
 * window change) and when the run being shown changes.
 */
import { memo, useMemo } from 'react';
import { EdgeLabelRenderer } from '@xyflow/react';
import { useEditor } from '../../editor/context';
import { isEdgeExecuted } from '../../backends/run-state';
import type { Edge, Position, Step } from '../../model/flow';
import type { ModuleDefinition } from '../../model/modules';
import { portsOf } from '../../model/ports';
import { NODE_HEIGHT, NODE_WIDTH, portOffsets } from './node-geometry';

interface PortX {
  out: Map<string, number>;
  in: Map<string, number>;
}

/** Port offsets along a step's width, per step record (a drag does not change a record's ports). */
const portCache = new WeakMap<Step, PortX>();

function portX(step: Step, module: ModuleDefinition | undefined): PortX {
  let hit = portCache.get(step);
  if (!hit) {
    const ports = portsOf(step, module);
    const row = (list: ReadonlyArray<{ id: string }>) => {
      const offsets = portOffsets(list.length);
      return new Map(list.map((p, i) => [p.id, (NODE_WIDTH * offsets[i]!) / 100]));
    };
    hit = { out: row(ports.outputs), in: row(ports.inputs) };
    portCache.set(step, hit);
  }
  return hit;
}

/** A right-angled route like the full edges' (down, across, down), or a straight line going back up. */
function segment(sx: number, sy: number, tx: number, ty: number): string {
  if (ty <= sy + 8 || sx === tx) return `M${sx} ${sy}L${tx} ${ty}`;
  const mid = Math.round((sy + ty) / 2);
  return `M${sx} ${sy}V${mid}H${tx}V${ty}`;
}

export interface EdgeLayerProps {
  edges: readonly Edge[];
  /** Connections React Flow draws itself (skipped here). */
  drawnByFlow: ReadonlySet<string> | null;
  steps: Readonly<Record<string, Step>>;
  modules: ReadonlyMap<string, ModuleDefinition>;
  positionOf(id: string): Position | undefined;
  selected: ReadonlySet<string>;
  /** Zoomed far out: steps drawn here as shapes (those React Flow does not hold), in document order. */
  shapes?: readonly string[];
  /** Zoomed far out: selected steps (real nodes, too small to see their own highlight) get an outline here. */
  outlined?: readonly string[];
}

export interface EdgePaths {
  plain: string;
  executed: string;
  selected: string;
  count: number;
}

/** Step shapes by run status (`''`: no status), as path data. */
export function stepShapes(ids: readonly string[], positionOf: (id: string) => Position | undefined, status: (id: string) => string | undefined): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const id of ids) {
    const p = positionOf(id);
    if (!p) continue;
    const key = status(id) ?? '';
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(`M${Math.round(p.x)} ${Math.round(p.y)}h${NODE_WIDTH}v${NODE_HEIGHT}h-${NODE_WIDTH}z`);
  }
  return new Map([...out].map(([k, v]) => [k, v.join('')]));
}

/** The layer's path data (exported for tests). */
export function edgePaths(props: EdgeLayerProps, executed: (e: Edge) => boolean): EdgePaths {
  const plain: string[] = [];
  const taken: string[] = [];
  const chosen: string[] = [];
  let count = 0;
  for (const e of props.edges) {
    if (props.drawnByFlow?.has(e.id)) continue;
    const a = props.steps[e.source];
    const b = props.steps[e.target];
    const p = props.positionOf(e.source);
    const q = props.positionOf(e.target);
    if (!a || !b || !p || !q) continue;
    const sx = p.x + (portX(a, props.modules.get(a.type)).out.get(e.sourcePort) ?? NODE_WIDTH / 2);
    const tx = q.x + (portX(b, props.modules.get(b.type)).in.get(e.targetPort) ?? NODE_WIDTH / 2);
    const d = segment(Math.round(sx), Math.round(p.y + NODE_HEIGHT), Math.round(tx), Math.round(q.y));
    count++;
    if (props.selected.has(e.id)) chosen.push(d);
    else if (executed(e)) taken.push(d);
    else plain.push(d);
  }
  return { plain: plain.join(''), executed: taken.join(''), selected: chosen.join(''), count };
}

function EdgeLayerView(props: EdgeLayerProps) {
  const run = useEditor((s) => s.run);
  const paths = useMemo(() => edgePaths(props, (e) => (run ? isEdgeExecuted(run, e) : false)), [props, run]);
  const shapes = useMemo(
    () => (props.shapes?.length ? stepShapes(props.shapes, props.positionOf, (id) => run?.steps[id]?.status) : null),
    [props.shapes, props.positionOf, run],
  );
  const outline = useMemo(() => (props.outlined?.length ? (stepShapes(props.outlined, props.positionOf, () => '').get('') ?? '') : ''), [props.outlined, props.positionOf]);
  if (paths.count === 0 && !shapes && !outline) return null;
  return (
    <EdgeLabelRenderer>
      <svg className="fb-edge-layer" data-testid="canvas-edge-layer" data-edges={paths.count} data-steps={props.shapes?.length ?? 0} aria-hidden="true">
        {/* Shapes first: connections stay visible over them. */}
        {shapes && [...shapes].map(([status, d]) => <path key={status} className={`fb-step-shapes${status ? ` fb-step-shapes--${status}` : ''}`} d={d} />)}
        {outline && <path className="fb-step-shapes__selected" d={outline} />}
        {paths.plain && <path className="fb-edge-layer__plain" d={paths.plain} />}
        {paths.executed && <path className="fb-edge-layer__executed" d={paths.executed} />}
        {paths.selected && <path className="fb-edge-layer__selected" d={paths.selected} />}
      </svg>
    </EdgeLabelRenderer>
  );
}

export const EdgeLayer = memo(EdgeLayerView);
