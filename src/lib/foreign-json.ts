/**
 * Limits for JSON from someone else (an imported file, pasted text), checked before anything recursive
 * touches it: validators, tree walks, deep equality and IndexedDB's structured clone all recurse, so a
 * 10⁵-deep document would fail in any of them with "Maximum call stack size exceeded", or, worse, pass a
 * preview and fail at the write. This walk is iterative and names the first problem by its path.
 */

export interface ForeignJsonLimits {
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Longest string, in characters. */
  maxStringLength: number;
}

export const DEFAULT_FOREIGN_JSON_LIMITS: ForeignJsonLimits = { maxDepth: 200, maxStringLength: 10 * 1024 * 1024 };

/**
 * Keys that mean something to JavaScript objects themselves. `JSON.parse` keeps `"__proto__"` as an own key,
 * but any later spread, `Object.assign` or `record[key] = …` turns it into the object's prototype.
 */
const RESERVED_KEYS = new Set(['__proto__']);

const MB = 1024 * 1024;
const chars = (n: number) => (n >= MB ? `${Math.round((n / MB) * 10) / 10} million characters` : `${n} characters`);

function pathText(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(document)';
  const shown = path.length > 8 ? [...path.slice(0, 4), '…', ...path.slice(-3)] : path;
  return shown.map((p) => (typeof p === 'number' ? String(p) : p.length > 40 ? `${p.slice(0, 40)}…` : p)).join('.');
}

/** The first problem of a parsed JSON value, as "path: what is wrong", or null when it is within the limits. */
export function foreignJsonProblem(value: unknown, limits: ForeignJsonLimits = DEFAULT_FOREIGN_JSON_LIMITS): string | null {
  const stack: Array<{ v: unknown; path: (string | number)[] }> = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.length > limits.maxStringLength) return `${pathText(path)}: a text of ${chars(v.length)} is longer than the limit of ${chars(limits.maxStringLength)}`;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= limits.maxDepth) return `${pathText(path.slice(0, 6))}…: nested more than ${limits.maxDepth} levels deep`;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (RESERVED_KEYS.has(key)) return `${pathText([...path, key])}: "${key}" cannot be used as a name or id`;
      if (key.length > limits.maxStringLength) return `${pathText(path)}: a key of ${chars(key.length)} is longer than the limit`;
      stack.push({ v: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return null;
}
