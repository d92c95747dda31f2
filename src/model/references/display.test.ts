import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyFlow, type Flow, type Step } from '../flow';
import { renameStep } from '../ops-fields';
import { step } from '../testing/fixtures';
import { syntaxFor } from './dialects';
import { displayNamesOf, referenceDisplay } from './display';

function flowOf(steps: Step[], dialect = 'local'): Flow {
  const flow = emptyFlow('f', 'F', dialect);
  return { ...flow, steps: Object.fromEntries(steps.map((s) => [s.id, s])), root: steps.map((s) => s.id) };
}

const syntax = (d: string) => {
  const s = syntaxFor(d);
  if (!s) throw new Error(d);
  return s;
};

const titled = flowOf([
  step('step_Mo6HSLS5vu', 'action', { title: 'Fetch customer' }),
  step('s2', 'action', { title: 'Say "hi"' }),
  step('s3', 'action', { title: '获取 客户' }),
  step('s4', 'action', { title: 'v1.2 parser' }),
]);

describe('display names', () => {
  it('tells duplicate titles apart in flow order and keeps a real "Log (2)"', () => {
    const flow = flowOf([
      step('a', 'action', { title: 'Log' }),
      step('b', 'action', { title: 'Log (2)' }),
      step('c', 'action', { title: 'Log' }),
      step('d', 'action', { title: 'Log' }),
    ]);
    const names = displayNamesOf(flow);
    expect(['a', 'b', 'c', 'd'].map((id) => names.nameOf(id))).toEqual(['Log', 'Log (2)', 'Log (3)', 'Log (4)']);
    expect(names.idOf('Log (3)')).toBe('c');
  });

  it('follows the flow order of nested blocks, not the record order', () => {
    const flow = flowOf([step('late', 'action', { title: 'Log' }), step('c', 'if', { title: 'Check', branches: { then: ['early'], else: [] } }), step('early', 'action', { title: 'Log' })]);
    const ordered = { ...flow, root: ['c', 'late'] };
    const names = displayNamesOf(ordered);
    expect(names.nameOf('early')).toBe('Log');
    expect(names.nameOf('late')).toBe('Log (2)');
  });

  it('numbers names the syntax reserves, names untitled steps by the fallback, and collapses whitespace and braces', () => {
    const flow = flowOf([
      step('a', 'action', { title: 'inputs' }),
      step('b', 'action', { title: '' }),
      step('c', 'action', { title: '  two\n lines {x} ' }),
    ]);
    const names = displayNamesOf(flow, (s) => (s.id === 'b' ? 'HTTP request' : undefined));
    expect(names.nameOf('a')).toBe('inputs (2)');
    expect(names.nameOf('b')).toBe('HTTP request');
    expect(names.nameOf('c')).toBe('two lines (x)');
  });
});

