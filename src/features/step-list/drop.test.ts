import { describe, expect, it } from 'vitest';
import { toStepList } from '../../model/structure';
import { moveStep } from '../../model/ops';
import { computeDrop } from './drop';
import { buildStructure, visibleRows } from './rows';
import { fanOutGraph, listFlow } from './test-flow';

const flow = listFlow();
const structure = buildStructure(toStepList(flow), false);
const rows = visibleRows(structure, {});
const at = (key: string) => rows.findIndex((r) => r.key === key);
/** The pointer over row `key`, at `frac` of its height, `depth` indentation levels from the left. */
const over = (key: string, frac: number, depth = 10) => ({ row: at(key) + frac, depth });

describe('computeDrop', () => {
  it('drops above or below a plain row in its list', () => {
    expect(computeDrop(rows, structure, 'z', over('e', 0.2))?.slot).toEqual({
      parent: null,
      branch: null,
      index: 2,
    });
    expect(computeDrop(rows, structure, 'z', over('e', 0.8))?.slot).toEqual({
      parent: null,
      branch: null,
      index: 3,
    });
    expect(computeDrop(rows, structure, 'z', over('a', 0.2))).toMatchObject({
      slot: { parent: 'c', branch: 'then', index: 0 },
      depth: 1,
    });
  });

  it('drops onto a block header as its first child, onto its top edge before it', () => {
    expect(computeDrop(rows, structure, 'z', over('c', 0.6))).toMatchObject({
      slot: { parent: 'c', branch: 'then', index: 0 },
      depth: 1,
    });
    expect(computeDrop(rows, structure, 'z', over('l', 0.9))).toMatchObject({
      slot: { parent: 'l', branch: 'body', index: 0 },
      depth: 2,
    });
    expect(computeDrop(rows, structure, 'z', over('c', 0.1))).toMatchObject({
      slot: { parent: null, branch: null, index: 1 },
      depth: 0,
    });
  });

  it('drops into an empty branch through its placeholder', () => {
    expect(computeDrop(rows, structure, 'z', over('w:empty:body', 0.5))).toMatchObject({
      slot: { parent: 'w', branch: 'body', index: 0 },
      into: true,
    });
    expect(computeDrop(rows, structure, 'z', over('c:else', 0.7))?.slot).toEqual({
      parent: 'c',
      branch: 'else',
      index: 0,
    });
  });

  it('lets the horizontal position choose the depth after the last step of a block', () => {
    // Below b (last in l's body, l last in c's then, but c has an else): body of l, or after l in c's then.
    const gapBelowB = (depth: number) => computeDrop(rows, structure, 'z', over('b', 0.8, depth));
    expect(gapBelowB(5)).toMatchObject({ slot: { parent: 'l', branch: 'body', index: 1 }, depth: 2 });
    expect(gapBelowB(1.5)).toMatchObject({
      slot: { parent: 'c', branch: 'then', index: 2 },
      depth: 1,
      gap: at('l:end') + 1,
    });
    // c has an else branch: going further left from its then branch would skip the else, so depth 1 is the minimum.
    expect(gapBelowB(0)).toMatchObject({ slot: { parent: 'c', branch: 'then', index: 2 }, depth: 1 });
    // Below d, the last step of c's else: end of else, or after c at the top level.
    expect(computeDrop(rows, structure, 'z', over('d', 0.8, 3))).toMatchObject({
      slot: { parent: 'c', branch: 'else', index: 1 },
    });
    expect(computeDrop(rows, structure, 'z', over('d', 0.8, 0.3))).toMatchObject({
      slot: { parent: null, branch: null, index: 2 },
      depth: 0,
    });
  });

  it('drops after a block below its end row', () => {
    expect(computeDrop(rows, structure, 'z', over('c:end', 0.9))).toMatchObject({
      slot: { parent: null, branch: null, index: 2 },
    });
  });

  it('refuses to drop a block into itself', () => {
    expect(computeDrop(rows, structure, 'c', over('a', 0.2))).toBeNull();
    expect(computeDrop(rows, structure, 'c', over('l', 0.9))).toBeNull();
    expect(computeDrop(rows, structure, 'l', over('b', 0.8, 5))).toBeNull();
    // ...but right after itself is fine.
    expect(computeDrop(rows, structure, 'c', over('c:end', 0.9))).not.toBeNull();
  });

  it('drops at the start and the end of the list', () => {
    expect(computeDrop(rows, structure, 'e', { row: -1, depth: 0 })?.slot).toEqual({
      parent: null,
      branch: null,
      index: 0,
    });
    expect(computeDrop(rows, structure, 'e', { row: rows.length + 3, depth: 0 })?.slot).toEqual({
      parent: null,
      branch: null,
      index: 6,
    });
  });

  it('gives slots the model accepts (gap before the move)', () => {
    const drop = computeDrop(rows, structure, 't', over('e', 0.8));
    expect(drop).not.toBeNull();
    expect(moveStep(flow, 't', drop!.slot).root).toEqual(['c', 'e', 't', 'w', 'k', 'z']);
    const into = computeDrop(rows, structure, 'z', over('k:empty:then', 0.5));
    expect(moveStep(flow, 'z', into!.slot).steps.k?.branches?.then).toEqual(['z']);
  });

  it('never drops in a graph flow', () => {
    const g = fanOutGraph();
    const s = buildStructure(toStepList(g), true);
    expect(computeDrop(s.rows, s, 'g2', { row: 0.5, depth: 0 })).toBeNull();
  });
});
