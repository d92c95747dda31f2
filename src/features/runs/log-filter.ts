/**
 * Which log lines a filter keeps, as indices into the run's log list. Logs only grow during a run, so the
 * index is extended with the new lines instead of rescanning tens of thousands of lines every frame; a
 * different run, a changed filter, or a list that is not a continuation of the last one (replay going back)
 * starts over.
 */
import { listAt, type ChunkedList, type LogEntry } from '../../backends/run-state';

export type LogLevel = LogEntry['level'];
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface LogFilter {
  levels: ReadonlySet<LogLevel>;
  /** Only this step's lines; null for all. */
  stepId: string | null;
  /** Only this iteration of the step (its key), when `stepId` is set; null for all. */
  iterationKey?: string | null;
}

export function matchesLog(entry: LogEntry, f: LogFilter): boolean {
  if (!f.levels.has(entry.level)) return false;
  if (f.stepId !== null && entry.stepId !== f.stepId) return false;
  if (f.iterationKey != null && (entry.iteration ?? []).join('.') !== f.iterationKey) return false;
  return true;
}

export interface LogIndex {
  /** Indices into the log list of the lines kept, in order. */
  indices: readonly number[];
  /** Lines scanned by the last update (tests read it to prove updates are incremental). */
  scanned: number;
}

/** A stateful filter for one view: call it with the current logs and filter on each render. */
export function createLogIndex() {
  let logs: ChunkedList<LogEntry> | null = null;
  let filterKey = '';
  let lastEntry: LogEntry | undefined;
  let indices: number[] = [];
  return (next: ChunkedList<LogEntry>, filter: LogFilter): LogIndex => {
    const key = `${[...filter.levels].sort().join(',')}|${filter.stepId ?? ''}|${filter.iterationKey ?? ''}`;
    if (next === logs && key === filterKey) return { indices, scanned: 0 };
    const processed = logs?.length ?? 0;
    const continues = logs !== null && key === filterKey && next.length >= processed && (processed === 0 || listAt(next, processed - 1) === lastEntry);
    const from = continues ? processed : 0;
    // A new array when anything changed, so React sees a new value.
    indices = continues ? indices.slice() : [];
    for (let i = from; i < next.length; i++) if (matchesLog(listAt(next, i)!, filter)) indices.push(i);
    logs = next;
    filterKey = key;
    lastEntry = listAt(next, next.length - 1);
    return { indices, scanned: next.length - from };
  };
}
