import type { BackendAdapter } from '../../backends/types';

/**
 * The adapter under another id and a live label; everything else is the adapter itself.
 * A proxy, not a copy: a spread drops a class adapter's prototype methods and breaks its #private fields.
 * Methods run bound to the adapter itself; only `id` and `label` are the connection's.
 */
export function withIdentity(inner: BackendAdapter, id: string, labelOf: () => string): BackendAdapter {
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'id') return id;
      if (prop === 'label') return labelOf();
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
