/**
 * Finding and rewriting references across a flow, dialect-agnostic: everything goes through a
 * `ReferenceSyntax`, so rename, delete, duplicate and paste work the same for every backend.
 */
import type { Flow, StepId } from '../flow';
import type { FoundReference, ReferenceSyntax, ReferenceTarget, StepNaming } from '../references';
import { namingOf } from './shared';

/**
 * Rewrites the references in a text. `map` returns the new target, or null to leave that reference exactly as
 * written. `formatNaming` is the naming to write with (after a rename: the new titles); it defaults to
 * `naming`, which is used to read.
 */
export function rewriteReferences(
  text: string,
  syntax: ReferenceSyntax,
  naming: StepNaming,
  map: (target: ReferenceTarget) => ReferenceTarget | null,
  formatNaming: StepNaming = naming,
): string {
  let out = '';
  let last = 0;
  for (const ref of syntax.find(text, naming)) {
    const next = map(ref.target);
    if (next === null) continue;
    out += text.slice(last, ref.start) + syntax.format(next, formatNaming);
    last = ref.end;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * Applies `rewriteReferences` to every string inside a params value (nested objects and arrays too). Returns
 * the same object when nothing changed, so untouched steps keep their identity.
 */
export function rewriteValue(value: unknown, rewrite: (text: string) => string): unknown {
  if (typeof value === 'string') return rewrite(value);
  if (Array.isArray(value)) {
    const next = value.map((v) => rewriteValue(v, rewrite));
    return next.every((v, i) => v === value[i]) ? value : next;
  }
  if (typeof value === 'object' && value !== null) {
    let changed = false;
    const next: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      next[k] = rewriteValue(v, rewrite);
      if (next[k] !== v) changed = true;
    }
    return changed ? next : value;
  }
  return value;
}

export interface FlowReference {
  stepId: StepId;
  /** Dotted path of the string inside the step's params (`headers.0.value`). */
  param: string;
  reference: FoundReference;
}

function collect(value: unknown, path: string, visit: (text: string, path: string) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => collect(v, path ? `${path}.${i}` : String(i), visit));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) collect(v, path ? `${path}.${k}` : k, visit);
  }
}

/** Every reference in every step's params, in step-record order then param order. */
export function findFlowReferences(flow: Flow, syntax: ReferenceSyntax): FlowReference[] {
  const naming = namingOf(flow);
  const out: FlowReference[] = [];
  for (const step of Object.values(flow.steps)) {
    collect(step.params, '', (text, param) => {
      for (const reference of syntax.find(text, naming)) out.push({ stepId: step.id, param, reference });
    });
  }
  return out;
}
