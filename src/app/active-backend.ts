/**
 * Which backend is active. The embedded local backend is the default and needs no server; its engine runs
 * in a Web Worker. Remote adapters are added to the registry by their folders.
 */
import { useEffect, useState } from 'react';
import type { BackendAdapter } from '../backends/types';
import { createLocalAdapter } from '../backends/local/local-adapter';
import { createWorkerEngineRunner } from '../backends/local/engine/worker-runner';

let localAdapter: BackendAdapter | null = null;

export function getLocalAdapter(): BackendAdapter {
  localAdapter ??= createLocalAdapter({ engine: createWorkerEngineRunner() });
  return localAdapter;
}

export function useActiveBackend(): BackendAdapter | null {
  const [adapter, setAdapter] = useState<BackendAdapter | null>(null);
  useEffect(() => setAdapter(getLocalAdapter()), []);
  return adapter;
}
