/**
 * The waterfall: one row per step in the order steps first started, one bar per execution record (so loop
 * iterations show one by one), positioned in milliseconds from the run's start.
 *
 * Bars that would be thinner than `minFraction` of the span are merged with their equally tiny, same-status
 * neighbours into one bar that counts them: ten thousand iterations in a 600 px track would otherwise be
 * ten thousand sub-pixel divs that nobody can see or hover.
 */
import { listAt, listSlice, type RunState, type StepRunState } from '../../backends/run-state';
import type { StepStatus } from '../../backends/trace';

export interface TimelineBar {
  stepId: string;
  /** Iteration key of the first record in the bar (`""` outside loops). */
  key: string;
  /** Index of the first record in the step's iteration list. */
  index: number;
  status: StepStatus;
  /** Milliseconds from the run's start. */
  start: number;
  end: number;
  /** Records in this bar (1 unless tiny ones were merged). */
  count: number;
}

export interface TimelineRow {
  stepId: string;
  bars: TimelineBar[];
}

export interface TimelineLayout {
  /** Epoch ms the axis starts at. */
  origin: number;
  /** Axis length in ms (at least 1). */
  span: number;
  rows: TimelineRow[];
}

/**
 * Rows already laid out, reused while their step record, the origin and the merge threshold are unchanged
 * (finished steps of a long live run then cost nothing per frame). One cache per mounted timeline.
 */
export type TimelineCache = Map<string, { step: StepRunState; origin: number; tiny: number; row: TimelineRow }>;

export function layoutTimeline(run: RunState, now: number, opts: { minFraction?: number; cache?: TimelineCache } = {}): TimelineLayout {
  const minFraction = opts.minFraction ?? 1 / 1500;
  const steps = run.stepOrder.map((id) => run.steps[id]).filter((s): s is StepRunState => s !== undefined);
  // Step records hold their latest start and finish; the first record holds the earliest start.
  let origin = run.startedAt ?? Infinity;
  let last = run.finishedAt ?? -Infinity;
  for (const step of steps) {
    if (run.startedAt === null) origin = Math.min(origin, listAt(step.iterations, 0)?.startedAt ?? Infinity);
    if (run.finishedAt === null) last = Math.max(last, step.finishedAt ?? -Infinity, step.startedAt ?? -Infinity);
  }
  if (!Number.isFinite(origin)) origin = now;
  const live = run.finishedAt === null;
  if (live) last = Math.max(last, now);
  const span = Math.max(1, last - origin);
  // A power of two, so the threshold (and the cached rows) change only when the span doubles.
  const tiny = 2 ** Math.floor(Math.log2(span * minFraction || Number.MIN_VALUE));
  const cache = opts.cache;

  const rows = steps.map((step) => {
    const hit = cache?.get(step.stepId);
    if (hit && hit.step === step && hit.origin === origin && hit.tiny === tiny && step.status !== 'running') return hit.row;
    const bars: TimelineBar[] = [];
    listSlice(step.iterations).forEach((r, index) => {
      const start = (r.startedAt ?? r.finishedAt ?? origin) - origin;
      const end = r.finishedAt !== null ? r.finishedAt - origin : r.status === 'running' && live ? now - origin : start;
      const prev = bars[bars.length - 1];
      if (prev && end - start < tiny && prev.end - prev.start < tiny * prev.count && prev.status === r.status && start - prev.end < tiny) {
        prev.end = Math.max(prev.end, end);
        prev.count += 1;
        return;
      }
      bars.push({ stepId: step.stepId, key: r.key, index, status: r.status, start, end, count: 1 });
    });
    const row = { stepId: step.stepId, bars };
    cache?.set(step.stepId, { step, origin, tiny, row });
    return row;
  });
  return { origin, span, rows };
}

/** Round axis ticks (1, 2 or 5 times a power of ten) covering `[0, span]`, about `target` of them. */
export function timeTicks(span: number, target = 5): number[] {
  if (span <= 0) return [0];
  const raw = span / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const ticks: number[] = [];
  for (let t = 0; t <= span + 1e-9; t += step) ticks.push(Math.round(t * 1000) / 1000);
  return ticks;
}

/** "850 ms", "1.25 s", "2 min 5 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const min = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${min} min ${s} s`;
}
