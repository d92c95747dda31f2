import { describe, expect, it } from 'vitest';
import { deriveEdges } from '../../model';
import { sampleFlow } from '../../model/testing/fixtures';
import { ConnectionChecker } from './connections';

describe('ConnectionChecker', () => {
  const flow = sampleFlow(); // t, c(if: then [a, l(loop: [b])], else [d]), e
  const edges = deriveEdges(flow);

  it('accepts what the model accepts', () => {
    expect(new ConnectionChecker().check(flow, { source: 'b', sourcePort: 'out', target: 'e', targetPort: 'in' }, edges)).toBeNull();
  });

  it('refuses a connection the backend could not store (a free graph on a blocks-only backend)', () => {
    const c = { source: 'b', sourcePort: 'out', target: 'e', targetPort: 'in' };
    expect(new ConnectionChecker().check(flow, c, edges, { structures: ['blocks', 'graph'] })).toBeNull();
    expect(new ConnectionChecker().check(flow, c, edges, { structures: ['blocks'] })?.reason).toBe('structure');
  });

  it('refuses with a translatable reason', () => {
    const checker = new ConnectionChecker();
    expect(checker.check(flow, { source: 'a', sourcePort: 'out', target: 'a', targetPort: 'in' }, edges)?.reason).toBe('self');
    expect(checker.check(flow, { source: 't', sourcePort: 'out', target: 'c', targetPort: 'in' }, edges)?.reason).toBe('duplicate');
    expect(checker.check(flow, { source: 'e', sourcePort: 'out', target: 't', targetPort: 'in' }, edges)?.reason).toBe('cycle');
    expect(checker.check(flow, { source: 'a', sourcePort: 'true', target: 'e', targetPort: 'in' }, edges)?.reason).toBe('handle');
  });

  it('asks the model once per connection and flow', () => {
    const checker = new ConnectionChecker();
    const c = { source: 'e', sourcePort: 'out' as const, target: 't', targetPort: 'in' };
    const first = checker.check(flow, c, edges);
    expect(checker.check(flow, c, edges)).toBe(first);
    expect(checker.check({ ...flow }, c, edges)).not.toBe(first);
  });
});
