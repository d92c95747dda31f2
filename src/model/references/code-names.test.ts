import { describe, expect, it } from 'vitest';
import { emptyFlow, type Flow, type Step } from '../flow';
import { renameStep } from '../ops-fields';
import { step } from '../testing/fixtures';
import { syntaxFor } from './dialects';
import { renameStepsInCode } from './code-names';

describe('step names in function code', () => {
  it('rewrites dotted and bracketed access, swaps at once, and leaves other identifiers alone', () => {
    const renames = new Map([
      ['Log', 'Log (2)'],
      ['Log (2)', 'Log'],
      ['Fetch', 'Fetch customer'],
      ['获取', "Bob's"],
    ]);
    const code = 'a = steps.Log; b = steps["Log (2)"]; c = steps?.Fetch.body; d = steps[\'获取\']; e = mysteps.Log;';
    expect(renameStepsInCode(code, renames)).toBe(
      'a = steps["Log (2)"]; b = steps["Log"]; c = steps?.["Fetch customer"].body; d = steps[\'Bob\\\'s\']; e = mysteps.Log;',
    );
  });

  it('follows a rename, and a duplicate whose number moves, in a local flow', () => {
    const steps: Step[] = [
      step('a', 'action', { title: 'Fetch' }),
      step('b', 'action', { title: 'Log' }),
      step('c', 'action', { title: 'Other' }),
      step('fn', 'action', { title: 'Code', params: { code: 'return steps.Fetch.body + steps["Log"].x + steps.a.y;' } }),
    ];
    const flow: Flow = { ...emptyFlow('f', 'F'), steps: Object.fromEntries(steps.map((s) => [s.id, s])), root: steps.map((s) => s.id) };
    const renamed = renameStep(flow, 'a', 'Fetch customer', syntaxFor('local'));
    expect(renamed.steps.fn?.params.code).toBe('return steps["Fetch customer"].body + steps["Log"].x + steps.a.y;');
    // `c` becomes a second "Log" after `b`: `b` keeps "Log", nothing to rewrite.
    const dup = renameStep(renamed, 'c', 'Log', syntaxFor('local'));
    expect(dup.steps.fn?.params.code).toBe(renamed.steps.fn?.params.code);
    // Renaming `a` (first in the flow) to "Log" moves `b` to "Log (2)": code that meant `b` follows it.
    const moved = renameStep(renamed, 'a', 'Log', syntaxFor('local'));
    expect(moved.steps.fn?.params.code).toBe('return steps["Log"].body + steps["Log (2)"].x + steps.a.y;');
  });
});
