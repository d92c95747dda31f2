import { describe, expect, it } from 'vitest';
import { runStateFrom } from '../../backends/run-state';
import { compareRuns, diffJson } from './run-diff';
import { scriptedRun } from './testing/scripted-run';

describe('diffJson', () => {
  it('lists changed, added and removed paths with both sides', () => {
    const d = diffJson({ a: 1, b: { c: [1, 2, 3] }, gone: true }, { a: 2, b: { c: [1, 5] }, fresh: 'x' });
    expect(d.truncated).toBe(false);
    expect(d.entries).toEqual([
      { path: 'a', kind: 'changed', left: 1, right: 2 },
      { path: 'b.c[1]', kind: 'changed', left: 2, right: 5 },
      { path: 'b.c[2]', kind: 'removed', left: 3 },
      { path: 'gone', kind: 'removed', left: true },
      { path: 'fresh', kind: 'added', right: 'x' },
    ]);
  });
  it('equal values have no entries; a type change is one entry', () => {
    expect(diffJson({ a: [1, { b: null }] }, { a: [1, { b: null }] }).entries).toEqual([]);
    expect(diffJson({ a: [1] }, { a: { 0: 1 } }).entries).toEqual([{ path: 'a', kind: 'changed', left: [1], right: { 0: 1 } }]);
  });
  it('stops after maxEntries and says so', () => {
    const a = Array.from({ length: 1000 }, (_, i) => i);
    const b = a.map((x) => x + 1);
    const d = diffJson(a, b, { maxEntries: 5, rootPath: ['outputs'] });
    expect(d.entries).toHaveLength(5);
    expect(d.entries[0]!.path).toBe('outputs[0]');
    expect(d.truncated).toBe(true);
  });
});

describe('compareRuns', () => {
  it('compares a failed and a succeeded run step by step', () => {
    const ok = runStateFrom(scriptedRun({ runId: 'ok' }).events);
    const bad = runStateFrom(
      scriptedRun({ runId: 'bad', fail: true, loopCount: 2, fetched: { users: [{ name: 'Ada' }, { name: 'Bob' }], total: 2 } }).events,
    );
    const rows = compareRuns(bad, ok);
    expect(rows.map((r) => r.stepId)).toEqual(['start', 'fetch', 'loop', 'each', 'check', 'notify', 'save']);
    const byId = Object.fromEntries(rows.map((r) => [r.stepId, r]));
    expect(byId.start!.differs).toBe(false);
    expect(byId.fetch!.outputs.entries).toEqual([
      { path: 'outputs.users[1].name', kind: 'changed', left: 'Bob', right: 'Grace' },
      { path: 'outputs.users[2]', kind: 'added', right: { name: 'Linus' } },
      { path: 'outputs.total', kind: 'changed', left: 2, right: 3 },
    ]);
    expect(byId.each).toMatchObject({ differs: true, left: { runCount: 2, durationMs: 21 }, right: { runCount: 3, durationMs: 33 } });
    expect(byId.save).toMatchObject({ differs: true, left: { status: 'failed', error: 'disk full' }, right: { status: 'succeeded' } });
  });
  it('keeps steps only one side ran', () => {
    const a = runStateFrom(scriptedRun({ runId: 'a' }).events.slice(0, 5));
    const b = runStateFrom(scriptedRun({ runId: 'b' }).events);
    const rows = compareRuns(a, b);
    const save = rows.find((r) => r.stepId === 'save')!;
    expect(save.left).toBeUndefined();
    expect(save).toMatchObject({ differs: true, right: { status: 'succeeded' } });
  });
});
