import { describe, expect, it } from 'vitest';
import { withIdentity } from './identity';

describe('connection identity', () => {
  it('keeps a class adapter whole: prototype methods and private fields work through the identity', () => {
    class Counter {
      readonly id = 'inner';
      readonly label = 'Inner';
      #n = 0;
      bump(): number {
        return ++this.#n;
      }
    }
    let name = 'Mine';
    const wrapped = withIdentity(new Counter() as never, 'x:c1', () => name) as unknown as Counter;
    expect(wrapped.id).toBe('x:c1');
    expect(wrapped.label).toBe('Mine');
    name = 'Renamed';
    expect(wrapped.label).toBe('Renamed');
    expect(wrapped.bump()).toBe(1);
    expect(wrapped.bump()).toBe(2);
  });
});
