import { describe, expect, it } from 'vitest';
import { formatPath, valueAt } from './json-path';
import { copyText, previewValue } from './json-preview';
import { EMPTY_TREE_STATE, flattenJson, nextLimit, parentIndex, type MoreRow, type NodeRow, type TreeState } from './json-tree';

const state = (p: Partial<TreeState> = {}): TreeState => ({ ...EMPTY_TREE_STATE, ...p });

describe('formatPath', () => {
  it('writes identifiers with dots and indexes in brackets', () => {
    expect(formatPath(['outputs', 'items', 3, 'name'])).toBe('outputs.items[3].name');
  });
  it('quotes keys that are not identifiers, so an object key "3" differs from index 3', () => {
    expect(formatPath(['outputs', 'content-type'])).toBe('outputs["content-type"]');
    expect(formatPath(['a', '3'])).toBe('a["3"]');
    expect(formatPath(['a', 3])).toBe('a[3]');
    expect(formatPath([0, 'x'])).toBe('[0].x');
    expect(formatPath(['say "hi"'])).toBe('["say \\"hi\\""]');
    expect(formatPath([])).toBe('');
  });
  it('valueAt follows a path', () => {
    expect(valueAt({ a: [{ b: 2 }] }, ['a', 0, 'b'])).toBe(2);
    expect(valueAt({ a: 1 }, ['a', 'x'])).toBeUndefined();
  });
});

describe('previewValue', () => {
  it('is compact and bounded', () => {
    expect(previewValue({ a: 1, 'b-c': 'x', d: [true, null] })).toBe('{a: 1, "b-c": "x", d: [true, null]}');
    const big = Array.from({ length: 100000 }, (_, i) => i);
    const p = previewValue(big, 20);
    expect(p.length).toBe(21);
    expect(p.endsWith('…')).toBe(true);
  });
  it('copyText gives strings raw and the rest as JSON', () => {
    expect(copyText('a\nb')).toBe('a\nb');
    expect(copyText({ a: 1 })).toBe('{\n  "a": 1\n}');
  });
});

describe('flattenJson', () => {
  const value = { inputs: { url: 'x' }, outputs: { items: [{ name: 'a' }, { name: 'b' }], n: 2 } };

  it('hides the root and expands the first level by default', () => {
    const rows = flattenJson(value, state(), { hideRoot: true });
    expect(rows.map((r) => r.id)).toEqual(['inputs', 'inputs.url', 'outputs', 'outputs.items', 'outputs.n']);
    const items = rows[3] as NodeRow;
    expect(items).toMatchObject({ depth: 1, kind: 'array', size: 2, expandable: true, expanded: false, posInSet: 1, setSize: 2 });
  });

  it('toggling expands deeper rows and collapses default-expanded ones', () => {
    const rows = flattenJson(value, state({ toggled: new Set(['outputs.items', 'inputs']) }), { hideRoot: true });
    expect(rows.map((r) => r.id)).toEqual(['inputs', 'outputs', 'outputs.items', 'outputs.items[0]', 'outputs.items[1]', 'outputs.n']);
    expect(rows.find((r) => r.id === 'outputs.items[1]')?.path).toEqual(['outputs', 'items', 1]);
  });

  it('pages big arrays 100 at a time with a "show more" row', () => {
    const big = { list: Array.from({ length: 250 }, (_, i) => i) };
    let rows = flattenJson(big, state(), { hideRoot: true });
    expect(rows).toHaveLength(1 + 100 + 1);
    const more = rows.at(-1) as MoreRow;
    expect(more).toMatchObject({ type: 'more', target: 'list', unit: 'items', shown: 100, total: 250 });
    rows = flattenJson(big, state({ pages: new Map([['list', nextLimit(more)]]) }), { hideRoot: true });
    expect(rows).toHaveLength(1 + 200 + 1);
    rows = flattenJson(big, state({ pages: new Map([['list', 300]]) }), { hideRoot: true });
    expect(rows).toHaveLength(1 + 250);
  });

  it('visits only what is visible: a collapsed million-item array is one row', () => {
    const huge = { out: { data: new Array(1_000_000).fill(1) } };
    const t0 = performance.now();
    const rows = flattenJson(huge, state(), { hideRoot: true });
    expect(rows.map((r) => r.id)).toEqual(['out', 'out.data']);
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('cuts long strings and shows their text in line rows when expanded', () => {
    const s = 'x'.repeat(1000);
    let rows = flattenJson({ s }, state(), { hideRoot: true, previewChars: 10, textPage: 250, lineChars: 100 });
    expect(rows[0]).toMatchObject({ type: 'node', truncated: true, expandable: true, expanded: false, preview: '"xxxxxxxxxx…', size: 1000 });
    rows = flattenJson({ s }, state({ toggled: new Set(['s']) }), { hideRoot: true, previewChars: 10, textPage: 250, lineChars: 100 });
    expect(rows.map((r) => r.type)).toEqual(['node', 'text', 'text', 'text', 'more']);
    const more = rows.at(-1) as MoreRow;
    expect(more).toMatchObject({ unit: 'chars', shown: 250, total: 1000 });
    expect(nextLimit(more)).toBe(1000);
    rows = flattenJson({ s }, state({ toggled: new Set(['s']), textLimits: new Map([['s', 1000]]) }), { hideRoot: true, previewChars: 10, lineChars: 100 });
    expect(rows.filter((r) => r.type === 'text')).toHaveLength(10);
  });

  it('keeps newlines as line breaks in text rows', () => {
    const rows = flattenJson('a'.repeat(5) + '\n\nb', state({ toggled: new Set(['']) }), { previewChars: 3 });
    expect(rows.filter((r) => r.type === 'text').map((r) => (r.type === 'text' ? r.text : ''))).toEqual(['aaaaa', '', 'b']);
  });

  it('shows a primitive root as one row and survives cycles', () => {
    expect(flattenJson(42)).toMatchObject([{ type: 'node', preview: '42', label: null }]);
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    const rows = flattenJson({ a }, state({ toggled: new Set(['a.self']) }), { hideRoot: true });
    expect(rows.find((r) => r.id === 'a.self')).toMatchObject({ circular: true, expandable: false });
  });

  it('parentIndex finds the row above with a smaller depth', () => {
    const rows = flattenJson(value, state({ toggled: new Set(['outputs.items']) }), { hideRoot: true });
    const i = rows.findIndex((r) => r.id === 'outputs.items[1]');
    expect(rows[parentIndex(rows, i)]!.id).toBe('outputs.items');
    expect(parentIndex(rows, 0)).toBe(-1);
  });
});
