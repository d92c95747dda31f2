/** One hook per backend operation, over the active adapter. Mutations invalidate what they change. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useBackend } from '../shell/backend-context';
import type { ListFlowsQuery } from '../backends/types';
import { queryKeys } from './keys';

export function useFlowList(q: ListFlowsQuery = {}) {
  const backend = useBackend();
  return useQuery({ queryKey: queryKeys.flowList(backend.id, q), queryFn: () => backend.listFlows(q) });
}

export function useFolders() {
  const backend = useBackend();
  return useQuery({
    queryKey: queryKeys.folders(backend.id),
    queryFn: () => backend.listFolders?.() ?? Promise.resolve([]),
    enabled: backend.capabilities.folders,
  });
}

export function useModules() {
  const backend = useBackend();
  return useQuery({ queryKey: queryKeys.modules(backend.id), queryFn: () => backend.listModules(), staleTime: Infinity });
}

export function useCategories() {
  const backend = useBackend();
  return useQuery({ queryKey: queryKeys.categories(backend.id), queryFn: () => backend.listCategories(), staleTime: Infinity });
}

export function useRuns(flowId: string | null) {
  const backend = useBackend();
  return useQuery({
    queryKey: queryKeys.runs(backend.id, flowId ?? ''),
    queryFn: () => backend.listRuns?.(flowId ?? '', { limit: 50 }) ?? Promise.resolve({ items: [], total: 0, offset: 0, limit: 0 }),
    enabled: !!flowId && backend.capabilities.runHistory,
  });
}

export function useInvalidate() {
  const backend = useBackend();
  const client = useQueryClient();
  return {
    flows: () => client.invalidateQueries({ queryKey: queryKeys.flows(backend.id) }),
    folders: () => client.invalidateQueries({ queryKey: queryKeys.folders(backend.id) }),
    runs: (flowId: string) => client.invalidateQueries({ queryKey: queryKeys.runs(backend.id, flowId) }),
  };
}

export function useCreateFolder() {
  const backend = useBackend();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ name, parentId }: { name: string; parentId: string | null }) => {
      if (!backend.createFolder) throw new Error('This backend has no folders');
      return backend.createFolder(name, parentId);
    },
    onSuccess: () => invalidate.folders(),
  });
}
