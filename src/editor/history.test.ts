import { describe, expect, it } from 'vitest';
import { emptyFlow, type Flow, type Step } from '../model/flow';
import { applyPatch, diffFlows, recordEdit, redo, undo, type HistoryState } from './history';

const step = (id: string, title = id): Step => ({ id, kind: 'action', type: 'core.log', title, params: {} });

function withSteps(ids: string[]): Flow {
  const f = emptyFlow('f1', 'Flow');
  return { ...f, steps: Object.fromEntries(ids.map((id) => [id, step(id)])), root: ids };
}

const empty: HistoryState = { past: [], future: [] };

describe('history patches', () => {
  it('records only the step records that changed', () => {
    const a = withSteps(['s1', 's2', 's3']);
    const b = { ...a, steps: { ...a.steps, s2: { ...a.steps.s2!, title: 'renamed' } } };
    const p = diffFlows(a, b);
    expect(Object.keys(p.steps)).toEqual(['s2']);
    expect(p.fields).toEqual({});
    expect(applyPatch(a, p)).toEqual(b);
  });

  it('undo and redo restore the exact documents, including deletions and structure', () => {
    const a = withSteps(['s1', 's2']);
    const { s2: _removed, ...rest } = a.steps;
    const b: Flow = { ...a, steps: rest, root: ['s1'] };
    const h = recordEdit(empty, a, b, 'edit.delete', undefined, 0);
    const u = undo(h, b)!;
    expect(u.flow).toEqual(a);
    const r = redo(u.history, u.flow)!;
    expect(r.flow).toEqual(b);
  });

  it('merges a drag (same merge key inside the window) into one step', () => {
    const a = withSteps(['s1']);
    let h = empty;
    let cur = a;
    for (let i = 1; i <= 5; i++) {
      const next = { ...cur, steps: { s1: { ...cur.steps.s1!, position: { x: i, y: i } } } };
      h = recordEdit(h, cur, next, 'canvas.move', 'drag:s1', i * 100);
      cur = next;
    }
    expect(h.past).toHaveLength(1);
    expect(undo(h, cur)!.flow).toEqual(a);
  });

  it('does not merge edits that are far apart in time or have different keys', () => {
    const a = withSteps(['s1']);
    const b = { ...a, name: 'b' };
    const c = { ...b, name: 'c' };
    const h1 = recordEdit(recordEdit(empty, a, b, 'x', 'k', 0), b, c, 'x', 'k', 5000);
    expect(h1.past).toHaveLength(2);
    const h2 = recordEdit(recordEdit(empty, a, b, 'x', 'k1', 0), b, c, 'x', 'k2', 10);
    expect(h2.past).toHaveLength(2);
  });

  it('history is plain JSON (it is persisted)', () => {
    const a = withSteps(['s1']);
    const b = { ...a, name: 'renamed' };
    const h = recordEdit(empty, a, b, 'flow.rename', undefined, 0);
    const restored = JSON.parse(JSON.stringify(h)) as HistoryState;
    expect(undo(restored, b)!.flow).toEqual(a);
  });
});

describe('per-gesture merge keys', () => {
  it('a drag with a pause longer than the window stays one step when its key is per gesture', () => {
    const a = withSteps(['s1']);
    const b = { ...a, steps: { s1: { ...a.steps.s1!, position: { x: 1, y: 1 } } } };
    const c = { ...b, steps: { s1: { ...b.steps.s1!, position: { x: 2, y: 2 } } } };
    const h = recordEdit(recordEdit(empty, a, b, 'canvas.move', 'drag:1:s1', 0, Infinity), b, c, 'canvas.move', 'drag:1:s1', 5000, Infinity);
    expect(h.past).toHaveLength(1);
    const two = recordEdit(recordEdit(empty, a, b, 'canvas.move', 'drag:1:s1', 0, Infinity), b, c, 'canvas.move', 'drag:2:s1', 10, Infinity);
    expect(two.past).toHaveLength(2);
  });
});
