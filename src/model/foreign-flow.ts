/**
 * What a flow document from someone else must satisfy before `restoreFlow` (or a paste) works on it, so
 * that every refusal is a readable sentence and a preview that says "will import" is not contradicted by the
 * write: JSON limits (`lib/foreign-json.ts`), names of a sane length, and block nesting a tree walk survives.
 * Only for foreign input: a flow already stored is never refused by these limits.
 */
import { foreignJsonProblem } from '../lib/foreign-json';

/** Longest flow, folder or step name. */
export const MAX_NAME_LENGTH = 1000;
/** Deepest nesting of if / loop blocks. */
export const MAX_BLOCK_DEPTH = 100;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nameProblem(path: string, v: unknown): string | null {
  return typeof v === 'string' && v.length > MAX_NAME_LENGTH ? `${path}: a name of ${v.length} characters is longer than the limit of ${MAX_NAME_LENGTH}` : null;
}

/** Block nesting depth from `root`, iteratively; null when within the limit (cycles are restoreFlow's to report). */
function nestingProblem(steps: Record<string, unknown>, root: unknown): string | null {
  if (!Array.isArray(root)) return null;
  const stack: Array<{ id: unknown; depth: number }> = root.map((id) => ({ id, depth: 1 }));
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const { id, depth } = stack.pop()!;
    if (typeof id !== 'string' || seen.has(id) || !Object.hasOwn(steps, id)) continue;
    seen.add(id);
    if (depth > MAX_BLOCK_DEPTH) return `steps.${id.slice(0, 40)}: blocks nested more than ${MAX_BLOCK_DEPTH} levels deep`;
    const step = steps[id];
    const branches = isRecord(step) && isRecord(step.branches) ? step.branches : null;
    if (!branches) continue;
    for (const list of Object.values(branches)) if (Array.isArray(list)) for (const child of list) stack.push({ id: child, depth: depth + 1 });
  }
  return null;
}

/** Ids JavaScript objects treat specially: a step looked up by one would find the object's prototype. */
const RESERVED_IDS = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);

/** A reserved name used as a step id: in `root`, a block's branch lists, a step's `id` or an edge's ends. */
function reservedIdProblem(raw: Record<string, unknown>): string | null {
  const bad = (v: unknown) => typeof v === 'string' && RESERVED_IDS.has(v);
  const inList = (path: string, list: unknown): string | null => {
    if (!Array.isArray(list)) return null;
    const hit = list.find(bad);
    return hit === undefined ? null : `${path}: "${hit}" cannot be used as a step id`;
  };
  const root = inList('root', raw.root);
  if (root) return root;
  const steps = isRecord(raw.steps) ? Object.entries(raw.steps) : Array.isArray(raw.steps) ? [...raw.steps.entries()] : [];
  for (const [key, step] of steps) {
    if (bad(key)) return `steps: "${key}" cannot be used as a step id`;
    if (!isRecord(step)) continue;
    if (bad(step.id)) return `steps.${key}.id: "${String(step.id)}" cannot be used as a step id`;
    if (isRecord(step.branches)) {
      for (const [branch, list] of Object.entries(step.branches)) {
        const hit = inList(`steps.${key}.branches.${branch}`, list);
        if (hit) return hit;
      }
    }
  }
  if (Array.isArray(raw.edges)) {
    for (const [i, e] of raw.edges.entries()) {
      if (isRecord(e) && (bad(e.source) || bad(e.target))) return `edges.${i}: "${String(bad(e.source) ? e.source : e.target)}" cannot be used as a step id`;
    }
  }
  return null;
}

/** The first problem of a foreign flow document (any schema version), or null. Also for pasted step groups. */
export function foreignFlowProblem(raw: unknown): string | null {
  const json = foreignJsonProblem(raw);
  if (json) return json;
  if (!isRecord(raw)) return null;
  const reserved = reservedIdProblem(raw);
  if (reserved) return reserved;
  const name = nameProblem('name', raw.name);
  if (name) return name;
  if (isRecord(raw.steps)) {
    for (const [id, step] of Object.entries(raw.steps)) {
      const title = isRecord(step) ? nameProblem(`steps.${id.slice(0, 40)}.title`, step.title) : null;
      if (title) return title;
    }
    return nestingProblem(raw.steps, raw.root);
  }
  if (Array.isArray(raw.steps)) {
    for (const [i, step] of raw.steps.entries()) {
      const title = isRecord(step) ? nameProblem(`steps.${i}.title`, step.title) : null;
      if (title) return title;
    }
  }
  return null;
}
