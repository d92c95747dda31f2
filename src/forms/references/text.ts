/**
 * Pure text helpers behind the picker, autocomplete and chips: where a half-typed reference starts, how to
 * splice one in, which candidates match a query, and how a found reference reads to a person.
 */
import type { FoundReference } from '../../model/references';
import { pickText, type FieldLanguage } from '../model/types';
import { candidateTarget, type ReferenceCandidate, type ReferenceContext } from './types';

export interface AutocompleteQuery {
  /** Index of the trigger (`{{`) in the text. */
  start: number;
  /** What was typed after the trigger, up to the caret. */
  query: string;
}

const MAX_QUERY = 60;

/**
 * The reference being typed at the caret, if any: the last trigger before the caret with nothing after it
 * that closes or breaks a reference (a `}`, a newline, another trigger).
 */
export function autocompleteQuery(text: string, caret: number, trigger: string): AutocompleteQuery | null {
  if (!trigger || caret < trigger.length) return null;
  const start = text.lastIndexOf(trigger, caret - trigger.length);
  if (start < 0) return null;
  const query = text.slice(start + trigger.length, caret);
  if (query.length > MAX_QUERY || /[}\n\r]/.test(query) || query.includes(trigger)) return null;
  return { start, query };
}

/** Replace `[from, to)` with `insert`; the caret lands right after the inserted text. */
export function splice(text: string, from: number, to: number, insert: string): { text: string; caret: number } {
  const a = Math.max(0, Math.min(from, text.length));
  const b = Math.max(a, Math.min(to, text.length));
  return { text: text.slice(0, a) + insert + text.slice(b), caret: a + insert.length };
}

/** Display parts of a candidate: its group (step title, or the kind) and its own label. */
export function candidateLabel(c: ReferenceCandidate, language: FieldLanguage): { group: string; label: string } {
  switch (c.kind) {
    case 'step': {
      const out = pickText(c.outputLabel, language) || c.outputId;
      return { group: c.stepTitle, label: c.path && c.path.length > 0 ? `${out}.${c.path.join('.')}` : out };
    }
    case 'input':
      return { group: 'input', label: pickText(c.label, language) || c.name };
    case 'system':
      return { group: 'system', label: pickText(c.label, language) || c.name };
  }
}

function haystack(c: ReferenceCandidate, ctx: ReferenceContext): string {
  const parts: string[] = [ctx.syntax.format(candidateTarget(c), ctx.naming)];
  if (c.kind === 'step') parts.push(c.stepTitle, c.stepId, c.outputId, c.outputLabel.text, c.outputLabel.en ?? '');
  else parts.push(c.name, c.label?.text ?? '', c.label?.en ?? '');
  return parts.join(' ').toLowerCase();
}

/** Candidates whose title, label, id or reference text contain every word of the query. */
export function filterCandidates(ctx: ReferenceContext, query: string, limit = 50): ReferenceCandidate[] {
  const tokens = query.toLowerCase().split(/[\s.]+/).filter(Boolean);
  const out: ReferenceCandidate[] = [];
  for (const c of ctx.candidates) {
    const h = haystack(c, ctx);
    if (tokens.every((t) => h.includes(t))) out.push(c);
    if (out.length >= limit) break;
  }
  return out;
}

export type ReferenceStatus = 'ok' | 'missing' | 'unavailable';

export interface DescribedReference {
  status: ReferenceStatus;
  /** Step title (never the id) and output label; for a missing step, the id it pointed at. */
  title: string;
  detail: string;
  kind: FoundReference['target']['kind'];
}

/** How a found reference reads: the step's current title and the output's label, or why it is broken. */
export function describeReference(ref: FoundReference, ctx: ReferenceContext, language: FieldLanguage): DescribedReference {
  const t = ref.target;
  if (t.kind === 'step') {
    const title = ctx.naming.titleOf(t.stepId);
    if (title === undefined) return { status: 'missing', title: t.stepId, detail: t.path.join('.'), kind: t.kind };
    const [outputId, ...rest] = t.path;
    const cand = ctx.candidates.find((c) => c.kind === 'step' && c.stepId === t.stepId && c.outputId === outputId);
    const out = cand && cand.kind === 'step' ? pickText(cand.outputLabel, language) : outputId;
    const detail = [out, ...rest].filter((s) => s !== undefined && s !== '').join('.');
    const available = ctx.candidates.some((c) => c.kind === 'step' && c.stepId === t.stepId);
    return { status: available ? 'ok' : 'unavailable', title, detail, kind: t.kind };
  }
  const cand = ctx.candidates.find((c) => c.kind === t.kind && c.name === t.name);
  const label = cand && cand.kind !== 'step' ? pickText(cand.label, language) || t.name : t.name;
  const detail = t.path.join('.');
  // System variables are the backend's; only run inputs can go missing from the flow.
  const status: ReferenceStatus = t.kind === 'input' && !cand ? 'missing' : 'ok';
  return { status, title: label, detail, kind: t.kind };
}
