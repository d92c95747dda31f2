/**
 * Magic-variable resolution and the small condition language the test server evaluates for `if_condition`:
 *   operand [op operand] ((and|or|&&|\|\|) operand [op operand])*
 * operand: `{{ref}}`, "string", 'string', number, true/false, or a bare word (may embed `{{ref}}`).
 * op: == != > < >= <= contains not_contains startsWith endsWith matches.
 * `and` binds tighter than `or`; no parentheses.
 */

export type Lookup = (path: string) => unknown;

const WHOLE_REF = /^\{\{\s*([^{}]+?)\s*\}\}$/;
const ANY_REF = /\{\{\s*([^{}]+?)\s*\}\}/g;

export function stringify(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** A string that is exactly one reference resolves to the raw value; otherwise references are interpolated. */
export function resolveValue(v: unknown, lookup: Lookup): unknown {
  if (typeof v === 'string') {
    const whole = WHOLE_REF.exec(v);
    if (whole?.[1] !== undefined) return lookup(whole[1]);
    return v.replace(ANY_REF, (_m, path: string) => stringify(lookup(path)));
  }
  if (Array.isArray(v)) return v.map((x) => resolveValue(x, lookup));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = resolveValue(x, lookup);
    return out;
  }
  return v;
}

type Token = { kind: 'value'; value: unknown } | { kind: 'op'; op: string } | { kind: 'logic'; op: 'and' | 'or' };

const WORD_OPS = new Set(['contains', 'not_contains', 'startswith', 'endswith', 'matches']);
const SYMBOL_OPS = ['==', '!=', '>=', '<=', '&&', '||', '>', '<', '='];

export class ConditionError extends Error {}

function tokenize(src: string, lookup: Lookup): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  let guard = 0;
  while (i < n) {
    if (++guard > 10_000) throw new ConditionError('Condition too long');
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < n && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < n) {
          s += src[j + 1];
          j += 2;
        } else {
          s += src[j];
          j++;
        }
      }
      if (j >= n) throw new ConditionError(`Unterminated string in condition: ${src}`);
      out.push({ kind: 'value', value: resolveValue(s, lookup) });
      i = j + 1;
      continue;
    }
    const sym = SYMBOL_OPS.find((o) => src.startsWith(o, i));
    if (sym) {
      if (sym === '&&') out.push({ kind: 'logic', op: 'and' });
      else if (sym === '||') out.push({ kind: 'logic', op: 'or' });
      else out.push({ kind: 'op', op: sym === '=' ? '==' : sym });
      i += sym.length;
      continue;
    }
    // A bare word, possibly containing {{refs}} (which may contain spaces).
    let j = i;
    while (j < n && !/\s/.test(src[j] as string)) {
      if (src.startsWith('{{', j)) {
        const end = src.indexOf('}}', j);
        if (end < 0) throw new ConditionError(`Unterminated reference in condition: ${src}`);
        j = end + 2;
      } else if (SYMBOL_OPS.some((o) => src.startsWith(o, j))) {
        break;
      } else {
        j++;
      }
    }
    const word = src.slice(i, j);
    i = j;
    const lower = word.toLowerCase();
    if (WORD_OPS.has(lower)) out.push({ kind: 'op', op: lower });
    else if (lower === 'and' || lower === 'or') out.push({ kind: 'logic', op: lower });
    else if (lower === 'true' || lower === 'false') out.push({ kind: 'value', value: lower === 'true' });
    else if (/^-?\d+(\.\d+)?$/.test(word)) out.push({ kind: 'value', value: Number(word) });
    else out.push({ kind: 'value', value: resolveValue(word, lookup) });
  }
  return out;
}

function asNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

export function truthy(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return v !== '' && v.toLowerCase() !== 'false' && v !== '0';
  if (Array.isArray(v)) return v.length > 0;
  return v !== null && v !== undefined;
}

function compare(a: unknown, op: string, b: unknown): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  const numeric = !Number.isNaN(na) && !Number.isNaN(nb);
  switch (op) {
    case '==':
      return numeric ? na === nb : stringify(a) === stringify(b);
    case '!=':
      return numeric ? na !== nb : stringify(a) !== stringify(b);
    case '>':
      return numeric && na > nb;
    case '<':
      return numeric && na < nb;
    case '>=':
      return numeric && na >= nb;
    case '<=':
      return numeric && na <= nb;
    case 'contains':
      return Array.isArray(a) ? a.some((x) => stringify(x) === stringify(b)) : stringify(a).includes(stringify(b));
    case 'not_contains':
      return !compare(a, 'contains', b);
    case 'startswith':
      return stringify(a).startsWith(stringify(b));
    case 'endswith':
      return stringify(a).endsWith(stringify(b));
    case 'matches':
      try {
        return new RegExp(stringify(b)).test(stringify(a));
      } catch {
        throw new ConditionError(`Invalid regular expression: ${stringify(b)}`);
      }
    default:
      throw new ConditionError(`Unknown operator ${op}`);
  }
}

export function evaluateCondition(src: string, lookup: Lookup): boolean {
  const tokens = tokenize(src, lookup);
  if (tokens.length === 0) throw new ConditionError('Empty condition');
  // Split into comparisons joined by logic tokens.
  const terms: boolean[] = [];
  const joins: Array<'and' | 'or'> = [];
  let i = 0;
  while (i < tokens.length) {
    const a = tokens[i];
    if (!a || a.kind !== 'value') throw new ConditionError(`Expected a value in condition: ${src}`);
    const op = tokens[i + 1];
    if (op && op.kind === 'op') {
      const b = tokens[i + 2];
      if (!b || b.kind !== 'value') throw new ConditionError(`Expected a value after ${op.op} in condition: ${src}`);
      terms.push(compare(a.value, op.op, b.value));
      i += 3;
    } else {
      terms.push(truthy(a.value));
      i += 1;
    }
    const logic = tokens[i];
    if (logic) {
      if (logic.kind !== 'logic') throw new ConditionError(`Expected and/or in condition: ${src}`);
      joins.push(logic.op);
      i += 1;
      if (i >= tokens.length) throw new ConditionError(`Dangling ${logic.op} in condition: ${src}`);
    }
  }
  // and before or
  const ors: boolean[] = [];
  let acc = terms[0] ?? false;
  for (let k = 0; k < joins.length; k++) {
    const next = terms[k + 1] ?? false;
    if (joins[k] === 'and') acc = acc && next;
    else {
      ors.push(acc);
      acc = next;
    }
  }
  ors.push(acc);
  return ors.some(Boolean);
}
