import { describe, expect, it } from 'vitest';
import { toStepList } from '../../model/structure';
import { buildStructure, parentRowIndex, reuseRows, stepIdsBetween, visibleRows, type ListRow } from './rows';
import { createShapeSelector, sameStructure } from './structure-selector';
import { fanOutGraph, listFlow } from './test-flow';

const describeRow = (r: ListRow) =>
  `${'  '.repeat(r.depth)}${r.kind}:${r.stepId}${r.kind === 'empty' ? `(${r.branch})` : ''}`;

describe('buildStructure', () => {
  it('adds else/end rows from the model and placeholders for empty branches', () => {
    const s = buildStructure(toStepList(listFlow()), false);
    expect(s.rows.map(describeRow)).toEqual([
      'step:t',
      'step:c',
      '  step:a',
      '  step:l',
      '    step:b',
      '  end:l',
      'else:c',
      '  step:d',
      'end:c',
      'step:e',
      'step:w',
      '  empty:w(body)',
      'end:w',
      'step:k',
      '  empty:k(then)',
      'end:k',
      'step:z',
    ]);
  });

  it('knows where every step sits and which blocks enclose it', () => {
    const s = buildStructure(toStepList(listFlow()), false);
    const b = s.byStep.get('b');
    expect(b).toMatchObject({ parent: 'l', branch: 'body', index: 0, last: true, rails: ['if', 'loop'] });
    expect(s.byStep.get('a')).toMatchObject({ parent: 'c', branch: 'then', index: 0, last: false });
    expect(s.byStep.get('l')).toMatchObject({ parent: 'c', branch: 'then', index: 1, last: true });
    expect(s.byStep.get('c')).toMatchObject({ parent: null, index: 1, hasElse: true, blockKind: 'if' });
    expect(s.byStep.get('k')).toMatchObject({ hasElse: false });
    expect(s.byStep.get('z')).toMatchObject({ last: true, index: 5 });
  });

  it('shows a graph flow flat, in execution order, without block rows', () => {
    const s = buildStructure(toStepList(fanOutGraph()), true);
    expect(s.rows.map((r) => r.stepId)).toEqual(['g1', 'g3', 'g4', 'g2']);
    expect(s.rows.every((r) => r.depth === 0 && r.kind === 'step' && !r.blockKind)).toBe(true);
  });
});

describe('visibleRows', () => {
  it('hides the rows of a collapsed block and counts its steps', () => {
    const s = buildStructure(toStepList(listFlow()), false);
    const rows = visibleRows(s, { c: true });
    expect(rows.map((r) => r.key)).toEqual([
      't',
      'c',
      'e',
      'w',
      'w:empty:body',
      'w:end',
      'k',
      'k:empty:then',
      'k:end',
      'z',
    ]);
    expect(rows[1]).toMatchObject({ collapsed: true, hiddenCount: 4 });
  });

  it('reuses unchanged row objects so memoised rows do not re-render', () => {
    const s1 = buildStructure(toStepList(listFlow()), false);
    const before = visibleRows(s1, {});
    const s2 = buildStructure(toStepList(listFlow()), false);
    const after = reuseRows(before, visibleRows(s2, { l: true }));
    expect(after[0]).toBe(before[0]);
    expect(after.find((r) => r.key === 'l')).not.toBe(before.find((r) => r.key === 'l'));
  });
});

describe('navigation helpers', () => {
  const rows = visibleRows(buildStructure(toStepList(listFlow()), false), {});
  const at = (key: string) => rows.findIndex((r) => r.key === key);
  it('finds the parent header of a row', () => {
    expect(parentRowIndex(rows, at('b'))).toBe(at('l'));
    expect(parentRowIndex(rows, at('d'))).toBe(at('c'));
    expect(parentRowIndex(rows, at('w:empty:body'))).toBe(at('w'));
    expect(parentRowIndex(rows, at('t'))).toBe(-1);
  });
  it('lists the steps between two rows', () => {
    expect(stepIdsBetween(rows, at('l'), at('d'))).toEqual(['l', 'b', 'd']);
  });
});

describe('shape selector', () => {
  it('keeps the rows for content edits and recomputes them for structure edits', () => {
    const select = createShapeSelector();
    const flow = listFlow();
    const first = select({ flow });
    const renamed = { ...flow, steps: { ...flow.steps, a: { ...flow.steps.a!, title: 'New' } } };
    expect(sameStructure(flow, renamed)).toBe(true);
    expect(select({ flow: renamed })).toBe(first);
    const moved = { ...renamed, root: [...renamed.root].reverse() };
    expect(select({ flow: moved })).not.toBe(first);
  });
});
