import { describe, expect, it } from 'vitest';
import { deriveEdges } from '../../model';
import { sampleFlow, step } from '../../model/testing/fixtures';
import { emptyFlow } from '../../model/flow';
import { DEFAULT_LAYOUT, layeredLayout, resolvePositions, type LayoutEdge } from './layout';

const { columnGap, layerGap } = DEFAULT_LAYOUT;
type Pos = { x: number; y: number };
const e = (source: string, target: string, sourcePort = 'out'): LayoutEdge => ({ source, target, sourcePort });

describe('layeredLayout', () => {
  it('lays a chain out top to bottom in one column', () => {
    const { positions } = layeredLayout(['a', 'b', 'c'], [e('a', 'b'), e('b', 'c')]);
    expect(positions.get('a')).toEqual({ x: 0, y: 0 });
    expect(positions.get('b')).toEqual({ x: 0, y: layerGap });
    expect(positions.get('c')).toEqual({ x: 0, y: 2 * layerGap });
  });

  it('puts the branches of an if side by side, then left of else, and the merge centred below', () => {
    const ids = ['c', 'a', 'd', 'm'];
    const { positions } = layeredLayout(ids, [e('c', 'd', 'false'), e('c', 'a', 'true'), e('a', 'm'), e('d', 'm')]);
    const [c, a, d, m] = ids.map((id) => positions.get(id)!) as [Pos, Pos, Pos, Pos];
    expect(a.y).toBe(layerGap);
    expect(d.y).toBe(layerGap);
    expect(a.x).toBeLessThan(d.x);
    expect(d.x - a.x).toBe(columnGap);
    expect(m.y).toBe(2 * layerGap);
    expect(m.x).toBe(c.x);
  });

  it('gives an if without else its own lane for the false edge (no edge runs over the then branch)', () => {
    // c: true -> a -> b -> m ; false -> m
    const { positions } = layeredLayout(['c', 'a', 'b', 'm'], [e('c', 'a', 'true'), e('c', 'm', 'false'), e('a', 'b'), e('b', 'm')]);
    expect(positions.get('a')!.x).toBeLessThan(positions.get('c')!.x);
    expect(positions.get('b')!.x).toBe(positions.get('a')!.x);
    expect(positions.get('m')!.y).toBe(3 * layerGap);
  });

  it('lays out a block flow derived from the list as a flowchart', () => {
    const flow = sampleFlow();
    const ids = Object.keys(flow.steps);
    const { positions } = layeredLayout(ids, deriveEdges(flow));
    const p = (id: string) => positions.get(id)!;
    expect(p('t').y).toBeLessThan(p('c').y);
    expect(p('a').x).toBeLessThan(p('d').x); // then left of else
    expect(p('b').y).toBeGreaterThan(p('l').y); // loop body below the loop
    // A loop's body sits beside what follows the loop (the body's last step has no edge back).
    expect(p('e').y).toBeGreaterThan(Math.max(p('d').y, p('l').y));
    expect(p('b').x).toBeLessThan(p('e').x);
    // No two steps on the same spot.
    const spots = new Set(ids.map((id) => `${p(id).x},${p(id).y}`));
    expect(spots.size).toBe(ids.length);
  });

  it('is deterministic and survives cycles and unknown ids', () => {
    const edges = [e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'zz'), e('q', 'a')];
    const one = layeredLayout(['a', 'b', 'c', 'd'], edges);
    const two = layeredLayout(['a', 'b', 'c', 'd'], edges);
    expect([...one.positions]).toEqual([...two.positions]);
    expect(one.positions.size).toBe(4);
    expect(one.topoOrder).toHaveLength(4);
  });

  it('handles thousands of steps quickly', () => {
    const flow = emptyFlow('big', 'Big');
    for (let i = 0; i < 5000; i++) {
      const id = `s${i}`;
      flow.steps[id] = i % 50 === 0 ? step(id, 'if', { branches: { then: [], else: [] } }) : step(id);
      flow.root.push(id);
    }
    const edges = deriveEdges(flow);
    const started = performance.now();
    const { positions } = layeredLayout(flow.root, edges);
    expect(performance.now() - started).toBeLessThan(2000); // a sanity bound on a loaded CI box; ~10 ms normally
    expect(positions.size).toBe(5000);
  });
});

describe('resolvePositions', () => {
  const ids = ['a', 'b', 'c'];
  const edges = [e('a', 'b'), e('b', 'c')];
  const layout = layeredLayout(ids, edges);

  it('uses the automatic layout when no step has a position', () => {
    const r = resolvePositions(ids, () => undefined, layout, edges);
    expect(r.get('c')).toEqual(layout.positions.get('c'));
  });

  it('hangs an unplaced step under its placed predecessor', () => {
    const own: Record<string, { x: number; y: number }> = { a: { x: 500, y: 40 }, c: { x: 900, y: 900 } };
    const r = resolvePositions(ids, (id) => own[id], layout, edges);
    expect(r.get('a')).toEqual({ x: 500, y: 40 });
    expect(r.get('b')).toEqual({ x: 500, y: 40 + layerGap });
    expect(r.get('c')).toEqual({ x: 900, y: 900 });
  });

  it('places an unplaced step with only a placed successor above it, and loose ones to the right', () => {
    const own: Record<string, { x: number; y: number }> = { c: { x: 100, y: 1000 } };
    const r = resolvePositions(['a', 'b', 'c', 'z'], (id) => own[id], layeredLayout(['a', 'b', 'c', 'z'], edges), edges);
    expect(r.get('b')).toEqual({ x: 100, y: 1000 - layerGap });
    expect(r.get('a')).toEqual({ x: 100, y: 1000 - 2 * layerGap });
    expect(r.get('z')!.x).toBeGreaterThan(100);
  });
});
