/**
 * A reference begun and never finished: `{{` alone, `{{}}`, or `{{steps.a.body` with no closing braces
 * before the next `{{`. The engine would read it as plain text (or, in a condition, fail to parse it), so a field that
 * accepts references reports it instead of counting it as valid.
 */
import type { ReferenceSyntax, StepNaming } from '../../model/references';

/** The closer of each dialect's opening (`{{` → `}}`, Dify's `{{#` → `#}}`, `${` → `}`). */
export function closerOf(trigger: string): string {
  if (trigger === '{{#') return '#}}';
  if (trigger === '${') return '}';
  return trigger.replace(/\{/g, '}').replace(/[^}]/g, '');
}

/**
 * Where a program's quoted strings are ('…', "…", `…`, with backslash escapes), as [start, end) ranges.
 * Good enough for the languages code fields use (JavaScript, Python, SQL); comments are not special-cased.
 */
function quotedRanges(code: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < code.length; i++) {
    const q = code[i];
    if (q !== '"' && q !== "'" && q !== '`') continue;
    let j = i + 1;
    while (j < code.length && code[j] !== q) j += code[j] === '\\' ? 2 : 1;
    out.push([i, Math.min(j + 1, code.length)]);
    i = j;
  }
  return out;
}

export interface UnfinishedOptions {
  /** Program code: an opening inside a quoted string is text (`"{{"` in a template), not half a reference. */
  program?: boolean;
}

/** The unfinished reference's text (up to 30 characters), or null when every opening is closed. */
export function unfinishedReference(
  text: string,
  syntax: ReferenceSyntax,
  naming: StepNaming,
  options: UnfinishedOptions = {},
): string | null {
  const open = syntax.trigger;
  if (!open || !text.includes(open)) return null;
  const close = closerOf(open) || '}}';
  const found = syntax.find(text, naming);
  const quoted = options.program ? quotedRanges(text) : [];
  const inside = (i: number) =>
    found.some((r) => i >= r.start && i < r.end) || quoted.some(([a, b]) => i > a && i < b);
  for (let i = text.indexOf(open); i !== -1; i = text.indexOf(open, i + 1)) {
    if (inside(i)) continue;
    const from = i + open.length;
    const nextClose = text.indexOf(close, from);
    const nextOpen = text.indexOf(open, from);
    // `{{}}` (what an editor that closes brackets leaves of a typed `{{`) is no reference either.
    const empty = nextClose !== -1 && text.slice(from, nextClose).trim() === '';
    if (empty) return text.slice(i, nextClose + close.length);
    if (nextClose === -1 || (nextOpen !== -1 && nextOpen < nextClose)) {
      const end = nextOpen === -1 ? text.length : nextOpen;
      return text.slice(i, Math.min(end, i + 30)).trimEnd();
    }
  }
  return null;
}
