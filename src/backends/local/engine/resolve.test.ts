import { describe, expect, it } from 'vitest';
import { evaluateCondition, isTruthy } from './condition';
import { findReferences, resolveTemplate, resolveValue, type ResolveState } from './resolve';

const state: ResolveState = {
  steps: { a: { list: [{ name: 'x' }, { name: 'y' }], n: 3, s: 'hello' }, 'step-2': { ok: true } },
  inputs: { who: 'Ada', count: 0 },
  sys: (name) => (name === 'vars' ? { v: 1 } : name === 'runId' ? 'r1' : undefined),
};

describe('references (local dialect)', () => {
  it('finds references with paths, indices and positions', () => {
    const text = 'a {{steps.a.list[1].name}} b {{ inputs.who }} {{sys.vars.v}} {{nope.x}}';
    const refs = findReferences(text);
    expect(refs.map((r) => r.target)).toEqual([
      { kind: 'step', stepId: 'a', path: ['list', '1', 'name'] },
      { kind: 'input', name: 'who', path: [] },
      { kind: 'system', name: 'vars', path: ['v'] },
    ]);
    expect(text.slice(refs[0]!.start, refs[0]!.end)).toBe('{{steps.a.list[1].name}}');
  });

  it('gives the raw value for a lone reference, text otherwise', () => {
    expect(resolveTemplate('{{steps.a.list}}', state)).toEqual([{ name: 'x' }, { name: 'y' }]);
    expect(resolveTemplate('{{steps.a.n}}', state)).toBe(3);
    expect(resolveTemplate('n={{steps.a.n}} list={{steps.a.list.0}}', state)).toBe('n=3 list={"name":"x"}');
    expect(resolveTemplate('{{steps.step-2.ok}}', state)).toBe(true);
    expect(resolveTemplate('{{steps.a.s.length}}', state)).toBe(5);
  });

  it('resolves inside objects and arrays and reports missing references', () => {
    const missing: string[] = [];
    const v = resolveValue({ h: ['{{inputs.who}}', { deep: '{{steps.zz.q}}' }] }, state, (raw) => missing.push(raw));
    expect(v).toEqual({ h: ['Ada', { deep: undefined }] });
    expect(missing).toEqual(['{{steps.zz.q}}']);
    expect(resolveTemplate('x{{steps.zz}}y', state)).toBe('xy');
  });
});

describe('conditions', () => {
  const noSandbox = (): Promise<unknown> => Promise.reject(new Error('sandbox should not be needed'));

  it.each([
    [true, true],
    ['true', true],
    ['false', false],
    ['', false],
    ['{{inputs.who}}', true],
    ['{{inputs.count}}', false],
    ['{{steps.a.n}} > 2', true],
    ['{{steps.a.n}} >= 4', false],
    ['{{inputs.who}} == "Ada"', true],
    ["{{inputs.who}} === 'Bo'", false],
    ['{{steps.a.list.1.name}} != "x"', true],
    ['{{steps.missing}} == null', true],
  ])('decides %j without the sandbox → %s', async (cond, expected) => {
    expect(await evaluateCondition(cond, state, noSandbox)).toBe(expected);
  });

  it('sends anything else to the sandbox with references as literals', async () => {
    let seen = '';
    const result = await evaluateCondition('{{inputs.who}}.startsWith("A") && steps.a.n > 1', state, (src) => {
      seen = src;
      return Promise.resolve(true);
    });
    expect(result).toBe(true);
    expect(seen).toBe('("Ada").startsWith("A") && steps.a.n > 1');
  });

  it('treats "false" and "0" strings as false', () => {
    expect(isTruthy('false')).toBe(false);
    expect(isTruthy('0')).toBe(false);
    expect(isTruthy('no')).toBe(true);
    expect(isTruthy([])).toBe(true);
  });
});
