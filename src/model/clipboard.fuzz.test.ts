/**
 * Fuzz over the paste path (issue 21 item 10): copied steps with one part replaced by something hostile
 * (`__proto__` ids, wrong types, 10⁴–10⁵-deep nesting, huge titles) either paste into a well-formed flow or
 * are refused with our own readable message (ClipboardFormatError / OpError), never a JavaScript engine's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClipboardFormatError, parseClipboard, pasteSteps, serializeSteps } from './clipboard';
import { OpError } from './ops';
import { blockFlowArb } from './testing/arbitraries';
import { sampleFlow } from './testing/fixtures';
import { structuralIssues } from './validate-structure';

const UNREADABLE = /Cannot read prop|Cannot convert|is not a function|is not iterable|Maximum call stack|too much recursion|undefined \(reading|\[object Object\]/;
const deepText = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const DEEP = 'deep-placeholder:';
const spliceDeep = (text: string) => text.replace(new RegExp(`"${DEEP}(\\d+)"`, 'g'), (_m, n: string) => deepText(Number(n)));

function tryPaste(text: string): { ok: true } | { ok: false; error: unknown } {
  try {
    const payload = parseClipboard(text);
    const target = sampleFlow();
    const { flow } = pasteSteps(target, payload, { parent: null, branch: null, index: target.root.length });
    expect(structuralIssues(flow).filter((i) => i.code !== 'cycle')).toEqual([]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

function expectReadable(r: ReturnType<typeof tryPaste>): void {
  if (r.ok) return;
  expect(r.error instanceof ClipboardFormatError || r.error instanceof OpError, String(r.error).slice(0, 300)).toBe(true);
  expect((r.error as Error).message).not.toMatch(UNREADABLE);
}

const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(null, 0, '', [], {}, '__proto__', ['__proto__'], 'constructor', { toString: 1 }),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => `${DEEP}${n}`),
  fc.constant('t'.repeat(5_000)),
);

describe('paste fuzz', () => {
  it('mutated clipboard text pastes well-formed or is refused readably', () => {
    fc.assert(
      fc.property(
        blockFlowArb(),
        fc.nat(),
        fc.constantFrom('id', 'title', 'kind', 'type', 'params', 'branches', '__proto__', 'constructor', 'x'),
        hostile,
        (flow, pick, field, value) => {
          if (flow.root.length === 0) return;
          const payload = JSON.parse(serializeSteps(flow, flow.root)) as { steps: Record<string, Record<string, unknown>>; root: unknown[] };
          const ids = Object.keys(payload.steps);
          const id = ids[pick % ids.length]!;
          if (pick % 3 === 0) payload.steps[id]![field] = value;
          else if (pick % 3 === 1) payload.steps[field] = value as Record<string, unknown>;
          else payload.root = [...payload.root, value];
          expectReadable(tryPaste(spliceDeep(JSON.stringify(payload))));
        },
      ),
      { numRuns: 150 },
    );
  });

  const text = (steps: string, root: string) => `{"format":"flowbench/steps","version":2,"dialect":"local","steps":${steps},"root":${root}}`;
  const one = (id: string, extra = '') => `{"id":"${id}","kind":"action","type":"core.log","title":"S","params":{}${extra}}`;

  it.each([
    ['a step id "__proto__"', text(`{"__proto__":${one('__proto__')}}`, '["__proto__"]'), /"__proto__" cannot be used/],
    ['a root naming a missing "__proto__"', text('{}', '["__proto__"]'), /"__proto__" cannot be used as a step id/],
    ['params nested 10⁵ deep', text(`{"x":{"id":"x","kind":"action","type":"core.log","title":"S","params":{"a":${deepText(100_000)}}}}`, '["x"]'), /nested more than 200 levels deep/],
    [
      'blocks nested 10⁴ deep',
      text(`{${Array.from({ length: 10_000 }, (_, i) => `"b${i}":{"id":"b${i}","kind":"if","type":"core.if","title":"b","params":{},"branches":{"then":[${i + 1 < 10_000 ? `"b${i + 1}"` : ''}]}}`).join(',')}}`, '["b0"]'),
      /blocks nested more than 100 levels deep/,
    ],
    ['a non-string title', text(`{"x":{"id":"x","kind":"action","type":"core.log","title":{"a":1},"params":{}}}`, '["x"]'), /steps\.x\.title/],
    ['a 50 MB title', text(`{"x":{"id":"x","kind":"action","type":"core.log","title":"${'t'.repeat(50 * 1024 * 1024)}","params":{}}}`, '["x"]'), /longer than the limit/],
  ])('%s: refused with a readable reason', (_name, clip, reason) => {
    const r = tryPaste(clip);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(ClipboardFormatError);
      expect((r.error as Error).message).toMatch(reason);
      expect((r.error as Error).message).not.toMatch(UNREADABLE);
    }
  });
});
