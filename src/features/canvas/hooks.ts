/** Small hooks of the canvas: theme following, revealing a step asked for from elsewhere. */
import { useEffect, useSyncExternalStore } from 'react';
import { getViewportForBounds, useStoreApi, type ColorMode, type ReactFlowInstance } from '@xyflow/react';
import type { EditorStore } from '../../editor/store';
import type { CanvasEdge, CanvasNode } from './node-cache';
import { NODE_HEIGHT, NODE_WIDTH } from './node-geometry';

function subscribeTheme(onChange: () => void): () => void {
  if (typeof MutationObserver === 'undefined') return () => {};
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

const readTheme = (): ColorMode => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');

/** React Flow's colour mode follows `<html data-theme>` (set by the app's theme switch). */
export function useThemeColorMode(): ColorMode {
  return useSyncExternalStore(subscribeTheme, readTheme, () => 'light');
}

/**
 * When another view (list, replay, run panel) focuses a step or asks to reveal one, center it if it is not
 * fully on screen. Subscribed outside React rendering: nothing re-renders for it.
 */
export function useRevealSteps(
  store: EditorStore,
  rf: ReactFlowInstance<CanvasNode, CanvasEdge>,
  positions: { readonly current: ReadonlyMap<string, { x: number; y: number }> },
): void {
  const rfStore = useStoreApi<CanvasNode, CanvasEdge>();
  useEffect(() => {
    const reveal = (id: string) => {
      const { nodeLookup, transform, width, height } = rfStore.getState();
      // A step far from the view is not among React Flow's nodes (viewport-window.ts): the canvas knows where it is.
      const node = nodeLookup.get(id);
      const at = node?.internals.positionAbsolute ?? positions.current.get(id);
      if (!at || width === 0 || height === 0) return;
      const [tx, ty, zoom] = transform;
      const w = node?.measured.width ?? NODE_WIDTH;
      const h = node?.measured.height ?? NODE_HEIGHT;
      const { x, y } = at;
      const left = x * zoom + tx;
      const top = y * zoom + ty;
      const onScreen = left >= 0 && top >= 0 && left + w * zoom <= width && top + h * zoom <= height;
      if (!onScreen) void rf.setCenter(x + w / 2, y + h / 2, { zoom, duration: 250 });
    };
    return store.subscribe((s, prev) => {
      if (s.revealStep && s.revealStep !== prev.revealStep) reveal(s.revealStep);
      else if (s.focused && s.focused !== prev.focused) reveal(s.focused);
    });
  }, [store, rf, rfStore, positions]);
}

export interface FitOptions {
  padding: number;
  maxZoom: number;
  minZoom?: number;
  duration?: number;
  /** Space at the top kept clear for the canvas toolbar, in screen pixels. */
  topInset?: number;
}

const TOOLBAR_INSET = 56;

/**
 * Fits the view to every step and note, from the positions the canvas computed. React Flow's own `fitView`
 * waits until every node is measured, which with `onlyRenderVisibleElements` (off-screen steps are never
 * rendered) may never happen; the canvas knows each node's size without measuring (node-geometry.ts).
 */
export function fitBounds(
  rf: ReactFlowInstance<CanvasNode, CanvasEdge>,
  pane: { width: number; height: number },
  boxes: Iterable<{ x: number; y: number; width: number; height: number }>,
  opts: FitOptions,
): void {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of boxes) {
    minX = Math.min(minX, b.x);
    minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.width);
    maxY = Math.max(maxY, b.y + b.height);
  }
  if (minX === Infinity || pane.width === 0 || pane.height === 0) return;
  const inset = Math.min(opts.topInset ?? TOOLBAR_INSET, pane.height / 3);
  const viewport = getViewportForBounds(
    { x: minX, y: minY, width: maxX - minX, height: maxY - minY },
    pane.width,
    pane.height - inset,
    opts.minZoom ?? 0.05,
    opts.maxZoom,
    opts.padding,
  );
  viewport.y += inset;
  void rf.setViewport(viewport, opts.duration ? { duration: opts.duration } : undefined);
}
