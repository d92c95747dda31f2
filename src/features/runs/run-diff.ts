/**
 * Comparing two runs step by step: status, timing, and a compact diff of outputs (the paths that differ,
 * with the value on each side). Bounded: a diff stops after `maxEntries` paths and says so.
 */
import type { RunState, StepRunState } from '../../backends/run-state';
import { formatPath, type PathSegment } from './json/json-path';
import { kindOf } from './json/json-preview';
import { inFlowOrder } from './step-order';

export interface JsonDiffEntry {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  left?: unknown;
  right?: unknown;
}

export interface JsonDiff {
  entries: JsonDiffEntry[];
  /** More differences exist than `entries` holds. */
  truncated: boolean;
}

export function diffJson(left: unknown, right: unknown, opts: { maxEntries?: number; rootPath?: PathSegment[] } = {}): JsonDiff {
  const max = opts.maxEntries ?? 50;
  const entries: JsonDiffEntry[] = [];
  let truncated = false;
  const push = (e: JsonDiffEntry) => {
    if (entries.length >= max) truncated = true;
    else entries.push(e);
  };
  const walk = (a: unknown, b: unknown, path: PathSegment[]) => {
    if (truncated || Object.is(a, b)) return;
    const ka = kindOf(a);
    const kb = kindOf(b);
    if (ka === 'array' && kb === 'array') {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.max(x.length, y.length);
      for (let i = 0; i < n && !truncated; i++) {
        if (i >= x.length) push({ path: formatPath([...path, i]), kind: 'added', right: y[i] });
        else if (i >= y.length) push({ path: formatPath([...path, i]), kind: 'removed', left: x[i] });
        else walk(x[i], y[i], [...path, i]);
      }
      return;
    }
    if (ka === 'object' && kb === 'object') {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      for (const k of Object.keys(x)) {
        if (truncated) return;
        if (!Object.prototype.hasOwnProperty.call(y, k)) push({ path: formatPath([...path, k]), kind: 'removed', left: x[k] });
        else walk(x[k], y[k], [...path, k]);
      }
      for (const k of Object.keys(y)) {
        if (truncated) return;
        if (!Object.prototype.hasOwnProperty.call(x, k)) push({ path: formatPath([...path, k]), kind: 'added', right: y[k] });
      }
      return;
    }
    if (ka === 'other' && kb === 'other' && String(a) === String(b)) return;
    if (a === undefined) push({ path: formatPath(path), kind: 'added', right: b });
    else if (b === undefined) push({ path: formatPath(path), kind: 'removed', left: a });
    else push({ path: formatPath(path), kind: 'changed', left: a, right: b });
  };
  walk(left, right, opts.rootPath ?? []);
  return { entries, truncated };
}

export interface StepSide {
  status: StepRunState['status'];
  /** Over every execution (loop iterations included). */
  durationMs: number;
  runCount: number;
  error?: string;
}

export interface StepComparison {
  stepId: string;
  left?: StepSide;
  right?: StepSide;
  outputs: JsonDiff;
  /** Status, run count or outputs differ (timing alone does not count). */
  differs: boolean;
}

function side(s: StepRunState | undefined): StepSide | undefined {
  if (!s) return undefined;
  const out: StepSide = { status: s.status, durationMs: s.totalDurationMs, runCount: s.runCount };
  if (s.lastError) out.error = s.lastError.message;
  return out;
}

/**
 * One row per step that ran in either run: in `order` (the flow's reading order) when given, else the left
 * run's order first; then steps only the right one ran.
 */
export function compareRuns(
  left: RunState,
  right: RunState,
  opts: { maxEntries?: number; order?: readonly string[] } = {},
): StepComparison[] {
  const started = [...left.stepOrder, ...right.stepOrder.filter((id) => !(id in left.steps))];
  const ids = opts.order ? inFlowOrder(started, opts.order) : started;
  return ids.map((stepId) => {
    const l = left.steps[stepId];
    const r = right.steps[stepId];
    const outputs = diffJson(l?.lastOutputs, r?.lastOutputs, { maxEntries: opts.maxEntries ?? 20, rootPath: ['outputs'] });
    const ls = side(l);
    const rs = side(r);
    const differs = !ls || !rs || ls.status !== rs.status || ls.runCount !== rs.runCount || outputs.entries.length > 0;
    const row: StepComparison = { stepId, outputs, differs };
    if (ls) row.left = ls;
    if (rs) row.right = rs;
    return row;
  });
}
