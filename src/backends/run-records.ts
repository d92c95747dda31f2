/**
 * Runs recorded in the browser, for backends whose server keeps no run history that replays (Node-RED keeps
 * none; SkillFlaw keeps vertex builds, not runs): each finished run's summary and every trace event, so
 * history, replay and compare survive a reload. The local backend has its own tables; this is the small
 * shared store for remote adapters.
 *
 * One IndexedDB database (`flowbench-run-records`, Dexie, loaded with the adapter chunk), two tables:
 * summaries (listed without reading events) and events (one row per run). Records are scoped by the
 * adapter's id (its connection), so two servers' flows with the same id never mix. The newest `maxPerFlow`
 * runs of a flow are kept. Where IndexedDB is missing (Node, scripts) the memory store does the same job for
 * the process.
 */
import Dexie, { type Table } from 'dexie';
import type { TraceEvent } from './trace';
import { BackendError, type Page, type RunStatus, type RunSummary } from './types';

export interface RecordedRun {
  summary: RunSummary;
  events: TraceEvent[];
}

export interface RunRecordStore {
  save(run: RecordedRun): Promise<void>;
  /** Newest first. */
  list(flowId: string): Promise<RunSummary[]>;
  events(runId: string): Promise<TraceEvent[] | undefined>;
  remove(runId: string): Promise<void>;
}

export const DEFAULT_RUNS_PER_FLOW = 50;

const newestFirst = (a: RunSummary, b: RunSummary) => b.startedAt - a.startedAt;

export function memoryRunRecords(maxPerFlow = DEFAULT_RUNS_PER_FLOW): RunRecordStore {
  const runs = new Map<string, RecordedRun>();
  const ofFlow = (flowId: string) => [...runs.values()].filter((r) => r.summary.flowId === flowId).map((r) => r.summary).sort(newestFirst);
  return {
    async save(run) {
      runs.set(run.summary.id, { summary: run.summary, events: [...run.events] });
      for (const old of ofFlow(run.summary.flowId).slice(maxPerFlow)) runs.delete(old.id);
    },
    list: async (flowId) => ofFlow(flowId),
    events: async (runId) => (runs.has(runId) ? [...runs.get(runId)!.events] : undefined),
    async remove(runId) {
      runs.delete(runId);
    },
  };
}

interface SummaryRow {
  /** `${scope}\u0000${runId}` */
  key: string;
  scope: string;
  flowId: string;
  startedAt: number;
  summary: RunSummary;
}

interface EventsRow {
  key: string;
  events: TraceEvent[];
}

class RunRecordsDb extends Dexie {
  summaries!: Table<SummaryRow, string>;
  events!: Table<EventsRow, string>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ summaries: 'key, [scope+flowId+startedAt]', events: 'key' });
  }
}

export const RUN_RECORDS_DB = 'flowbench-run-records';

const dbs = new Map<string, RunRecordsDb>();

/** One adapter's records in IndexedDB; `scope` is the adapter's id (its connection). */
export function indexedDbRunRecords(scope: string, opts: { dbName?: string; maxPerFlow?: number } = {}): RunRecordStore {
  const name = opts.dbName ?? RUN_RECORDS_DB;
  const maxPerFlow = opts.maxPerFlow ?? DEFAULT_RUNS_PER_FLOW;
  const db = (): RunRecordsDb => {
    let d = dbs.get(name);
    if (!d) dbs.set(name, (d = new RunRecordsDb(name)));
    return d;
  };
  const keyOf = (runId: string) => `${scope}\u0000${runId}`;
  const rowsOf = (flowId: string) =>
    db().summaries.where('[scope+flowId+startedAt]').between([scope, flowId, Dexie.minKey], [scope, flowId, Dexie.maxKey]);
  return {
    async save(run) {
      const d = db();
      const key = keyOf(run.summary.id);
      await d.transaction('rw', d.summaries, d.events, async () => {
        await d.summaries.put({ key, scope, flowId: run.summary.flowId, startedAt: run.summary.startedAt, summary: run.summary });
        await d.events.put({ key, events: run.events });
        const keys = await rowsOf(run.summary.flowId).reverse().primaryKeys();
        const old = keys.slice(maxPerFlow);
        if (old.length > 0) {
          await d.summaries.bulkDelete(old);
          await d.events.bulkDelete(old);
        }
      });
    },
    async list(flowId) {
      return (await rowsOf(flowId).reverse().toArray()).map((r) => r.summary);
    },
    async events(runId) {
      return (await db().events.get(keyOf(runId)))?.events;
    },
    async remove(runId) {
      const d = db();
      await d.transaction('rw', d.summaries, d.events, async () => {
        await d.summaries.delete(keyOf(runId));
        await d.events.delete(keyOf(runId));
      });
    },
  };
}

/** IndexedDB where the environment has it, else memory; `scope` is the adapter's id (its connection). */
export function defaultRunRecords(scope: string, maxPerFlow?: number): RunRecordStore {
  return typeof indexedDB === 'undefined' ? memoryRunRecords(maxPerFlow) : indexedDbRunRecords(scope, { maxPerFlow });
}

/**
 * An adapter's `listRuns` over the runs of this session (`session`, in start order, live ones included) and
 * the recorded ones not among them: newest first, `status` filtered, then paged. A store that cannot be read
 * (quota, private mode) leaves the session's runs.
 */
export async function recordedRunsPage(
  store: RunRecordStore,
  flowId: string,
  session: readonly RunSummary[],
  query: { limit?: number; offset?: number; status?: RunStatus } = {},
): Promise<Page<RunSummary>> {
  // Reversed first, so runs started in the same millisecond keep their start order reversed too (the sort is stable).
  const own = session.filter((r) => r.flowId === flowId).reverse();
  const seen = new Set(own.map((r) => r.id));
  const stored = (await store.list(flowId).catch(() => [] as RunSummary[])).filter((r) => !seen.has(r.id));
  let items = [...own, ...stored];
  if (query.status) items = items.filter((r) => r.status === query.status);
  items.sort(newestFirst);
  const offset = query.offset ?? 0;
  const limit = query.limit ?? items.length;
  return { items: items.slice(offset, offset + limit), total: items.length, offset, limit };
}

/** An adapter's `getRunEvents`: the session's copy when it has one, else the recorded one, else `not-found`. */
export async function recordedRunEvents(store: RunRecordStore, runId: string, session: readonly TraceEvent[] | undefined): Promise<TraceEvent[]> {
  if (session) return [...session];
  const stored = await store.events(runId);
  if (!stored) throw new BackendError('not-found', `No run "${runId}" recorded in this browser.`);
  return stored;
}
