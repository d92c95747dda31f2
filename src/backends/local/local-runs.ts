/**
 * Local runs: the engine's event stream is teed into the database and to the caller.
 *
 * Why a pump rather than recording inside the caller's loop: a run is recorded in full even if the caller
 * stops reading (closed panel, navigation), and a slow caller never slows the engine, since the queue buffers.
 * Events are written in batches (one transaction per ~30 ms or 500 events), and the caller's iteration ends
 * only once everything is written, so `getRunEvents` right after a run returns all of it.
 */
import Dexie from 'dexie';
import type { Flow } from '../../model/flow';
import { newId } from '../../model/ids';
import type { TraceEvent } from '../trace';
import { AsyncQueue } from '../transport/async-queue';
import { BackendError, type Page, type RunHandle, type RunStatus, type RunSummary, type StartRunRequest } from '../types';
import type { FlowbenchDb, RunRow } from './db';
import type { EngineRunner } from './engine/api';
import { notFound, runOf } from './rows';

const FLUSH_EVERY_MS = 30;
const FLUSH_AT_EVENTS = 500;

interface ActiveRun {
  /** Write what is buffered now; resolves when written. */
  flush(): Promise<void>;
  /** Resolves once the run ended and every event is written. */
  done: Promise<void>;
}

type FinishedEvent = Extract<TraceEvent, { type: 'run-finished' }>;

export class LocalRuns {
  private readonly active = new Map<string, ActiveRun>();

  constructor(
    private readonly db: FlowbenchDb,
    private readonly engine: EngineRunner,
  ) {}

  async start(req: StartRunRequest, flow: Flow, signal?: AbortSignal): Promise<RunHandle> {
    const runId = newId('run');
    const trigger = req.trigger ?? 'manual';
    const startedAt = Date.now();
    await this.db.transaction('rw', this.db.runs, async () => {
      const last = await this.db.runs.where('[flowId+serial]').between([req.flowId, Dexie.minKey], [req.flowId, Dexie.maxKey]).last();
      const row: RunRow = { id: runId, flowId: req.flowId, serial: (last?.serial ?? 0) + 1, status: 'queued', startedAt, finishedAt: null, trigger, eventCount: 0 };
      if (req.versionId !== undefined) row.versionId = req.versionId;
      await this.db.runs.add(row);
    });

    const queue = new AsyncQueue<TraceEvent>();
    // Started inside the pump, so even an engine that throws at once leaves a finished run record.
    const engineEvents = () =>
      this.engine.start(
        {
          runId,
          flow: { ...flow, id: req.flowId },
          inputs: req.inputs,
          trigger,
          ...(req.versionId !== undefined ? { versionId: req.versionId } : {}),
          ...(req.debug ? { debug: req.debug } : {}),
        },
        signal,
      );
    const recorder = this.recorder(runId);
    const done = this.pump({ runId, startedAt, flowId: req.flowId, inputs: req.inputs, trigger }, engineEvents, queue, recorder, signal).finally(() => this.active.delete(runId));
    this.active.set(runId, { flush: recorder.flush, done });
    return { runId, events: queue, debug: (command) => this.engine.debug(runId, command) };
  }

  /** Buffers events and writes them in batches, updating the run row in the same transaction. */
  private recorder(runId: string) {
    let buffer: TraceEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let chain: Promise<void> = Promise.resolve();
    let failure: unknown;

    const write = async (batch: TraceEvent[]) => {
      await this.db.transaction('rw', this.db.runs, this.db.runEvents, async () => {
        await this.db.runEvents.bulkPut(batch);
        const row = await this.db.runs.get(runId);
        if (!row) return;
        const next: RunRow = { ...row, eventCount: row.eventCount + batch.length };
        for (const e of batch) {
          if (e.type === 'run-started' && next.status === 'queued') next.status = 'running';
          if (e.type === 'run-started' && e.partial) next.partial = e.partial;
          if (e.type === 'run-finished') {
            next.status = e.status;
            next.finishedAt = e.at;
            if (e.error) next.error = e.error.message;
          }
        }
        await this.db.runs.put(next);
      });
    };
    const flush = (): Promise<void> => {
      clearTimeout(timer);
      timer = undefined;
      if (buffer.length > 0) {
        const batch = buffer;
        buffer = [];
        chain = chain.then(() => write(batch)).catch((e: unknown) => void (failure ??= e));
      }
      return chain;
    };
    return {
      add(e: TraceEvent) {
        buffer.push(e);
        if (buffer.length >= FLUSH_AT_EVENTS) void flush();
        else timer ??= setTimeout(() => void flush(), FLUSH_EVERY_MS);
      },
      flush,
      failure: () => failure,
    };
  }

