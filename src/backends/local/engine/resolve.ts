/**
 * Reference resolution in the local dialect: `{{steps.<stepId>.<path>}}`, `{{inputs.<name>}}`,
 * `{{sys.<name>}}` (`sys.vars.<name>` for variables). Paths take `.key`, `.0` and `[0]` / `["key"]`.
 *
 * TODO(references): the shared parser (`syntaxFor('local')` in src/model/references/) is being written; when it
 * lands, `findReferences` below becomes a call to it. Everything else here stays: it only consumes
 * `FoundReference`s.
 */
import type { FoundReference, ReferenceTarget } from '../../../model/references';

const REF = /\{\{\s*(steps|inputs|sys)((?:\s*\.\s*[^.\s{}[\]]+|\s*\[\s*(?:\d+|"[^"]*"|'[^']*')\s*\])+)\s*\}\}/g;
const SEGMENT = /\.\s*([^.\s{}[\]]+)|\[\s*(\d+|"[^"]*"|'[^']*')\s*\]/g;

/** Every reference in `text`, in order. Text that is not a reference is ignored; never throws. */
export function findReferences(text: string): FoundReference[] {
  if (text.indexOf('{{') === -1) return [];
  const found: FoundReference[] = [];
  REF.lastIndex = 0;
  for (let m = REF.exec(text); m; m = REF.exec(text)) {
    const root = m[1] as 'steps' | 'inputs' | 'sys';
    const segments: string[] = [];
    SEGMENT.lastIndex = 0;
    const pathText = m[2] ?? '';
    for (let s = SEGMENT.exec(pathText); s; s = SEGMENT.exec(pathText)) {
      const seg = s[1] ?? s[2] ?? '';
      segments.push(/^["']/.test(seg) ? seg.slice(1, -1) : seg);
    }
    const [head, ...path] = segments;
    if (head === undefined) continue;
    const target: ReferenceTarget =
      root === 'steps' ? { kind: 'step', stepId: head, path } : root === 'inputs' ? { kind: 'input', name: head, path } : { kind: 'system', name: head, path };
    found.push({ target, raw: m[0], start: m.index, end: m.index + m[0].length });
  }
  return found;
}

/** What references are resolved against. `sys` is a function so `sys.now` is read when used. */
export interface ResolveState {
  steps: Record<string, unknown>;
  inputs: Record<string, unknown>;
  sys(name: string): unknown;
}

export function lookup(target: ReferenceTarget, state: ResolveState): { found: boolean; value: unknown } {
  let value: unknown;
  let found: boolean;
  if (target.kind === 'step') {
    found = Object.prototype.hasOwnProperty.call(state.steps, target.stepId);
    value = state.steps[target.stepId];
  } else if (target.kind === 'input') {
    found = Object.prototype.hasOwnProperty.call(state.inputs, target.name);
    value = state.inputs[target.name];
  } else {
    value = state.sys(target.name);
    found = value !== undefined;
  }
  for (const key of target.path) {
    if (!found) break;
    if (value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key)) {
      value = (value as Record<string, unknown>)[key];
    } else if (typeof value === 'string' && key === 'length') {
      value = value.length;
    } else {
      found = false;
      value = undefined;
    }
  }
  return { found, value };
}

export type OnMissingReference = (raw: string) => void;

/** A string with references: exactly one reference gives the raw value, anything else interpolates text. */
export function resolveTemplate(text: string, state: ResolveState, onMissing?: OnMissingReference): unknown {
  const refs = findReferences(text);
  if (refs.length === 0) return text;
  const first = refs[0];
  if (refs.length === 1 && first && first.start === 0 && first.end === text.length) {
    const r = lookup(first.target, state);
    if (!r.found) onMissing?.(first.raw);
    return r.value;
  }
  let out = '';
  let at = 0;
  for (const ref of refs) {
    const r = lookup(ref.target, state);
    if (!r.found) onMissing?.(ref.raw);
    out += text.slice(at, ref.start) + toText(r.value);
    at = ref.end;
  }
  return out + text.slice(at);
}

/** Resolves strings anywhere inside a param value (objects and arrays, e.g. a headers editor). */
export function resolveValue(value: unknown, state: ResolveState, onMissing?: OnMissingReference): unknown {
  if (typeof value === 'string') return resolveTemplate(value, state, onMissing);
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, state, onMissing));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveValue(v, state, onMissing);
    return out;
  }
  return value;
}

export function resolveParams(
  params: Record<string, unknown>,
  rawKeys: readonly string[],
  state: ResolveState,
  onMissing?: OnMissingReference,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = rawKeys.includes(k) ? v : resolveValue(v, state, onMissing);
  return out;
}

/** JavaScript source with every reference replaced by a literal of its value (for conditions run as code). */
export function toExpressionSource(text: string, state: ResolveState, onMissing?: OnMissingReference): string {
  const refs = findReferences(text);
  let out = '';
  let at = 0;
  for (const ref of refs) {
    const r = lookup(ref.target, state);
    if (!r.found) onMissing?.(ref.raw);
    out += text.slice(at, ref.start) + toLiteral(r.value);
    at = ref.end;
  }
  return out + text.slice(at);
}

export function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

function toLiteral(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return `(${JSON.stringify(value) ?? 'undefined'})`;
  } catch {
    return 'undefined';
  }
}
