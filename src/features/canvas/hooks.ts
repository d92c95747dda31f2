/** Small hooks of the canvas: theme following, revealing a step asked for from elsewhere. */
import { useEffect, useSyncExternalStore } from 'react';
import { useStoreApi, type ColorMode, type ReactFlowInstance } from '@xyflow/react';
import type { EditorStore } from '../../editor/store';
import type { CanvasEdge, CanvasNode } from './node-cache';

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
export function useRevealSteps(store: EditorStore, rf: ReactFlowInstance<CanvasNode, CanvasEdge>): void {
  const rfStore = useStoreApi<CanvasNode, CanvasEdge>();
  useEffect(() => {
    const reveal = (id: string) => {
      const { nodeLookup, transform, width, height } = rfStore.getState();
      const node = nodeLookup.get(id);
      if (!node || width === 0 || height === 0) return;
      const [tx, ty, zoom] = transform;
      const w = node.measured.width ?? 220;
      const h = node.measured.height ?? 60;
      const { x, y } = node.internals.positionAbsolute;
      const left = x * zoom + tx;
      const top = y * zoom + ty;
      const onScreen = left >= 0 && top >= 0 && left + w * zoom <= width && top + h * zoom <= height;
      if (!onScreen) void rf.setCenter(x + w / 2, y + h / 2, { zoom, duration: 250 });
    };
    return store.subscribe((s, prev) => {
      if (s.revealStep && s.revealStep !== prev.revealStep) reveal(s.revealStep);
      else if (s.focused && s.focused !== prev.focused) reveal(s.focused);
    });
  }, [store, rf, rfStore]);
}
