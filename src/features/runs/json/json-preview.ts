/**
 * Short one-line previews of any value, written with a character budget: a preview of a 50 MB output must
 * cost what the first 80 characters cost, so this never calls `JSON.stringify` on the whole value.
 */
export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'undefined' | 'other';

export function kindOf(v: unknown): JsonKind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'object':
      return v instanceof Date ? 'other' : 'object';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'undefined':
      return 'undefined';
    default:
      return 'other';
  }
}

function scalar(v: unknown): string {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'function') return 'ƒ';
  if (typeof v === 'symbol') return v.toString();
  return String(v);
}

class Budget {
  out = '';
  constructor(readonly max: number) {}
  get full() {
    return this.out.length >= this.max;
  }
  put(s: string) {
    if (!this.full) this.out += s;
  }
}

function write(b: Budget, v: unknown, depth: number): void {
  if (b.full) return;
  if (typeof v === 'string') return b.put(JSON.stringify(v.length > b.max ? v.slice(0, b.max) : v));
  if (v === null || typeof v !== 'object' || v instanceof Date) return b.put(scalar(v));
  if (depth > 3) return b.put(Array.isArray(v) ? '[…]' : '{…}');
  if (Array.isArray(v)) {
    b.put('[');
    for (let i = 0; i < v.length && !b.full; i++) {
      if (i > 0) b.put(', ');
      write(b, v[i], depth + 1);
    }
    return b.put(']');
  }
  b.put('{');
  let first = true;
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
    if (b.full) break;
    if (!first) b.put(', ');
    first = false;
    b.put(/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
    b.put(': ');
    write(b, (v as Record<string, unknown>)[k], depth + 1);
  }
  b.put('}');
}

/** `{a: 1, b: "x"}`-style preview of at most `max` characters (an ellipsis marks a cut). */
export function previewValue(v: unknown, max = 80): string {
  const b = new Budget(max + 1);
  write(b, v, 0);
  return b.out.length > max ? `${b.out.slice(0, max)}…` : b.out;
}

/** What "copy value" puts on the clipboard: a string as itself, anything else as indented JSON. */
export function copyText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return 'undefined';
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x), 2) ?? scalar(v);
  } catch {
    return scalar(v);
  }
}
