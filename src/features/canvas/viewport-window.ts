/**
 * Which steps the canvas hands to React Flow, and at what level of detail.
 *
 * React Flow runs every mounted node's and edge's store selector on every pan or zoom frame, and with
 * `onlyRenderVisibleElements` it also recomputes the visible set and mounts/unmounts nodes at the screen's
 * edge on each frame. Instead the canvas gives React Flow only the steps inside a *window*: the view grown
 * by a margin on each side. The window is recomputed only when the view leaves it (or the view has shrunk
 * well inside it after zooming in), so panning mounts nothing until the view nears the window's edge.
 *
 * The level of detail switches with hysteresis too: below LITE_BELOW the steps are drawn as lightweight
 * cards and the connections as one layer; above DETAIL_ABOVE they are full cards again.
 */
import { useEffect, useRef, useState } from 'react';
import { useStoreApi } from '@xyflow/react';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Zoom below which steps become lightweight cards. */
export const LITE_BELOW = 0.4;
/** Zoom above which they are full cards again (between the two the current level stays). */
export const DETAIL_ABOVE = 0.5;
/**
 * Zoom below which steps are not React Flow nodes at all but shapes in the canvas layer (EdgeLayer.tsx):
 * the whole flow fits and no title is legible; selected steps stay real nodes. Back above OVERVIEW_EXIT.
 */
export const OVERVIEW_BELOW = 0.2;
export const OVERVIEW_EXIT = 0.3;
/** How far the window reaches beyond the view, as a fraction of the view's size, on each side. */
export const WINDOW_MARGIN = 0.15;

/** Zoom below which the "+" on each connection is hidden: smaller than a finger, it only adds clutter. */
export const PLUS_MIN_ZOOM = 0.45;
/** Below this many steps every step is a full card at any zoom: level of detail is for size, not for a small flow seen far away. */
export const LOD_MIN_STEPS = 200;

export interface ViewState {
  window: Rect;
  lite: boolean;
  overview: boolean;
  /** Zoomed out past PLUS_MIN_ZOOM (the canvas hides the connections' "+" buttons with one class). */
  far: boolean;
}

/** The part of the flow the pane shows, in flow coordinates. */
export function visibleRect(transform: readonly [number, number, number], pane: { width: number; height: number }): Rect {
  const [tx, ty, zoom] = transform;
  return { x: -tx / zoom, y: -ty / zoom, width: pane.width / zoom, height: pane.height / zoom };
}

export function grow(r: Rect, fraction: number): Rect {
  const dx = r.width * fraction;
  const dy = r.height * fraction;
  return { x: r.x - dx, y: r.y - dy, width: r.width + 2 * dx, height: r.height + 2 * dy };
}

export function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * The next view state, or `prev` itself when nothing needs to change (the common case: a pan frame inside
 * the window). A new window is the view grown by WINDOW_MARGIN.
 */
export function nextViewState(prev: ViewState | null, visible: Rect, zoom: number, stepCount = Infinity): ViewState {
  const detailed = stepCount < LOD_MIN_STEPS;
  const lite = !detailed && (prev ? (prev.lite ? zoom < DETAIL_ABOVE : zoom < LITE_BELOW) : zoom < LITE_BELOW);
  const overview = !detailed && (prev ? (prev.overview ? zoom < OVERVIEW_EXIT : zoom < OVERVIEW_BELOW) : zoom < OVERVIEW_BELOW);
  const far = zoom < PLUS_MIN_ZOOM;
  if (prev && prev.lite === lite && prev.overview === overview && prev.far === far && contains(prev.window, visible)) {
    // Zoomed far in: a window many times the view keeps thousands of steps mounted for nothing.
    const area = (r: Rect) => r.width * r.height;
    if (area(prev.window) <= area(visible) * 16) return prev;
  }
  return { lite, overview, far, window: grow(visible, WINDOW_MARGIN) };
}

/** Before the pane has a size (the first render, or tests without layout): a common screen's size. */
const ASSUMED_PANE = { width: 1920, height: 1080 };

/**
 * Subscribes once to React Flow's viewport (outside rendering) and re-renders the canvas only when the
 * window or the level of detail changes.
 */
export function useViewportWindow(stepCount = Infinity): ViewState {
  const rfStore = useStoreApi();
  // Read by the viewport subscription, which is made once: a flow that grows past LOD_MIN_STEPS switches at the next view change.
  const countRef = useRef(stepCount);
  countRef.current = stepCount;
  const [state, setState] = useState<ViewState>(() => compute(null));

  function compute(prev: ViewState | null): ViewState {
    const { transform, width, height } = rfStore.getState();
    const pane = width && height ? { width, height } : ASSUMED_PANE;
    return nextViewState(prev, visibleRect(transform, pane), transform[2], countRef.current);
  }

  useEffect(() => {
    let current = state;
    const update = () => {
      const next = compute(current);
      if (next !== current) setState((current = next));
    };
    update();
    return rfStore.subscribe((s, prev) => {
      if (s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height) update();
    });
    // `state` is read once at subscription; later states are tracked in `current`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rfStore]);
  return state;
}
