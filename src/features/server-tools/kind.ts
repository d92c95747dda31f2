/** The backend kind of an adapter: its id is `<kind>:<connection id>` (descriptor.ts), or the kind alone. */
import type { BackendAdapter } from '../../backends/types';

export function kindOfAdapter(adapter: Pick<BackendAdapter, 'id'>): string {
  const i = adapter.id.indexOf(':');
  return i < 0 ? adapter.id : adapter.id.slice(0, i);
}