  private async pump(
    run: { runId: string; startedAt: number; flowId: string; inputs: Record<string, unknown>; trigger: string },
    startEngine: () => AsyncIterable<TraceEvent>,
    queue: AsyncQueue<TraceEvent>,
    rec: ReturnType<LocalRuns['recorder']>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { runId, startedAt } = run;
    let lastSeq = -1;
    let finished = false;
    const emit = (e: TraceEvent) => {
      lastSeq = Math.max(lastSeq, e.seq);
      if (e.type === 'run-finished') finished = true;
      rec.add(e);
      queue.push(e);
    };
    // Every recorded run ends with run-finished, even when the engine crashes or stops short.
    const finish = (status: FinishedEvent['status'], message: string) => {
      const at = Date.now();
      if (lastSeq < 0) emit({ runId, seq: 0, at: startedAt, type: 'run-started', flowId: run.flowId, inputs: run.inputs, trigger: run.trigger });
      emit({ runId, seq: lastSeq + 1, at, type: 'run-finished', status, error: { message }, durationMs: at - startedAt });
    };
    try {
      for await (const e of startEngine()) {
        if (finished) break;
        emit(e.runId === runId ? e : { ...e, runId });
      }
      if (!finished) {
        if (signal?.aborted) finish('cancelled', 'The run was cancelled.');
        else finish('failed', 'The engine stopped without finishing the run.');
      }
    } catch (e) {
      if (!finished) {
        const message = e instanceof Error ? e.message : String(e);
        if (signal?.aborted) finish('cancelled', 'The run was cancelled.');
        else finish('failed', `The engine failed: ${message}`);
      }
    }
    await rec.flush();
    const failure = rec.failure();
    if (failure) {
      const why = failure instanceof Error ? failure.message : String(failure);
      queue.error(new BackendError('internal', `The run finished but its record could not be saved: ${why}. Check the browser's storage space.`, { cause: failure }));
    } else queue.end();
  }

  async cancel(runId: string): Promise<void> {
    if (this.active.has(runId)) {
      this.engine.cancel(runId);
      return;
    }
    const row = await this.db.runs.get(runId);
    if (!row) throw notFound('Run', runId);
    if (row.status === 'queued' || row.status === 'running') {
      throw new BackendError('unsupported', 'This run is not running in this tab (another tab, or a tab that was closed); it cannot be cancelled from here.');
    }
  }

  async list(flowId: string, opts: { limit?: number; offset?: number; status?: RunStatus } = {}): Promise<Page<RunSummary>> {
    let rows = await this.db.runs.where('[flowId+serial]').between([flowId, Dexie.minKey], [flowId, Dexie.maxKey]).reverse().toArray();
    if (opts.status) rows = rows.filter((r) => r.status === opts.status);
    const offset = opts.offset ?? 0;
    const limit = opts.limit ?? 50;
    return { items: rows.slice(offset, offset + limit).map(runOf), total: rows.length, offset, limit };
  }

  async events(runId: string): Promise<TraceEvent[]> {
    // A live run: write what is buffered first, so the answer is as fresh as the stream.
    await this.active.get(runId)?.flush();
    if (!(await this.db.runs.get(runId))) throw notFound('Run', runId);
    return this.db.runEvents.where('[runId+seq]').between([runId, Dexie.minKey], [runId, Dexie.maxKey]).toArray();
  }

  async delete(runId: string): Promise<void> {
    if (this.active.has(runId)) throw new BackendError('invalid', 'This run is still going; cancel it first, then delete it.');
    await this.db.transaction('rw', this.db.runs, this.db.runEvents, async () => {
      if (!(await this.db.runs.get(runId))) throw notFound('Run', runId);
      await this.db.runs.delete(runId);
      await this.db.runEvents.where('runId').equals(runId).delete();
    });
  }

  /** Resolves when every run started here has ended and been written. */
  async whenIdle(): Promise<void> {
    while (this.active.size > 0) await Promise.all([...this.active.values()].map((r) => r.done));
  }

  /** Cancels every live run and waits for their records. */
  async stopAll(): Promise<void> {
    for (const runId of this.active.keys()) this.engine.cancel(runId);
    await this.whenIdle();
  }
}
