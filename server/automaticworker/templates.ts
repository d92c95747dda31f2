/**
 * Value references in node `data`: `{{input.param}}` (the execution's `input_data`) and `{{nodeId.path}}`
 * (an earlier node's output). A string that is exactly one reference resolves to the referenced value itself
 * (a number stays a number); references inside longer text are interpolated as text.
 */

const WHOLE = /^\{\{\s*([^{}\s]+)\s*\}\}$/;
const ANY = /\{\{\s*([^{}\s]+)\s*\}\}/g;

export type Scope = Record<string, unknown>;

function lookup(path: string, scope: Scope): unknown {
  let cur: unknown = scope;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else if (typeof cur === 'object') cur = (cur as Record<string, unknown>)[part];
    else return undefined;
  }
  return cur;
}

function asText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function resolveValue(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(whole[1]!, scope);
    return value.replace(ANY, (_m, path: string) => asText(lookup(path, scope)));
  }
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, resolveValue(v, scope)]));
  }
  return value;
}