describe('display <-> storage', () => {
  it('shows local step references by title, with spaces, quotes, CJK and dots in the title', () => {
    const d = referenceDisplay(titled, syntax('local'));
    const stored = 'Hi {{steps.step_Mo6HSLS5vu.body.id}} {{steps.s2.out}} {{steps.s3.x}} {{steps.s4.y.z}} {{inputs.city}} {{sys.now}}';
    const shown = d.toDisplay(stored);
    expect(shown).toBe('Hi {{Fetch customer.body.id}} {{Say "hi".out}} {{获取 客户.x}} {{v1.2 parser.y.z}} {{inputs.city}} {{sys.now}}');
    expect(d.toStorage(shown, stored)).toBe(stored);
    // Typed fresh (no previous value), the names resolve too.
    expect(d.toStorage(shown)).toBe(stored);
  });

  it('writes each dialect its own way', () => {
    const vflow = flowOf([step('step-001', 'action', { title: '' })], 'vflow');
    const vd = referenceDisplay(vflow, syntax('vflow'), () => 'HTTP request');
    expect(vd.toDisplay('{{step-001.statusCode}} at {{current_time}}')).toBe('{{HTTP request.statusCode}} at {{current_time}}');
    expect(vd.toStorage('{{HTTP request.body}}')).toBe('{{step-001.body}}');

    const dify = flowOf([step('1718', 'action', { title: 'LLM' })], 'dify');
    const dd = referenceDisplay(dify, syntax('dify'));
    expect(dd.toDisplay('{{#1718.text#}} / {{#sys.query#}}')).toBe('{{LLM.text}} / {{#sys.query#}}');
    expect(dd.toStorage('{{LLM.text}}')).toBe('{{#1718.text#}}');
  });

  it('is the identity for a backend that references steps by title', () => {
    const flow = flowOf([step('a', 'action', { title: 'Fetch' })], 'viasocket');
    const d = referenceDisplay(flow, syntax('viasocket'));
    const text = '${context.res.Fetch?.data}';
    expect(d.toDisplay(text)).toBe(text);
    expect(d.toStorage(text, text)).toBe(text);
  });

  it('keeps stored whitespace, dangling references and literal look-alikes byte for byte', () => {
    const d = referenceDisplay(titled, syntax('local'));
    const stored = '{{ steps.s2.out }} {{steps.gone.x}} {{Fetch customer.id}} {{ nope }}';
    const shown = d.toDisplay(stored);
    expect(shown).toBe('{{Say "hi".out}} {{steps.gone.x}} {{Fetch customer.id}} {{ nope }}');
    expect(d.toStorage(shown, stored)).toBe(stored);
    // An edit elsewhere in the text keeps them too.
    expect(d.toStorage(`${shown}!`, stored)).toBe(`${stored}!`);
  });

  it('follows renames: storage keeps the id, display shows the new title', () => {
    const stored = '{{steps.s2.out}}';
    const renamed = renameStep(titled, 's2', 'Greeting', syntax('local'));
    expect(referenceDisplay(renamed, syntax('local')).toDisplay(stored)).toBe('{{Greeting.out}}');
  });

  it('finds display references with their targets for chips and the picker', () => {
    const d = referenceDisplay(titled, syntax('local'));
    const [a, b] = d.syntax.find('x {{Fetch customer.body}} {{inputs.city}}', d.naming);
    expect(a?.target).toEqual({ kind: 'step', stepId: 'step_Mo6HSLS5vu', path: ['body'] });
    expect(b?.target).toEqual({ kind: 'input', name: 'city', path: [] });
    expect(d.syntax.format({ kind: 'step', stepId: 's3', path: ['x'] }, d.naming)).toBe('{{获取 客户.x}}');
    expect(d.naming.titleOf('s2')).toBe('Say "hi"');
  });

  it('round-trips any text over titles with spaces, quotes, CJK and duplicates (property)', () => {
    const titles = fc.constantFrom('Fetch customer', 'Log', 'Log', 'Say "hi"', '获取客户', 'a.b', 'inputs', '');
    const piece = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('{{', '}}', '.', ' ', '{{inputs.x}}', '{{Log.out}}', '{{Log (2).y}}', '{{a.b.c}}'),
      fc.tuple(fc.integer({ min: 0, max: 7 }), fc.constantFrom('', '.out', '.a.b', ' ')).map(([i, p]) => `{{steps.s${i}${p}}}`),
      fc.integer({ min: 0, max: 7 }).map((i) => `{{ steps.s${i}.out }}`),
    );
    fc.assert(
      fc.property(fc.array(titles, { minLength: 8, maxLength: 8 }), fc.array(piece, { maxLength: 8 }), (ts, pieces) => {
        const flow = flowOf(ts.map((title, i) => step(`s${i}`, 'action', { title })));
        const d = referenceDisplay(flow, syntax('local'));
        const stored = pieces.join('');
        expect(d.toStorage(d.toDisplay(stored), stored)).toBe(stored);
      }),
      { numRuns: 300 },
    );
  });
});
