/**
 * Queries over the adapter's run history. Keys extend `queryKeys.runs(backend, flow)`, so the invalidation
 * the run panel does when a run finishes refreshes these too.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useBackend } from '../../shell/backend-context';
import { runStateFrom } from '../../backends/run-state';
import type { TraceEvent } from '../../backends/trace';
import type { BackendAdapter, Page, RunStatus, RunSummary } from '../../backends/types';
import type { EditorStore } from '../../editor/store';
import { queryKeys } from '../../queries/keys';
import { runViewOf, showLive, showPastRun } from './run-view';

export const HISTORY_PAGE = 20;

export function historyAvailable(adapter: BackendAdapter): boolean {
  return adapter.capabilities.runHistory && !!adapter.listRuns;
}

export function useRunHistory(flowId: string, opts: { status: RunStatus | null; offset: number; limit?: number }) {
  const adapter = useBackend();
  const limit = opts.limit ?? HISTORY_PAGE;
  return useQuery<Page<RunSummary>>({
    queryKey: [...queryKeys.runs(adapter.id, flowId), 'page', { status: opts.status, offset: opts.offset, limit }],
    queryFn: () => adapter.listRuns!(flowId, { limit, offset: opts.offset, ...(opts.status ? { status: opts.status } : {}) }),
    enabled: historyAvailable(adapter),
    placeholderData: (prev) => prev,
  });
}

function eventsQuery(adapter: BackendAdapter, runId: string) {
  return {
    queryKey: queryKeys.runEvents(adapter.id, runId),
    queryFn: async (): Promise<TraceEvent[]> => {
      if (!adapter.getRunEvents) throw new Error(`${adapter.label} does not keep run events`);
      return adapter.getRunEvents(runId);
    },
    // Recorded events of a finished run never change.
    staleTime: Infinity,
  };
}

export function useRunEvents(runId: string | null) {
  const adapter = useBackend();
  return useQuery({ ...eventsQuery(adapter, runId ?? ''), enabled: !!runId && !!adapter.getRunEvents });
}

/** Show a past run on canvas, list and panel, exactly as it ended. The live run, if that is the one, stays live. */
export async function openPastRun(adapter: BackendAdapter, client: QueryClient, store: EditorStore, summary: RunSummary): Promise<void> {
  const live = runViewOf(store).getState().live;
  if (live?.runId === summary.id) return showLive(store);
  const events = await client.fetchQuery(eventsQuery(adapter, summary.id));
  showPastRun(store, { runId: summary.id, events, state: runStateFrom(events, summary.id), summary });
}

export function useDeleteRun(flowId: string, store: EditorStore) {
  const adapter = useBackend();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (runId: string) => {
      if (!adapter.deleteRun) throw new Error(`${adapter.label} cannot delete runs`);
      await adapter.deleteRun(runId);
      return runId;
    },
    onSuccess: (runId) => {
      const view = runViewOf(store);
      if (view.getState().past?.runId === runId) showLive(store);
      const [a, b] = view.getState().compare;
      view.setState({ compare: [a === runId ? null : a, b === runId ? null : b] });
      client.removeQueries({ queryKey: queryKeys.runEvents(adapter.id, runId) });
      return client.invalidateQueries({ queryKey: queryKeys.runs(adapter.id, flowId) });
    },
  });
}
