import { describe, expect, it } from 'vitest';
import { bracketAccess, memberAccessAt, typedWord } from './completion-text';

describe('typedWord', () => {
  it('takes identifier runs, and hyphenated ids after a member access', () => {
    expect(typedWord('const x = steps.st')).toBe('st');
    expect(typedWord('const x = steps.step_V1-G')).toBe('step_V1-G');
    expect(typedWord('steps?.step_a-')).toBe('step_a-');
    expect(typedWord('a - b')).toBe('b');
    expect(typedWord('x-y')).toBe('y');
    expect(typedWord('steps.')).toBe('');
  });
});

describe('bracketAccess', () => {
  it('replaces the dot with a bracket access', () => {
    const line = 'return steps.step_a';
    const start = line.length - 'step_a'.length + 1;
    expect(bracketAccess(line, start, 'step_a-1')).toEqual({ text: '["step_a-1"]', startColumn: start - 1 });
    const opt = 'steps?.st';
    expect(bracketAccess(opt, 8, 'step-1')).toEqual({ text: '?.["step-1"]', startColumn: 6 });
    expect(bracketAccess('step', 1, 'x-y')).toBeNull();
  });
});

describe('memberAccessAt', () => {
  it('finds a key being typed after a root', () => {
    expect(memberAccessAt('const a = steps.', ['steps'])).toEqual({ root: 'steps', typed: '' });
    expect(memberAccessAt('return steps?.step_a-b', ['steps'])).toEqual({ root: 'steps', typed: 'step_a-b' });
    expect(memberAccessAt('x = context.res.My', ['context.res'])).toEqual({
      root: 'context.res',
      typed: 'My',
    });
  });

  it('ignores other objects and deeper levels', () => {
    expect(memberAccessAt('mysteps.', ['steps'])).toBeNull();
    expect(memberAccessAt('a.steps.', ['steps'])).toBeNull();
    expect(memberAccessAt('steps.a.result.', ['steps'])).toBeNull();
    expect(memberAccessAt('contextXres.', ['context.res'])).toBeNull();
  });
});
