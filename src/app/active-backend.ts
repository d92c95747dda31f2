/**
 * Which backend is active: the embedded local backend (default; needs no server, its engine runs in a Web
 * Worker) or a saved vFlow connection, chosen in the top bar and remembered in localStorage
 * (features/connections). Remote adapters load lazily; while one loads the previous backend stays on screen.
 * If it cannot be made, the app falls back to the local backend with a notice, never a blank screen.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { BackendAdapter } from '../backends/types';
import { createLocalAdapter } from '../backends/local/local-adapter';
import { createWorkerEngineRunner } from '../backends/local/engine/worker-runner';
import { adapterForConnection } from '../features/connections/adapters';
import { adapterSignature, choiceOf, LOCAL_CHOICE } from '../features/connections/model';
import { connectionsStore } from '../features/connections/store';
import { noticeStore } from './notices';

let localAdapter: BackendAdapter | null = null;

export function getLocalAdapter(): BackendAdapter {
  localAdapter ??= createLocalAdapter({ engine: createWorkerEngineRunner() });
  return localAdapter;
}

export function useActiveBackend(): BackendAdapter | null {
  const active = useStore(connectionsStore, (s) => s.active);
  // Only what the adapter is made from: a renamed connection keeps its adapter (and the open flow).
  const signature = useStore(connectionsStore, (s) => {
    const conn = s.connections.find((c) => choiceOf(c.id) === s.active);
    return conn ? adapterSignature(conn) : LOCAL_CHOICE;
  });
  const [adapter, setAdapter] = useState<BackendAdapter | null>(null);

  useEffect(() => {
    const state = connectionsStore.getState();
    const conn = state.connections.find((c) => choiceOf(c.id) === active);
    if (!conn) {
      setAdapter(getLocalAdapter());
      return;
    }
    let cancelled = false;
    adapterForConnection(conn).then(
      (a) => {
        if (!cancelled) setAdapter(a);
      },
      (e: unknown) => {
        if (cancelled) return;
        noticeStore.getState().push({
          key: 'connections:errors.cannotUse',
          values: { name: conn.name, message: e instanceof Error ? e.message : String(e) },
          tone: 'error',
        });
        connectionsStore.getState().setActive(LOCAL_CHOICE);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [active, signature]);

  return adapter;
}
