import { describe, expect, it } from 'vitest';
import { emptyFlow, type Step } from './flow';
import { insertStep, wrapInBlock } from './ops';

const step = (id: string, title: string, kind: Step['kind'] = 'action'): Step => ({ id, kind, type: 'x', title, params: {}, ...(kind === 'if' ? { branches: { then: [], else: [] } } : {}) });
const top = (index: number) => ({ parent: null, branch: null, index });

describe('new steps in a dialect that names steps by title', () => {
  it('get the next free title; other dialects keep titles as given', () => {
    let vs = emptyFlow('f', 'F', 'viasocket');
    vs = insertStep(vs, step('a', 'JS Code'), top(0));
    vs = insertStep(vs, step('b', 'JS Code'), top(1));
    vs = insertStep(vs, step('c', 'JS Code'), top(2));
    expect(vs.root.map((id) => vs.steps[id]!.title)).toEqual(['JS Code', 'JS Code 2', 'JS Code 3']);
    vs = wrapInBlock(vs, ['c'], step('d', 'JS Code', 'if'));
    expect(vs.steps.d!.title).toBe('JS Code 4');

    let local = emptyFlow('g', 'G');
    local = insertStep(local, step('a', 'Log'), top(0));
    local = insertStep(local, step('b', 'Log'), top(1));
    expect(local.root.map((id) => local.steps[id]!.title)).toEqual(['Log', 'Log']);
  });
});
