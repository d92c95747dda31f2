import { describe, expect, it } from 'vitest';
import { deriveEdges } from '../../model';
import { sampleFlow } from '../../model/testing/fixtures';
import { ConnectionChecker } from './connections';

describe('ConnectionChecker', () => {
  const flow = sampleFlow(); // t, c(if: then [a, l(loop: [b])], else [d]), e
  const edges = deriveEdges(flow);

  it('accepts what the model accepts', () => {
    expect(new ConnectionChecker().check(flow, { source: 'b', sourceHandle: 'out', target: 'e' }, edges)).toBeNull();
  });

  it('refuses with a translatable reason', () => {
    const checker = new ConnectionChecker();
    expect(checker.check(flow, { source: 'a', sourceHandle: 'out', target: 'a' }, edges)?.reason).toBe('self');
    expect(checker.check(flow, { source: 't', sourceHandle: 'out', target: 'c' }, edges)?.reason).toBe('duplicate');
    expect(checker.check(flow, { source: 'e', sourceHandle: 'out', target: 't' }, edges)?.reason).toBe('cycle');
    expect(checker.check(flow, { source: 'a', sourceHandle: 'true', target: 'e' }, edges)?.reason).toBe('handle');
  });

  it('asks the model once per connection and flow', () => {
    const checker = new ConnectionChecker();
    const c = { source: 'e', sourceHandle: 'out' as const, target: 't' };
    const first = checker.check(flow, c, edges);
    expect(checker.check(flow, c, edges)).toBe(first);
    expect(checker.check({ ...flow }, c, edges)).not.toBe(first);
  });
});
