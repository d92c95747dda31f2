import { describe, expect, it } from 'vitest';
import { emptyFlow, type Flow } from '../model/flow';
import { createEditorStore } from './store';

function flowWith(ids: string[]): Flow {
  const f = emptyFlow('f', 'F');
  return { ...f, steps: Object.fromEntries(ids.map((id) => [id, { id, kind: 'action', type: 't', title: id, params: {} }])), root: ids };
}

describe('editor store', () => {
  it('an edit that selects moves the focus to the new selection', () => {
    const store = createEditorStore({ flow: flowWith(['a']), baseRevision: null });
    store.getState().select(['a'], 'a');
    store.getState().edit('add', (f) => ({ ...f, steps: { ...f.steps, b: { id: 'b', kind: 'action', type: 't', title: 'b', params: {} } }, root: ['a', 'b'] }), {
      select: ['b'],
    });
    expect(store.getState().selection).toEqual(['b']);
    expect(store.getState().focused).toBe('b');
  });

  it('drops deleted steps from the selection and focus', () => {
    const store = createEditorStore({ flow: flowWith(['a', 'b']), baseRevision: null });
    store.getState().select(['a', 'b'], 'b');
    store.getState().edit('del', (f) => ({ ...f, steps: { a: f.steps.a! }, root: ['a'] }));
    expect(store.getState().selection).toEqual(['a']);
    expect(store.getState().focused).toBe('a');
  });

  it('undo and redo mark the document dirty and count as changes (autosave sees them)', () => {
    const store = createEditorStore({ flow: flowWith(['a']), baseRevision: 'r1' });
    store.getState().edit('rename', (f) => ({ ...f, name: 'X' }));
    store.getState().markSaved('r2', store.getState().changeCounter);
    expect(store.getState().dirty).toBe(false);
    expect(store.getState().undo()).toBe(true);
    expect(store.getState().flow.name).toBe('F');
    expect(store.getState().dirty).toBe(true);
    expect(store.getState().redo()).toBe(true);
    expect(store.getState().flow.name).toBe('X');
  });

  it('a save that finishes after further edits leaves the document dirty', () => {
    const store = createEditorStore({ flow: flowWith(['a']), baseRevision: 'r1' });
    store.getState().edit('rename', (f) => ({ ...f, name: 'X' }));
    const savedAt = store.getState().changeCounter;
    store.getState().edit('rename', (f) => ({ ...f, name: 'Y' }));
    store.getState().markSaved('r2', savedAt);
    expect(store.getState().dirty).toBe(true);
    expect(store.getState().baseRevision).toBe('r2');
  });

  it('an edit that moves step names (a duplicate title removed) rewrites code with it; undo takes both back', () => {
    const flow = flowWith(['a', 'b', 'fn']);
    flow.steps.a!.title = 'Log';
    flow.steps.b!.title = 'Log';
    flow.steps.fn!.params = { code: 'return steps["Log (2)"].x;' };
    const store = createEditorStore({ flow, baseRevision: null });
    store.getState().edit('del', (f) => ({ ...f, steps: { b: f.steps.b!, fn: f.steps.fn! }, root: ['b', 'fn'] }));
    expect(store.getState().flow.steps.fn?.params.code).toBe('return steps["Log"].x;');
    store.getState().undo();
    expect(store.getState().flow.steps.fn?.params.code).toBe('return steps["Log (2)"].x;');
  });
});
