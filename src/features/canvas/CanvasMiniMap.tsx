/**
 * The overview in the corner: every step as one rectangle of one `<path>` (selected steps in a second), and
 * the view as a frame. Drawn from the canvas's own positions, not React Flow's nodes: React Flow holds only
 * the steps near the view (viewport-window.ts), and unrendered nodes have no size it would draw. Only the
 * frame follows panning (one small component subscribed to the viewport). Clicking or dragging in it pans.
 */
import { memo, useMemo, useRef, type PointerEvent } from 'react';
import { Panel, useReactFlow, useStore } from '@xyflow/react';
import type { Position, StickyNote } from '../../model/flow';
import { NODE_HEIGHT, NODE_WIDTH } from './node-geometry';

const WIDTH = 200;
const HEIGHT = 140;
const PAD = 40;

interface Props {
  order: readonly string[];
  positions: ReadonlyMap<string, Position>;
  notes: readonly StickyNote[];
  selected: ReadonlySet<string>;
  label: string;
}

interface Frame {
  x: number;
  y: number;
  width: number;
  height: number;
}

function boundsOf({ order, positions, notes }: Props): Frame {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const id of order) {
    const p = positions.get(id);
    if (!p) continue;
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x + NODE_WIDTH);
    maxY = Math.max(maxY, p.y + NODE_HEIGHT);
  }
  for (const n of notes) {
    minX = Math.min(minX, n.position.x);
    minY = Math.min(minY, n.position.y);
    maxX = Math.max(maxX, n.position.x + (n.width ?? 200));
    maxY = Math.max(maxY, n.position.y + (n.height ?? 120));
  }
  if (minX === Infinity) return { x: 0, y: 0, width: 1, height: 1 };
  return { x: minX - PAD, y: minY - PAD, width: maxX - minX + 2 * PAD, height: maxY - minY + 2 * PAD };
}

function rects(ids: Iterable<string>, positions: ReadonlyMap<string, Position>, keep: (id: string) => boolean): string {
  const out: string[] = [];
  for (const id of ids) {
    const p = positions.get(id);
    if (p && keep(id)) out.push(`M${Math.round(p.x)} ${Math.round(p.y)}h${NODE_WIDTH}v${NODE_HEIGHT}h-${NODE_WIDTH}z`);
  }
  return out.join('');
}

/** The view's frame: the only part that re-renders per pan frame. */
function ViewFrame() {
  const [tx, ty, zoom] = useStore((s) => s.transform);
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  return <rect className="fb-minimap__view" x={-tx / zoom} y={-ty / zoom} width={width / zoom} height={height / zoom} />;
}

function CanvasMiniMapView(props: Props) {
  const rf = useReactFlow();
  const svg = useRef<SVGSVGElement>(null);
  const frame = useMemo(() => boundsOf(props), [props]);
  const { order, positions, selected } = props;
  const plain = useMemo(() => rects(order, positions, (id) => !selected.has(id)), [order, positions, selected]);
  const chosen = useMemo(() => rects(selected, positions, () => true), [selected, positions]);
  const scale = Math.max(frame.width / WIDTH, frame.height / HEIGHT);

  const panTo = (e: PointerEvent<SVGSVGElement>) => {
    const el = svg.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    // preserveAspectRatio="xMidYMid meet": the drawing is centred in the box at `scale` flow units per pixel.
    const x = frame.x + frame.width / 2 + (e.clientX - r.left - r.width / 2) * scale;
    const y = frame.y + frame.height / 2 + (e.clientY - r.top - r.height / 2) * scale;
    void rf.setCenter(x, y, { zoom: rf.getZoom() });
  };

  return (
    <Panel position="bottom-right" className="fb-minimap" data-testid="canvas-minimap">
      <svg
        ref={svg}
        role="img"
        aria-label={props.label}
        width={WIDTH}
        height={HEIGHT}
        viewBox={`${frame.x} ${frame.y} ${frame.width} ${frame.height}`}
        preserveAspectRatio="xMidYMid meet"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture?.(e.pointerId);
          panTo(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons === 1) panTo(e);
        }}
      >
        <path className="fb-minimap__steps" d={plain} />
        {chosen && <path className="fb-minimap__selected" d={chosen} />}
        <ViewFrame />
      </svg>
    </Panel>
  );
}

export const CanvasMiniMap = memo(CanvasMiniMapView);
