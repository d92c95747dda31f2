import { describe, expect, it } from 'vitest';
import { emptyFlow, type Flow, type Step } from '../../model/flow';
import { toGraphFlow } from '../../model/structure';
import { diffFlows, diffStepFields, lineDiff, primaryMark } from './diff';
import { diffGraphElements } from './diff-graph';

function step(id: string, extra: Partial<Step> = {}): Step {
  return { id, kind: 'action', type: 'core.log', title: id.toUpperCase(), params: {}, ...extra };
}

/** trigger, a, if(then: b, else: c), d */
function base(): Flow {
  const f = emptyFlow('flow_1', 'Base');
  f.steps = {
    t: step('t', { kind: 'trigger', type: 'core.manual' }),
    a: step('a', { params: { message: 'hi', headers: { Accept: 'json', X: '1' } } }),
    i: step('i', { kind: 'if', type: 'core.if', branches: { then: ['b'], else: ['c'] } }),
    b: step('b'),
    c: step('c'),
    d: step('d', { type: 'core.function', params: { code: 'const x = 1;\nreturn x;' } }),
  };
  f.root = ['t', 'a', 'i', 'd'];
  return f;
}

const clone = (f: Flow): Flow => structuredClone(f);

describe('diffFlows', () => {
  it('finds nothing between a flow and itself', () => {
    const d = diffFlows(base(), base());
    expect(d.identical).toBe(true);
    expect(d.counts).toEqual({ added: 0, removed: 0, changed: 0, moved: 0 });
    expect(d.rows.map((r) => r.key)).toEqual(['t', 'a', 'i', 'b', 'i:else', 'c', 'd']);
    expect(Object.values(d.steps).every((s) => primaryMark(s) === 'unchanged')).toBe(true);
  });

  it('marks added and removed steps and keeps removed rows where they were', () => {
    const after = clone(base());
    delete after.steps.b;
    after.steps.i!.branches!.then = [];
    after.steps.n = step('n');
    after.root = ['t', 'n', 'a', 'i', 'd'];
    const d = diffFlows(base(), after);
    expect(d.steps.n!.marks).toEqual(['added']);
    expect(d.steps.b!.marks).toEqual(['removed']);
    expect(d.counts).toMatchObject({ added: 1, removed: 1 });
    // b came right after the if's own row; it is shown there, from the `before` side.
    expect(d.rows.map((r) => `${r.side === 'before' ? '-' : ''}${r.key}`)).toEqual(['t', 'n', 'a', 'i', '-before:b', 'i:else', 'c', 'd']);
    expect(d.rows.find((r) => r.stepId === 'b')!.depth).toBe(1);
    // An insertion before `a` shifts its index but does not make it "moved".
    expect(d.steps.a!.marks).toEqual([]);
    expect(d.edges.added.map((e) => e.id)).toContain('t:out->n');
    expect(d.edges.removed.map((e) => e.id)).toContain('t:out->a');
  });

  it('diffs changed steps field by field: title, deep params per key, code as lines, settings', () => {
    const after = clone(base());
    after.steps.a!.title = 'Say hello';
    after.steps.a!.params = { message: 'hello', headers: { Accept: 'json', X: '2', Y: 'new' } };
    after.steps.d!.params.code = 'const x = 2;\nreturn x;';
    after.steps.c!.disabled = true;
    const d = diffFlows(base(), after);
    expect(d.steps.a!.marks).toEqual(['changed']);
    expect(d.steps.a!.fields).toEqual([
      { path: 'title', group: 'title', change: 'changed', before: 'A', after: 'Say hello' },
      { path: 'params.headers.X', group: 'params', change: 'changed', before: '1', after: '2' },
      { path: 'params.headers.Y', group: 'params', change: 'added', after: 'new' },
      { path: 'params.message', group: 'params', change: 'changed', before: 'hi', after: 'hello' },
    ]);
    const code = d.steps.d!.fields[0]!;
    expect(code).toMatchObject({ path: 'params.code', group: 'code', change: 'changed' });
    expect(code.lines).toEqual([
      { op: 'remove', text: 'const x = 1;', oldLine: 1 },
      { op: 'add', text: 'const x = 2;', newLine: 1 },
      { op: 'same', text: 'return x;', oldLine: 2, newLine: 2 },
    ]);
    expect(d.steps.c!.fields).toEqual([{ path: 'settings.disabled', group: 'settings', change: 'added', after: true }]);
    expect(d.counts.changed).toBe(3);
    expect(d.identical).toBe(false);
  });

  it('recognises a step moved into another branch, and a reorder among kept siblings', () => {
    const after = clone(base());
    // c moves from else to then (after b); d and a swap places at the root.
    after.steps.i!.branches = { then: ['b', 'c'], else: [] };
    after.root = ['t', 'd', 'i', 'a'];
    const d = diffFlows(base(), after);
    expect(d.steps.c!.marks).toEqual(['moved']);
    expect(d.steps.c!.move).toEqual({
      from: { kind: 'block', parent: 'i', branch: 'else', index: 0 },
      to: { kind: 'block', parent: 'i', branch: 'then', index: 1 },
    });
    const movedAtRoot = ['t', 'a', 'i', 'd'].filter((id) => d.steps[id]!.marks.includes('moved'));
    // The LCS of [t,a,i,d] and [t,d,i,a] has length 2: two of the root steps count as moved, t never does.
    expect(movedAtRoot).toHaveLength(2);
    expect(movedAtRoot).not.toContain('t');
    expect(d.steps.b!.marks).toEqual([]);
  });

  it('a step can be both changed and moved', () => {
    const after = clone(base());
    after.root = ['t', 'i', 'd'];
    after.steps.i!.branches!.then = ['b', 'a'];
    after.steps.a!.title = 'Moved A';
    const d = diffFlows(base(), after);
    expect(d.steps.a!.marks).toEqual(['changed', 'moved']);
    expect(primaryMark(d.steps.a)).toBe('changed');
  });

  it('on graph flows a step moves when its incoming connections change', () => {
    const before = toGraphFlow(base());
    const after = clone(before);
    // Rewire: d now follows a directly instead of the if's branches.
    after.edges = after.edges.filter((e) => e.target !== 'd');
    after.edges.push({ id: 'a:out->d', source: 'a', sourcePort: 'out', target: 'd', targetPort: 'in' });
    const d = diffFlows(before, after);
    expect(d.steps.d!.marks).toEqual(['moved']);
    expect(d.steps.d!.move!.to).toEqual({ kind: 'graph', inputs: ['a:out'] });
    expect(d.steps.a!.marks).toEqual([]);
  });

  it('reports flow-level fields', () => {
    const after = clone(base());
    after.name = 'Renamed';
    after.tags = ['x'];
    const d = diffFlows(base(), after);
    expect(d.flowFields.map((f) => f.path)).toEqual(['flow.name', 'flow.tags']);
    expect(d.identical).toBe(false);
  });
});

