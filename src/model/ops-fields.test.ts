import { describe, expect, it } from 'vitest';
import { emptyFlow } from './flow';
import { OpError } from './ops';
import { addNote, removeNote, renameStep, setParam, setPositions, setStepFields, updateNote } from './ops-fields';
import { localSyntax, viasocketSyntax } from './references/dialects';
import { sampleFlow, step } from './testing/fixtures';

describe('field ops', () => {
  it('renameStep rewrites title-based references only', () => {
    const flow = { ...emptyFlow('f', 'f', 'viasocket'), root: ['a', 'b'] };
    flow.steps = {
      a: step('a', 'action', { title: 'Fetch' }),
      b: step('b', 'action', { title: 'Use', params: { x: '${context.res.Fetch?.data?.id}', y: 42 } }),
    };
    const renamed = renameStep(flow, 'a', 'Load', viasocketSyntax);
    expect(renamed.steps.b?.params.x).toBe('${context.res.Load?.data?.id}');
    expect(() => renameStep(flow, 'a', 'Use', viasocketSyntax)).toThrow(/already called "Use"/);
    const base = sampleFlow();
    const local = renameStep(base, 'a', 'New', localSyntax);
    expect(local.steps.a?.title).toBe('New');
    expect(local.steps.b).toBe(base.steps.b); // id-based dialect: nothing else to rewrite
  });

  it('setParam, setStepFields and setPositions keep other records', () => {
    const flow = sampleFlow();
    const next = setPositions(setStepFields(setParam(flow, 'a', 'url', 'http://x'), 'a', { disabled: true, title: 'A!' }), { b: { x: 1, y: 2 } });
    expect(next.steps.a).toMatchObject({ params: { url: 'http://x' }, disabled: true, title: 'A!' });
    expect(next.steps.b?.position).toEqual({ x: 1, y: 2 });
    expect(next.steps.e).toBe(flow.steps.e);
    expect(setStepFields(next, 'a', { disabled: undefined }).steps.a).not.toHaveProperty('disabled');
    expect(() => setStepFields(flow, 'a', { kind: 'loop' })).toThrow(/An action step cannot become a loop step/);
    expect(() => setParam(flow, 'zz', 'k', 1)).toThrow(OpError);
  });

  it('notes', () => {
    const note = { id: 'n1', text: 'hi', position: { x: 0, y: 0 } };
    const flow = addNote(sampleFlow(), note);
    expect(updateNote(flow, 'n1', { text: 'ho' }).notes[0]?.text).toBe('ho');
    expect(removeNote(flow, 'n1').notes).toEqual([]);
    expect(() => addNote(flow, note)).toThrow(/already exists/);
    expect(() => updateNote(flow, 'x', {})).toThrow(/no note/);
  });
});

describe('time limits', () => {
  it('are stored as whole milliseconds a timer can hold, and nonsense is refused', async () => {
    const { setStepFields, MAX_TIMEOUT_MS } = await import('./ops-fields');
    const { emptyFlow } = await import('./flow');
    const flow = { ...emptyFlow('f', 'F'), root: ['a'], steps: { a: { id: 'a', kind: 'action' as const, type: 't', title: 'A', params: {} } } };
    expect(setStepFields(flow, 'a', { timeoutMs: 2.01 * 1000 }).steps.a!.timeoutMs).toBe(2010);
    expect(setStepFields(flow, 'a', { timeoutMs: 2 ** 40 }).steps.a!.timeoutMs).toBe(MAX_TIMEOUT_MS);
    expect(() => setStepFields(flow, 'a', { timeoutMs: Number.NaN })).toThrow(/time limit/);
    expect(() => setStepFields(flow, 'a', { timeoutMs: -1 })).toThrow(/time limit/);
  });
});
