/**
 * Query hooks for the library, versions and import/export, over the active adapter: one hook per operation.
 * Mutations invalidate what they change; a missing optional operation is a programming error (the UI reads
 * `capabilities` first), reported as an `unsupported` BackendError.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useBackend } from '../shell/backend-context';
import { BackendError, type BackendAdapter, type ExportedFile, type ListFlowsQuery } from '../backends/types';
import { queryKeys } from './keys';
import { markImported } from '../shell/imported-flows';

export const libraryKeys = {
  version: (backend: string, flowId: string, versionId: string) => [...queryKeys.versions(backend, flowId), 'snapshot', versionId] as const,
};

/** An optional adapter method, or a typed error saying the backend cannot do it. */
export function need<K extends keyof BackendAdapter>(backend: BackendAdapter, name: K): NonNullable<BackendAdapter[K]> {
  const fn = backend[name];
  if (typeof fn !== 'function') throw new BackendError('unsupported', `The backend "${backend.label}" cannot ${String(name)}.`);
  return (fn as (...args: unknown[]) => unknown).bind(backend) as NonNullable<BackendAdapter[K]>;
}

type Scope = 'flows' | 'folders' | 'versions';

function invalidate(client: QueryClient, backendId: string, scopes: Scope[], flowId?: string): Promise<unknown> {
  return Promise.all(
    scopes.map((s) => {
      if (s === 'flows') return client.invalidateQueries({ queryKey: queryKeys.flows(backendId) });
      if (s === 'folders') return client.invalidateQueries({ queryKey: queryKeys.folders(backendId) });
      return client.invalidateQueries({ queryKey: flowId ? queryKeys.versions(backendId, flowId) : [backendId, 'versions'] });
    }),
  );
}

function useBackendMutation<V, R>(run: (backend: BackendAdapter, vars: V) => Promise<R>, scopes: Scope[], flowIdOf?: (v: V) => string) {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (vars: V) => run(backend, vars),
    onSettled: (_r, _e, vars) => invalidate(client, backend.id, scopes, flowIdOf?.(vars)),
  });
}

/** Every flow of the backend (the sidebar filters by folder itself), searched and sorted by the backend. */
export function useLibraryFlows(q: Pick<ListFlowsQuery, 'search' | 'sortBy' | 'order'>, enabled = true) {
  const backend = useBackend();
  const query: ListFlowsQuery = { ...q, includeDisabled: true, limit: 100_000 };
  return useQuery({ queryKey: queryKeys.flowList(backend.id, query), queryFn: () => backend.listFlows(query), enabled });
}

/** The stored flow with its summary (revision, published state). Refetched after every save. */
export function useSavedFlow(flowId: string | null) {
  const backend = useBackend();
  return useQuery({
    queryKey: queryKeys.flow(backend.id, flowId ?? ''),
    queryFn: () => backend.getFlow(flowId ?? ''),
    enabled: !!flowId,
  });
}

export function useVersions(flowId: string | null) {
  const backend = useBackend();
  return useQuery({
    queryKey: queryKeys.versions(backend.id, flowId ?? ''),
    queryFn: () => need(backend, 'listVersions')(flowId ?? ''),
    enabled: !!flowId && backend.capabilities.versions,
  });
}

/** One version's snapshot; versions never change, so it stays cached. */
export function useVersion(flowId: string, versionId: string | null) {
  const backend = useBackend();
  return useQuery({
    queryKey: libraryKeys.version(backend.id, flowId, versionId ?? ''),
    queryFn: () => need(backend, 'getVersion')(flowId, versionId ?? ''),
    enabled: !!versionId && backend.capabilities.versions,
    staleTime: Infinity,
  });
}

// ---- flows

export const useMoveFlows = () =>
  useBackendMutation(async (b, v: { ids: string[]; folderId: string | null }) => {
    for (const id of v.ids) await need(b, 'moveFlow')(id, v.folderId);
  }, ['flows']);

export const useDuplicateFlow = () =>
  useBackendMutation((b, v: { id: string; name?: string }) => need(b, 'duplicateFlow')(v.id, v.name === undefined ? {} : { name: v.name }), ['flows']);

export const useSetFavourite = () =>
  useBackendMutation((b, v: { id: string; favourite: boolean }) => need(b, 'setFlowFavourite')(v.id, v.favourite), ['flows']);

export const useSetEnabled = () =>
  useBackendMutation(async (b, v: { ids: string[]; enabled: boolean }) => {
    for (const id of v.ids) await need(b, 'setFlowEnabled')(id, v.enabled);
  }, ['flows']);

export const useDeleteFlows = () =>
  useBackendMutation(async (b, v: { ids: string[] }) => {
    for (const id of v.ids) await b.deleteFlow(id);
  }, ['flows', 'versions']);

// ---- folders

export const useUpdateFolder = () =>
  useBackendMutation((b, v: { id: string; name?: string; parentId?: string | null }) => {
    const patch: { name?: string; parentId?: string | null } = {};
    if (v.name !== undefined) patch.name = v.name;
    if (v.parentId !== undefined) patch.parentId = v.parentId;
    return need(b, 'updateFolder')(v.id, patch);
  }, ['folders']);

export const useDeleteFolder = () =>
  useBackendMutation(
    (b, v: { id: string; contents: { mode: 'move'; moveTo: string | null } | { mode: 'delete' } }) => need(b, 'deleteFolder')(v.id, v.contents),
    ['folders', 'flows', 'versions'],
  );

// ---- versions

export const useCreateVersion = () =>
  useBackendMutation((b, v: { flowId: string; note: string; name?: string }) => {
    const opts: { note: string; name?: string } = { note: v.note };
    if (v.name) opts.name = v.name;
    return need(b, 'createVersion')(v.flowId, opts);
  }, ['versions'], (v) => v.flowId);

export const usePublish = () =>
  useBackendMutation((b, v: { flowId: string; note: string }) => need(b, 'publish')(v.flowId, { note: v.note }), ['versions', 'flows'], (v) => v.flowId);

export const useRestoreVersion = () =>
  useBackendMutation((b, v: { flowId: string; versionId: string }) => need(b, 'restoreVersion')(v.flowId, v.versionId), ['versions', 'flows'], (v) => v.flowId);

export const useRevertDraft = () =>
  useBackendMutation((b, v: { flowId: string }) => need(b, 'revertDraft')(v.flowId), ['versions', 'flows'], (v) => v.flowId);

// ---- import / export

export const useExportFlows = () => {
  const backend = useBackend();
  return useMutation({ mutationFn: (v: { ids: string[]; format: 'json' | 'zip' }) => need(backend, 'exportFlows')(v.ids, v.format) });
};

/** A dry run (preview) writes nothing and invalidates nothing. */
export const useImportFiles = () => {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (v: { files: ExportedFile[]; folderId: string | null; dryRun: boolean }) => {
      const report = await need(backend, 'importFiles')(v.files, { folderId: v.folderId, dryRun: v.dryRun });
      // Flows from someone else: their first run asks before reaching private addresses (imported-flows.ts).
      if (!v.dryRun) markImported(backend.id, report.flatMap((e) => (e.status === 'imported' && e.flowId ? [e.flowId] : [])));
      return report;
    },
    onSettled: (_r, _e, v) => (v.dryRun ? undefined : invalidate(client, backend.id, ['flows', 'folders'])),
  });
};
