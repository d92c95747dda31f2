/**
 * What the browser remembers about Dify apps, because Dify's API cannot tell it: the graph observed so far
 * (per app) and the runs started from here with every trace event (those replay event by event; the server's
 * logs have a summary only). Nothing secret is stored: flows are keyed by a hash of the API key, never the key.
 *
 * `memoryRecordStore` for tests and Node; `webStorageRecordStore` over `localStorage` (or any Storage) for the
 * browser, keeping the latest `maxRunsPerApp` runs so the quota is not exhausted.
 */
import type { TraceEvent } from '../trace';
import type { RunSummary } from '../types';
import { emptyGraph, type AppGraph } from './graph';

export interface RecordedRun {
  summary: RunSummary;
  events: TraceEvent[];
}

export interface DifyRecordStore {
  loadGraph(flowId: string): AppGraph;
  saveGraph(flowId: string, graph: AppGraph): void;
  saveRun(run: RecordedRun): void;
  /** Newest first. */
  listRuns(flowId: string): RecordedRun[];
  getRun(runId: string): RecordedRun | undefined;
  deleteRun(runId: string): void;
}

export function memoryRecordStore(maxRunsPerApp = 200): DifyRecordStore {
  const graphs = new Map<string, AppGraph>();
  const runs = new Map<string, RecordedRun>();
  return {
    loadGraph: (flowId) => graphs.get(flowId) ?? emptyGraph(),
    saveGraph: (flowId, graph) => void graphs.set(flowId, graph),
    saveRun(run) {
      runs.set(run.summary.id, run);
      const mine = [...runs.values()].filter((r) => r.summary.flowId === run.summary.flowId).sort((a, b) => b.summary.startedAt - a.summary.startedAt);
      for (const old of mine.slice(maxRunsPerApp)) runs.delete(old.summary.id);
    },
    listRuns: (flowId) => [...runs.values()].filter((r) => r.summary.flowId === flowId).sort((a, b) => b.summary.startedAt - a.summary.startedAt),
    getRun: (runId) => runs.get(runId),
    deleteRun: (runId) => void runs.delete(runId),
  };
}

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Persists in a Web Storage; falls back to memory for what does not fit. */
export function webStorageRecordStore(storage: StorageLike, prefix: string, maxRunsPerApp = 30): DifyRecordStore {
  const memory = memoryRecordStore(maxRunsPerApp);
  const read = <T>(key: string): T | undefined => {
    try {
      const text = storage.getItem(`${prefix}${key}`);
      return text ? (JSON.parse(text) as T) : undefined;
    } catch {
      return undefined;
    }
  };
  const write = (key: string, value: unknown): void => {
    try {
      storage.setItem(`${prefix}${key}`, JSON.stringify(value));
    } catch {
      // Quota: the memory copy still serves this tab.
    }
  };
  const runIndex = (flowId: string) => read<string[]>(`runs:${flowId}`) ?? [];
  return {
    loadGraph: (flowId) => read<AppGraph>(`graph:${flowId}`) ?? memory.loadGraph(flowId),
    saveGraph(flowId, graph) {
      memory.saveGraph(flowId, graph);
      write(`graph:${flowId}`, graph);
    },
    saveRun(run) {
      memory.saveRun(run);
      const ids = [run.summary.id, ...runIndex(run.summary.flowId).filter((id) => id !== run.summary.id)];
      for (const old of ids.slice(maxRunsPerApp)) storage.removeItem(`${prefix}run:${old}`);
      write(`runs:${run.summary.flowId}`, ids.slice(0, maxRunsPerApp));
      write(`run:${run.summary.id}`, run);
    },
    listRuns(flowId) {
      const stored = runIndex(flowId)
        .map((id) => read<RecordedRun>(`run:${id}`))
        .filter((r): r is RecordedRun => r !== undefined);
      const ids = new Set(stored.map((r) => r.summary.id));
      return [...stored, ...memory.listRuns(flowId).filter((r) => !ids.has(r.summary.id))].sort((a, b) => b.summary.startedAt - a.summary.startedAt);
    },
    getRun: (runId) => read<RecordedRun>(`run:${runId}`) ?? memory.getRun(runId),
    deleteRun(runId) {
      const run = read<RecordedRun>(`run:${runId}`) ?? memory.getRun(runId);
      memory.deleteRun(runId);
      storage.removeItem(`${prefix}run:${runId}`);
      if (run) write(`runs:${run.summary.flowId}`, runIndex(run.summary.flowId).filter((id) => id !== runId));
    },
  };
}
