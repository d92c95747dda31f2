import { describe, expect, it } from 'vitest';
import type { Edge, Position, Step } from '../../model/flow';
import { edgePaths, type EdgeLayerProps } from './EdgeLayer';

const step = (id: string, kind: Step['kind'] = 'action', extra: Partial<Step> = {}): Step => ({ id, kind, type: 'core.log', title: id, params: {}, ...extra });

function props(over: Partial<EdgeLayerProps> = {}): EdgeLayerProps {
  const positions = new Map<string, Position>([
    ['a', { x: 0, y: 0 }],
    ['b', { x: 0, y: 200 }],
    ['c', { x: 400, y: 200 }],
  ]);
  const edges: Edge[] = [
    { id: 'a:true->b', source: 'a', sourcePort: 'true', target: 'b', targetPort: 'in' },
    { id: 'a:false->c', source: 'a', sourcePort: 'false', target: 'c', targetPort: 'in' },
  ];
  return {
    edges,
    drawnByFlow: null,
    steps: { a: step('a', 'if'), b: step('b'), c: step('c') },
    modules: new Map(),
    positionOf: (id) => positions.get(id),
    selected: new Set(),
    ...over,
  };
}

describe('edge layer paths', () => {
  it('routes every connection from its own output port to the input, in one path', () => {
    const p = edgePaths(props(), () => false);
    expect(p.count).toBe(2);
    // An if's true port sits at 28% of 220 px, false at 72%; inputs in the middle (110).
    expect(p.plain).toBe('M62 64V132H110V200' + 'M158 64V132H510V200');
    expect(p.executed).toBe('');
  });

  it('splits selected and executed connections into their own paths, and skips what React Flow draws', () => {
    const p = edgePaths(props({ selected: new Set(['a:false->c']) }), (e) => e.sourcePort === 'true');
    expect(p.executed).toBe('M62 64V132H110V200');
    expect(p.selected).toBe('M158 64V132H510V200');
    expect(p.plain).toBe('');
    const skipped = edgePaths(props({ drawnByFlow: new Set(['a:true->b']) }), () => false);
    expect(skipped.count).toBe(1);
  });

  it("uses a step's own ports (a multi-output node)", () => {
    const ports = { inputs: [{ id: 'in' }], outputs: [{ id: 'o1' }, { id: 'o2' }, { id: 'o3' }] };
    const p = edgePaths(
      props({
        steps: { a: step('a', 'action', { ports }), b: step('b'), c: step('c') },
        edges: [{ id: 'e', source: 'a', sourcePort: 'o3', target: 'b', targetPort: 'in' }],
      }),
      () => false,
    );
    expect(p.plain).toBe('M165 64V132H110V200');
  });
});
