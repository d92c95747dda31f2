/** The active backend adapter, chosen in the UI; every query and command reads it from here. */
import { createContext, useContext, type ReactNode } from 'react';
import type { BackendAdapter } from '../backends/types';

const BackendContext = createContext<BackendAdapter | null>(null);

export function BackendProvider({ adapter, children }: { adapter: BackendAdapter; children: ReactNode }) {
  return <BackendContext.Provider value={adapter}>{children}</BackendContext.Provider>;
}

export function useBackend(): BackendAdapter {
  const adapter = useContext(BackendContext);
  if (!adapter) throw new Error('useBackend must be used inside <BackendProvider>');
  return adapter;
}

/** The active backend where there is one (views rendered on their own, in tests, have none). */
export function useOptionalBackend(): BackendAdapter | null {
  return useContext(BackendContext);
}
