/**
 * Reference resolution in the local dialect: `{{steps.<stepId>.<path>}}`, `{{inputs.<name>}}`,
 * `{{sys.<name>}}` (`sys.vars.<name>` for variables). Finding references is the shared parser's job
 * (`syntaxFor('local')`); this file only evaluates what it finds. Paths take `.key` and `.0`, and, as a
 * convenience for people used to JavaScript, `[0]` / `["key"]` inside a segment (`items[0].name`).
 */
import type { FoundReference, ReferenceSyntax, StepNaming } from '../../../model/references';
import { syntaxFor } from '../../../model/references/dialects';

const LOCAL: ReferenceSyntax = (() => {
  const syntax = syntaxFor('local');
  if (!syntax) throw new Error('The local reference dialect is not registered.');
  return syntax;
})();

// The local dialect names steps by id, so the engine needs no title lookups.
const BY_ID: StepNaming = { titleOf: () => undefined, idOfTitle: () => undefined };

const BRACKETED = /[[\]]/;
const SEGMENT_PART = /\[\s*(?:"([^"]*)"|'([^']*)'|([^\]]*?))\s*\]|([^[\]]+)/g;

function expandSegments(path: readonly string[]): string[] {
  if (!path.some((p) => BRACKETED.test(p))) return path as string[];
  const out: string[] = [];
  for (const seg of path) {
    if (!BRACKETED.test(seg)) {
      out.push(seg);
      continue;
    }
    SEGMENT_PART.lastIndex = 0;
    for (let m = SEGMENT_PART.exec(seg); m; m = SEGMENT_PART.exec(seg)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

// Param strings repeat on every loop iteration; parsing each once keeps resolution cheap. Bounded.
const CACHE_LIMIT = 5000;
const cache = new Map<string, readonly FoundReference[]>();
const NONE: readonly FoundReference[] = Object.freeze([]);

/** Every reference in `text`, in order, with bracket segments expanded. Never throws. Do not mutate the result. */
export function findReferences(text: string): readonly FoundReference[] {
  if (text.indexOf('{{') === -1) return NONE;
  const hit = cache.get(text);
  if (hit) return hit;
  const found = LOCAL.find(text, BY_ID).map((r) => {
    const path = expandSegments(r.target.path);
    return path === r.target.path ? r : { ...r, target: { ...r.target, path } };
  });
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, found);
  return found;
}

/** What references are resolved against. `sys` is a function so `sys.now` is read when used. */
export interface ResolveState {
  steps: Record<string, unknown>;
  inputs: Record<string, unknown>;
  sys(name: string): unknown;
}

export function lookup(target: FoundReference['target'], state: ResolveState): { found: boolean; value: unknown } {
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
