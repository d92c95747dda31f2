/**
 * Which backend is active: a built-in kind (the embedded local backend, the default: no server, its engine
 * runs in a Web Worker) or a saved connection of any kind, chosen in the top bar and remembered in
 * localStorage (features/connections). Adapters come from the kinds' descriptors and load lazily; while one
 * loads the previous backend stays on screen. If one cannot be made, the app falls back to the local
 * backend with a notice, never a blank screen.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { adHocContext, requireDescriptor } from '../backends/kinds';
import type { BackendAdapter } from '../backends/types';
import { adapterForConnection } from '../features/connections/adapters';
import { adapterSignature, choiceOf, LOCAL_CHOICE } from '../features/connections/model';
import { connectionsStore } from '../features/connections/store';
import { noticeStore } from '../shell/notices';
import { errorText } from '../shell/error-text';

const builtIn = new Map<string, Promise<BackendAdapter>>();

/** A built-in kind's one adapter for this page. */
export function builtInAdapter(kind: string): Promise<BackendAdapter> {
  let p = builtIn.get(kind);
  if (!p) {
    p = requireDescriptor(kind).create({}, adHocContext());
    builtIn.set(kind, p);
    p.catch(() => builtIn.delete(kind));
  }
  return p;
}

export function useActiveBackend(): BackendAdapter | null {
  const active = useStore(connectionsStore, (s) => s.active);
  // Only what the adapter is made from: a renamed connection keeps its adapter (and the open flow).
  const signature = useStore(connectionsStore, (s) => {
    const conn = s.connections.find((c) => choiceOf(c) === s.active);
    return conn ? adapterSignature(conn) : s.active;
  });
  const [adapter, setAdapter] = useState<BackendAdapter | null>(null);

  useEffect(() => {
    const state = connectionsStore.getState();
    const conn = state.connections.find((c) => choiceOf(c) === active);
    let cancelled = false;
    const made = conn ? adapterForConnection(conn) : builtInAdapter(active);
    made.then(
      (a) => {
        if (!cancelled) setAdapter(a);
      },
      (e: unknown) => {
        if (cancelled) return;
        noticeStore.getState().push({
          key: 'connections:errors.cannotUse',
          values: { name: conn?.name ?? active, message: errorText(e) },
          tone: 'error',
        });
        if (active !== LOCAL_CHOICE) connectionsStore.getState().setActive(LOCAL_CHOICE);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [active, signature]);

  return adapter;
}
