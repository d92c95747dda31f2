import { describe, expect, it } from 'vitest';
import type { Position } from '../../model/flow';
import { stepShapes } from './EdgeLayer';
import { stepAt } from './OverviewPointer';

const positions = new Map<string, Position>([
  ['a', { x: 0, y: 0 }],
  ['b', { x: 100, y: 20 }],
  ['c', { x: 1000, y: 0 }],
]);
const at = (id: string) => positions.get(id);

describe('overview', () => {
  it('finds the step under a point, the later one where two overlap, none between steps', () => {
    expect(stepAt(['a', 'b', 'c'], at, 10, 10)).toBe('a');
    expect(stepAt(['a', 'b', 'c'], at, 150, 30)).toBe('b');
    expect(stepAt(['a', 'b', 'c'], at, 500, 30)).toBeNull();
    expect(stepAt(['a', 'b', 'c'], at, 1219, 63)).toBe('c');
  });

  it('draws steps as one path per run status', () => {
    const shapes = stepShapes(['a', 'b', 'c'], at, (id) => (id === 'b' ? 'failed' : undefined));
    expect([...shapes.keys()].sort()).toEqual(['', 'failed']);
    expect(shapes.get('failed')).toBe('M100 20h220v64h-220z');
    expect(shapes.get('')).toBe('M0 0h220v64h-220zM1000 0h220v64h-220z');
  });
});