describe('diffStepFields', () => {
  it('uses the isCode option, and treats multi-line text as lines', () => {
    const a = step('x', { params: { q: 'select 1', note: 'a\nb' } });
    const b = step('x', { params: { q: 'select 2', note: 'a\nc' } });
    const fields = diffStepFields(a, b, { isCode: (_s, k) => k === 'q' });
    expect(fields.map((f) => [f.path, f.group, Boolean(f.lines)])).toEqual([
      ['params.note', 'params', true],
      ['params.q', 'code', true],
    ]);
  });

  it('compares arrays per index when their length is kept, as a whole otherwise', () => {
    const a = step('x', { params: { list: [1, 2, 3], other: [1] } });
    const b = step('x', { params: { list: [1, 5, 3], other: [1, 2] } });
    expect(diffStepFields(a, b).map((f) => f.path)).toEqual(['params.list[1]', 'params.other']);
  });

  it('shows added code as added lines', () => {
    const fields = diffStepFields(step('x'), step('x', { params: { code: 'return 1;' } }));
    expect(fields[0]).toMatchObject({ group: 'code', change: 'added', lines: [{ op: 'add', text: 'return 1;', newLine: 1 }] });
  });
});

describe('lineDiff', () => {
  it('numbers old and new lines', () => {
    expect(lineDiff('a\nb\nc', 'a\nc\nd')).toEqual([
      { op: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { op: 'remove', text: 'b', oldLine: 2 },
      { op: 'same', text: 'c', oldLine: 3, newLine: 2 },
      { op: 'add', text: 'd', newLine: 3 },
    ]);
  });
});

describe('diffGraphElements', () => {
  it('has a node per step of both sides and marks edges', () => {
    const after = clone(base());
    delete after.steps.b;
    after.steps.i!.branches!.then = [];
    after.steps.a!.title = 'changed';
    const g = diffGraphElements(diffFlows(base(), after));
    expect(g.nodes.map((n) => [n.id, n.mark])).toEqual([
      ['t', 'unchanged'],
      ['a', 'changed'],
      ['i', 'unchanged'],
      ['b', 'removed'],
      ['c', 'unchanged'],
      ['d', 'unchanged'],
    ]);
    expect(g.edges.find((e) => e.id === 'i:true->b')!.mark).toBe('removed');
    expect(g.edges.find((e) => e.id === 'i:true->d')!.mark).toBe('added');
    expect(new Set(g.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(g.nodes.length);
  });
});
