/**
 * Watch expressions: text with references in the backend's own syntax (`{{steps.fetch.body.id}}` locally),
 * evaluated over the run state on screen. That state is the live run at a pause, or the replay position, so
 * watches are re-evaluated at each pause and after each step of a replay without any wiring of their own.
 * An expression that is exactly one reference gives the raw value; anything else is text with the values in.
 */
import type { RunState } from '../../backends/run-state';
import type { Flow } from '../../model/flow';
import type { ReferenceSyntax, ReferenceTarget } from '../../model/references';
import { namingOf } from '../../model/references/shared';

export type WatchResult = { ok: true; value: unknown } | { ok: false; missing: string[] } | { ok: false; noReference: true };

export function evaluateWatch(expression: string, run: RunState | null, flow: Pick<Flow, 'steps'>, syntax: ReferenceSyntax): WatchResult {
  const refs = syntax.find(expression, namingOf(flow));
  if (refs.length === 0) return { ok: false, noReference: true };
  const missing: string[] = [];
  const values = refs.map((r) => {
    const v = run ? valueOf(r.target, run) : { found: false as const };
    if (!v.found) missing.push(r.raw);
    return v.found ? v.value : undefined;
  });
  if (missing.length > 0) return { ok: false, missing };
  const only = refs[0]!;
  if (refs.length === 1 && only.start === 0 && only.end === expression.length) return { ok: true, value: values[0] };
  let out = '';
  let at = 0;
  refs.forEach((r, i) => {
    out += expression.slice(at, r.start) + asText(values[i]);
    at = r.end;
  });
  return { ok: true, value: out + expression.slice(at) };
}

function valueOf(target: ReferenceTarget, run: RunState): { found: true; value: unknown } | { found: false } {
  if (target.kind === 'step') {
    const step = run.steps[target.stepId];
    if (!step || step.lastOutputs === undefined) return { found: false };
    return walk(step.lastOutputs, target.path);
  }
  if (target.kind === 'input') return target.name in run.inputs ? walk(run.inputs[target.name], target.path) : { found: false };
  return { found: false };
}

/** Path segments, where a segment may carry indexes (`items[0]`). */
function walk(value: unknown, path: readonly string[]): { found: true; value: unknown } | { found: false } {
  let v = value;
  for (const segment of path) {
    for (const key of segment.split(/[[\]]/).filter((k) => k !== '')) {
      if (v === null || typeof v !== 'object' || !(key in (v as Record<string, unknown>))) return { found: false };
      v = (v as Record<string, unknown>)[key];
    }
  }
  return { found: true, value: v };
}

export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
