/**
 * Conditions of `if` steps and `while` loops. Cheap forms are decided here without the sandbox (so flows
 * without code never load QuickJS): a boolean, one reference, or `<operand> <op> <operand>` where an operand
 * is a reference or a literal. Anything else is a JavaScript expression run in the sandbox, with every
 * reference replaced by a literal of its value (so `{{steps.a.name}} === "x"` compares strings correctly).
 */
import { findReferences, lookup, toExpressionSource, type OnMissingReference, type ResolveState } from './resolve';

const OPERAND = String.raw`\{\{[^{}]+\}\}|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|true|false|null|undefined`;
const COMPARISON = new RegExp(String.raw`^(${OPERAND})\s*(===|!==|==|!=|>=|<=|>|<)\s*(${OPERAND})$`);

/** Truthiness as a user means it: JS truthiness, except that the strings "false" and "0" are false. */
export function isTruthy(value: unknown): boolean {
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    return t !== '' && t !== 'false' && t !== '0';
  }
  if (Array.isArray(value)) return true;
  return Boolean(value);
}

export type ExpressionEvaluator = (source: string) => Promise<unknown>;

export async function evaluateCondition(
  raw: unknown,
  state: ResolveState,
  evaluate: ExpressionEvaluator,
  onMissing?: OnMissingReference,
): Promise<boolean> {
  if (typeof raw !== 'string') return isTruthy(raw);
  const text = raw.trim();
  if (text === '') return false;
  const simple = evaluateSimple(text, state, onMissing);
  if (simple.decided) return simple.value;
  return isTruthy(await evaluate(toExpressionSource(text, state, onMissing)));
}

function evaluateSimple(text: string, state: ResolveState, onMissing?: OnMissingReference): { decided: true; value: boolean } | { decided: false } {
  if (text === 'true') return { decided: true, value: true };
  if (text === 'false') return { decided: true, value: false };
  const refs = findReferences(text);
  const only = refs[0];
  if (refs.length === 1 && only && only.start === 0 && only.end === text.length) {
    const r = lookup(only.target, state);
    if (!r.found) onMissing?.(only.raw);
    return { decided: true, value: isTruthy(r.value) };
  }
  const m = COMPARISON.exec(text);
  if (!m) return { decided: false };
  const left = operand(m[1] ?? '', state, onMissing);
  const right = operand(m[3] ?? '', state, onMissing);
  if (!left.ok || !right.ok) return { decided: false };
  return { decided: true, value: compare(left.value, m[2] ?? '==', right.value) };
}

function operand(token: string, state: ResolveState, onMissing?: OnMissingReference): { ok: true; value: unknown } | { ok: false } {
  if (token.startsWith('{{')) {
    const refs = findReferences(token);
    const ref = refs[0];
    if (!ref || ref.raw.length !== token.length) return { ok: false };
    const r = lookup(ref.target, state);
    if (!r.found) onMissing?.(ref.raw);
    return { ok: true, value: r.value };
  }
  if (token === 'true') return { ok: true, value: true };
  if (token === 'false') return { ok: true, value: false };
  if (token === 'null') return { ok: true, value: null };
  if (token === 'undefined') return { ok: true, value: undefined };
  if (token.startsWith('"')) {
    try {
      return { ok: true, value: JSON.parse(token) as unknown };
    } catch {
      return { ok: false };
    }
  }
  if (token.startsWith("'")) {
    try {
      return { ok: true, value: JSON.parse(`"${token.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as unknown };
    } catch {
      return { ok: false };
    }
  }
  return { ok: true, value: Number(token) };
}

/** JavaScript semantics for the operators, so the fast path and the sandbox agree. */
function compare(a: unknown, op: string, b: unknown): boolean {
  const x = a as number;
  const y = b as number;
  switch (op) {
    case '===':
      return a === b;
    case '!==':
      return a !== b;
    case '==':
      return a == b;
    case '!=':
      return a != b;
    case '>':
      return x > y;
    case '<':
      return x < y;
    case '>=':
      return x >= y;
    case '<=':
      return x <= y;
    default:
      return false;
  }
}
