import { describe, expect, it } from 'vitest';
import { emptyFlow, type Flow, type Step } from '../flow';
import { moveStep, removeSteps } from '../ops';
import { followStepNamesInCode, renameStep as renameOnly } from '../ops-fields';
import { step } from '../testing/fixtures';
import { syntaxFor } from './dialects';
import { renameStepsInCode } from './code-names';

/** A rename as the store applies it: the op, then code follows the names it moved. */
const renameStep: typeof renameOnly = (flow, ...rest) => followStepNamesInCode(flow, renameOnly(flow, ...rest));

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

  it('follows names that a removal or a move shifts, and breaks code for a removed step another now names', () => {
    const steps: Step[] = [
      step('a', 'action', { title: 'Log' }),
      step('b', 'action', { title: 'Log' }),
      step('fn', 'action', { title: 'Code', params: { code: 'return [steps.Log.x, steps["Log (2)"].y];' } }),
    ];
    const flow: Flow = { ...emptyFlow('f', 'F'), steps: Object.fromEntries(steps.map((s) => [s.id, s])), root: steps.map((s) => s.id) };
    // Removing `a` makes `b` the only "Log": code that meant `b` follows it, code that meant `a` reads as `a`'s id.
    const removed = followStepNamesInCode(flow, removeSteps(flow, ['a']));
    expect(removed.steps.fn?.params.code).toBe('return [steps.a.x, steps["Log"].y];');
    // Moving `b` in front of `a` swaps their numbers: the code swaps with them.
    const moved = followStepNamesInCode(flow, moveStep(flow, 'b', { parent: null, branch: null, index: 0 }));
    expect(moved.steps.fn?.params.code).toBe('return [steps["Log (2)"].x, steps["Log"].y];');
    // An edit that moves no name leaves the code alone.
    const other = { ...flow, steps: { ...flow.steps, b: { ...flow.steps.b!, params: { n: 1 } } } };
    expect(followStepNamesInCode(flow, other)).toBe(other);
  });
});
