/** One key factory for every query, scoped by backend so switching backends never shows stale data. */
import type { ListFlowsQuery } from '../backends/types';

export const queryKeys = {
  all: (backend: string) => [backend] as const,
  flows: (backend: string) => [backend, 'flows'] as const,
  flowList: (backend: string, q: ListFlowsQuery) => [backend, 'flows', 'list', q] as const,
  flow: (backend: string, id: string) => [backend, 'flows', 'detail', id] as const,
  folders: (backend: string) => [backend, 'folders'] as const,
  modules: (backend: string) => [backend, 'modules'] as const,
  categories: (backend: string) => [backend, 'categories'] as const,
  versions: (backend: string, flowId: string) => [backend, 'versions', flowId] as const,
  runs: (backend: string, flowId: string) => [backend, 'runs', flowId] as const,
  runEvents: (backend: string, runId: string) => [backend, 'run-events', runId] as const,
};
