/** React glue over the connections store and the per-connection adapters. */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { BackendAdapter } from '../../backends/types';
import { adapterForConnection } from './adapters';
import { choiceOf, type SavedConnection } from './model';
import { connectionsStore } from './store';

export function useConnections(): SavedConnection[] {
  return useStore(connectionsStore, (s) => s.connections);
}

export function useActiveChoice(): string {
  return useStore(connectionsStore, (s) => s.active);
}

/** The active saved connection, or null on a built-in backend. */
export function useActiveConnection(): SavedConnection | null {
  return useStore(connectionsStore, (s) => s.connections.find((c) => choiceOf(c) === s.active) ?? null);
}

/** The connection's adapter once its code has loaded (it is cached per connection). */
export function useConnectionAdapter(conn: SavedConnection | null): {
  adapter: BackendAdapter | null;
  error: unknown;
} {
  const [state, setState] = useState<{
    adapter: BackendAdapter | null;
    error: unknown;
    for: SavedConnection | null;
  }>({ adapter: null, error: null, for: null });
  useEffect(() => {
    if (!conn) return;
    let cancelled = false;
    adapterForConnection(conn).then(
      (adapter) => !cancelled && setState({ adapter, error: null, for: conn }),
      (error: unknown) => !cancelled && setState({ adapter: null, error, for: conn }),
    );
    return () => {
      cancelled = true;
    };
  }, [conn]);
  return state.for === conn ? state : { adapter: null, error: null };
}
