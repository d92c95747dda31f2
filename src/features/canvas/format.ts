/** Small formatting helpers for the canvas. */
import type { TFunction } from 'i18next';

/** A duration for a status badge: `850 ms`, `1.2 s`, `2 min 5 s`. */
export function formatElapsed(ms: number, t: TFunction<'canvas'>): string {
  if (ms < 1000) return t('elapsed.ms', { value: Math.max(0, Math.round(ms)) });
  if (ms < 60_000) return t('elapsed.s', { value: (ms / 1000).toFixed(ms < 10_000 ? 1 : 0) });
  const minutes = Math.floor(ms / 60_000);
  return t('elapsed.min', { minutes, seconds: Math.floor((ms % 60_000) / 1000) });
}

/**
 * Render counters the benchmark reads (`window.__fbRenders.stepNode`). Set `__fbRenders.byId = {}` to also
 * count per step (tests use it to see *which* node rendered).
 */
interface RenderCounters {
  stepNode: number;
  byId?: Record<string, number>;
  /** Connection renders (React Flow edges), and per edge id when `edgeById` is set. */
  edge?: number;
  edgeById?: Record<string, number>;
}

export function countStepNodeRender(id: string): void {
  const g = globalThis as { __fbRenders?: RenderCounters };
  const counters = (g.__fbRenders ??= { stepNode: 0 });
  counters.stepNode = (counters.stepNode ?? 0) + 1;
  if (counters.byId) counters.byId[id] = (counters.byId[id] ?? 0) + 1;
}

export function countEdgeRender(id: string): void {
  const g = globalThis as { __fbRenders?: RenderCounters };
  const counters = (g.__fbRenders ??= { stepNode: 0 });
  counters.edge = (counters.edge ?? 0) + 1;
  if (counters.edgeById) counters.edgeById[id] = (counters.edgeById[id] ?? 0) + 1;
}
