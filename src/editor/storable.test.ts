import { describe, expect, it } from 'vitest';
import { emptyFlow } from '../model/flow';
import { connectWithReport } from '../model';
import { sampleFlow } from '../model/testing/fixtures';
import { guardStorable, storageProblem, UnstorableEdit } from './storable';
import { createEditorStore } from './store';
import { editErrorNotice } from './edit';

describe('storable edits', () => {
  const flow = sampleFlow(); // t, c(if: then [a, l(loop: [b])], else [d]), e
  const toGraph = (f: typeof flow) => connectWithReport(f, { source: 'b', sourcePort: 'out', target: 'e', targetPort: 'in' }).flow;

  it('says what a backend cannot store', () => {
    expect(storageProblem(flow, { structures: ['blocks'] })).toBeNull();
    expect(storageProblem(toGraph(flow), { structures: ['blocks'] })).toBe('structure');
    expect(storageProblem(flow, { structures: ['blocks'], elseBranch: false })).toBe('else');
    expect(storageProblem(toGraph(flow), undefined)).toBeNull();
  });

  it('refuses an edit that makes the document unstorable, when it is made', () => {
    expect(() => guardStorable(toGraph, { structures: ['blocks'] })(flow)).toThrow(UnstorableEdit);
    expect(guardStorable(toGraph, { structures: ['blocks', 'graph'] })(flow).structure).toBe('graph');
    // A document that already was not storable stays editable (the save says why).
    const graph = toGraph(flow);
    const renamed = guardStorable((f) => ({ ...f, name: 'x' }), { structures: ['blocks'] })(graph);
    expect(renamed.name).toBe('x');
  });

  it('is applied by the editor store to every edit, and the refusal reads as a notice', () => {
    const store = createEditorStore({ flow, baseRevision: null, storable: { structures: ['blocks'] } });
    let error: unknown;
    try {
      store.getState().edit('canvas.connect', toGraph);
    } catch (e) {
      error = e;
    }
    expect(store.getState().flow).toBe(flow);
    expect(store.getState().history.past).toHaveLength(0);
    expect(editErrorNotice(error)).toEqual({ key: 'editor:unstorable.structure', tone: 'warning', values: {} });
  });
});

describe('a run-only backend', () => {
  it('refuses every edit when it is made, and lets a no-op through', () => {
    const flow = emptyFlow('f', 'F');
    const rename = (f: typeof flow) => ({ ...f, name: 'G' });
    expect(() => guardStorable(rename, { structures: ['graph'], editFlows: false })(flow)).toThrow(
      expect.objectContaining({ key: 'editor:unstorable.readonly' }),
    );
    expect(guardStorable((f) => f, { structures: ['graph'], editFlows: false })(flow)).toBe(flow);
    expect(guardStorable(rename, { structures: ['blocks'], editFlows: true })(flow).name).toBe('G');
  });
});
