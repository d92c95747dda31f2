/**
 * Pointer input for the overview (zoomed so far out that steps are shapes in the canvas layer, not React
 * Flow nodes): the step under the pointer is outlined and named, a click selects it (it then becomes a real
 * node again: focusable, draggable, inspected), a double click opens it. Hit-testing is a scan of the
 * positions on pointer moves, at most once per frame; nothing renders until the step under the pointer
 * changes.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useEditorShallow } from '../../editor/context';
import type { Position } from '../../model/flow';
import { stepDisplayTitle } from '../../step-types/presentation';
import { useCanvasActions } from './canvas-context';
import { NODE_HEIGHT, NODE_WIDTH } from './node-geometry';

interface Props {
  wrapper: RefObject<HTMLDivElement | null>;
  order: readonly string[];
  positionOf(id: string): Position | undefined;
  onPick(id: string): void;
  onOpen(id: string): void;
}

/** The topmost step whose box holds the point (later steps paint on top). */
export function stepAt(order: readonly string[], positionOf: (id: string) => Position | undefined, x: number, y: number): string | null {
  for (let i = order.length - 1; i >= 0; i--) {
    const p = positionOf(order[i]!);
    if (p && x >= p.x && x <= p.x + NODE_WIDTH && y >= p.y && y <= p.y + NODE_HEIGHT) return order[i]!;
  }
  return null;
}

export function OverviewPointer({ wrapper, order, positionOf, onPick, onOpen }: Props) {
  const rf = useReactFlow();
  const [hover, setHover] = useState<{ id: string; left: number; top: number } | null>(null);
  const latest = useRef({ order, positionOf, onPick, onOpen });
  latest.current = { order, positionOf, onPick, onOpen };

  useEffect(() => {
    const el = wrapper.current;
    if (!el) return;
    let frame = 0;
    let down: { x: number; y: number } | null = null;
    const hit = (e: MouseEvent) => {
      if (!(e.target instanceof Element) || !e.target.closest('.react-flow__pane')) return null;
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      return stepAt(latest.current.order, latest.current.positionOf, p.x, p.y);
    };
    const onMove = (e: PointerEvent) => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        const id = e.buttons ? null : hit(e);
        const box = el.getBoundingClientRect();
        setHover((h) => (id === (h?.id ?? null) ? h : id ? { id, left: e.clientX - box.left + 12, top: e.clientY - box.top + 12 } : null));
      });
    };
    const onDown = (e: PointerEvent) => void (down = { x: e.clientX, y: e.clientY });
    const onClick = (e: MouseEvent) => {
      if (!down || Math.hypot(e.clientX - down.x, e.clientY - down.y) > 4) return;
      const id = hit(e);
      if (id) latest.current.onPick(id);
    };
    const onDouble = (e: MouseEvent) => {
      const id = hit(e);
      if (id) latest.current.onOpen(id);
    };
    const onLeave = () => setHover(null);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('click', onClick);
    el.addEventListener('dblclick', onDouble);
    el.addEventListener('pointerleave', onLeave);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('click', onClick);
      el.removeEventListener('dblclick', onDouble);
      el.removeEventListener('pointerleave', onLeave);
    };
  }, [wrapper, rf]);

  return hover ? <HoverLabel {...hover} /> : null;
}

/** The step's name as its card shows it (an untitled step by its module's name in the UI language). */
function HoverLabel({ id, left, top }: { id: string; left: number; top: number }) {
  const { modules, language } = useCanvasActions();
  const [title, type] = useEditorShallow((s) => [s.flow.steps[id]?.title ?? '', s.flow.steps[id]?.type ?? '']);
  const shown = stepDisplayTitle({ title, type }, modules.get(type), language) || id;
  return (
    <div className="fb-overview-hover" style={{ left, top }} data-testid="canvas-overview-hover">
      {shown}
    </div>
  );
}
