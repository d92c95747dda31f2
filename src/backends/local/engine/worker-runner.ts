/**
 * The browser's `EngineRunner`: the engine runs in Web Workers, one run (or test) per worker at a time, so
 * a function step that hogs its worker never delays another run, and a worker that stops answering can be
 * terminated without harming anyone else. One idle worker is kept warm (QuickJS already loaded).
 *
 * Cancel is a message; if the worker has not finished the run `cancelGraceMs` later (it is stuck inside
 * synchronous code), it is terminated and the client closes the stream itself: every step still open ends
 * `cancelled`, then `run-finished`. A crashed worker ends its run as `failed` the same way. Either way the
 * consumer always sees a well-formed stream that ends with `run-finished`.
 */
import type { ModuleDefinition } from '../../../model/modules';
import type { TestStepResult } from '../../types';
import type { IterationPath, TraceEvent } from '../../trace';
import { BUILTIN_MODULES } from '../modules';
import type { EngineRunner, EngineRunRequest } from './api';
import type { DebugCommand } from '../../debug';
import { EventChannel } from './event-channel';
import { isFromWorker, type FromWorker, type ToWorker } from './worker-protocol';

/** The part of `Worker` we use; tests pass an in-process fake. */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  terminate(): void;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: { message?: string }) => void) | null;
}

export interface WorkerRunnerOptions {
  createWorker?: () => WorkerLike;
  /** The catalog `modules()` returns (definitions only; the executors live in the worker). */
  modules?: ModuleDefinition[];
  /** How long a cancelled run may take to wind down before its worker is terminated. Default 1500 ms. */
  cancelGraceMs?: number;
  /** Upper bound for one testStep answer. Default 70 s (a step's own limit is normally far lower). */
  testStepTimeoutMs?: number;
  /** Idle workers kept for the next run. Default 1. */
  maxIdleWorkers?: number;
}

function defaultCreateWorker(): WorkerLike {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'flowbench-engine' }) as unknown as WorkerLike;
}

interface Slot {
  worker: WorkerLike;
  handler: ((msg: FromWorker) => void) | null;
  onCrash: ((message: string) => void) | null;
}

export function createWorkerEngineRunner(opts: WorkerRunnerOptions = {}): EngineRunner {
  const createWorker = opts.createWorker ?? defaultCreateWorker;
  const catalog = opts.modules ?? BUILTIN_MODULES;
  const cancelGraceMs = opts.cancelGraceMs ?? 1500;
  const testStepTimeoutMs = opts.testStepTimeoutMs ?? 70_000;
  const maxIdle = opts.maxIdleWorkers ?? 1;
  const idle: Slot[] = [];
  const busy = new Set<Slot>();
  const runs = new Map<string, { cancel(): void; kill(reason: string): void; debug(command: DebugCommand): void }>();
  let nextTestId = 1;
  let disposed = false;

  function acquire(): Slot {
    const slot: Slot = idle.pop() ?? { worker: createWorker(), handler: null, onCrash: null };
    slot.worker.onmessage = (ev) => {
      if (isFromWorker(ev.data)) slot.handler?.(ev.data);
    };
    slot.worker.onerror = (ev) => slot.onCrash?.(ev?.message ?? 'unknown error');
    busy.add(slot);
    return slot;
  }

  function release(slot: Slot, reusable: boolean): void {
    busy.delete(slot);
    slot.handler = null;
    slot.onCrash = null;
    if (reusable && !disposed && idle.length < maxIdle) idle.push(slot);
    else slot.worker.terminate();
  }

  function start(req: EngineRunRequest, signal?: AbortSignal): AsyncIterable<TraceEvent> {
    const channel = new EventChannel<TraceEvent>();
    if (disposed) {
      const at = Date.now();
      channel.pushMany([
        { type: 'run-started', runId: req.runId, seq: 0, at, flowId: req.flow.id, inputs: req.inputs, trigger: req.trigger },
        { type: 'run-finished', runId: req.runId, seq: 1, at, status: 'failed', error: { message: 'The engine was shut down.', code: 'unavailable' }, durationMs: 0 },
      ]);
      channel.close();
      return channel;
    }
    const slot = acquire();
    const open = new Map<string, { stepId: string; iteration: IterationPath; startedAt: number }>();
    let lastSeq = -1;
    let started = false;
    let startedAt = Date.now();
    let finished = false;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;

    const finish = (reusable: boolean): void => {
      finished = true;
      clearTimeout(graceTimer);
      signal?.removeEventListener('abort', onAbort);
      runs.delete(req.runId);
      release(slot, reusable);
      channel.close();
    };

    // The worker is gone or stuck: close every open step and the run ourselves.
    const synthesizeEnd = (status: 'cancelled' | 'failed', message: string, code: string): void => {
      if (finished) return;
      const now = Date.now();
      const events: TraceEvent[] = [];
      if (!started) {
        events.push({ type: 'run-started', runId: req.runId, seq: ++lastSeq, at: now, flowId: req.flow.id, inputs: req.inputs, trigger: req.trigger });
      }
      for (const s of [...open.values()].reverse()) {
        events.push({
          type: 'step-finished',
          runId: req.runId,
          seq: ++lastSeq,
          at: now,
          stepId: s.stepId,
          iteration: s.iteration,
          status: status === 'cancelled' ? 'cancelled' : 'failed',
          error: { message, code },
          durationMs: now - s.startedAt,
        });
      }
      events.push({ type: 'run-finished', runId: req.runId, seq: ++lastSeq, at: now, status, error: { message, code }, durationMs: now - startedAt });
      channel.pushMany(events);
      finish(false);
    };

    slot.handler = (msg) => {
      if (msg.type !== 'events' || msg.runId !== req.runId || finished) return;
      for (const e of msg.events) {
        lastSeq = e.seq;
        if (e.type === 'run-started') {
          started = true;
          startedAt = e.at;
        } else if (e.type === 'step-started') open.set(`${e.stepId}@${e.iteration.join('.')}`, { stepId: e.stepId, iteration: e.iteration, startedAt: e.at });
        else if (e.type === 'step-finished') open.delete(`${e.stepId}@${e.iteration.join('.')}`);
      }
      channel.pushMany(msg.events);
      if (msg.events.some((e) => e.type === 'run-finished')) finish(true);
    };
    slot.onCrash = (message) => synthesizeEnd('failed', `The engine worker crashed: ${message}`, 'internal');

    const cancel = (): void => {
      if (finished || graceTimer !== undefined) return;
      slot.worker.postMessage({ type: 'cancel', runId: req.runId });
      graceTimer = setTimeout(
        () => synthesizeEnd('cancelled', 'The run was cancelled; its worker did not respond and was stopped.', 'cancelled'),
        cancelGraceMs,
      );
    };
    const onAbort = (): void => cancel();
    runs.set(req.runId, {
      cancel,
      kill: (reason) => synthesizeEnd('cancelled', reason, 'cancelled'),
      debug: (command) => {
        if (!finished) slot.worker.postMessage({ type: 'debug', runId: req.runId, command });
      },
    });
    slot.worker.postMessage({ type: 'run', req });
    if (signal?.aborted) cancel();
    else signal?.addEventListener('abort', onAbort, { once: true });
    return channel;
  }

  function testStep(req: Parameters<EngineRunner['testStep']>[0]): Promise<TestStepResult> {
    if (disposed) return Promise.resolve({ ok: false, logs: [], durationMs: 0, error: { message: 'The engine was shut down.' } });
    const slot = acquire();
    const id = nextTestId++;
    const started = Date.now();
    return new Promise<TestStepResult>((resolve) => {
      let done = false;
      const end = (result: TestStepResult, reusable: boolean): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        release(slot, reusable);
        resolve(result);
      };
      const timer = setTimeout(
        () => end({ ok: false, logs: [], durationMs: Date.now() - started, error: { message: `The test did not finish within ${testStepTimeoutMs} ms; its worker was stopped.` } }, false),
        testStepTimeoutMs,
      );
      slot.handler = (msg) => {
        if (msg.type === 'testStep-result' && msg.id === id) end(msg.result, true);
      };
      slot.onCrash = (message) => end({ ok: false, logs: [], durationMs: Date.now() - started, error: { message: `The engine worker crashed: ${message}` } }, false);
      slot.worker.postMessage({ type: 'testStep', id, req });
    });
  }

  return {
    start,
    cancel(runId) {
      runs.get(runId)?.cancel();
    },
    debug(runId, command) {
      runs.get(runId)?.debug(command);
    },
    testStep,
    modules() {
      return catalog;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const r of [...runs.values()]) r.kill('The engine was shut down.');
      for (const slot of [...busy]) slot.onCrash?.('the engine was shut down');
      for (const slot of [...busy]) release(slot, false);
      for (const slot of idle.splice(0)) slot.worker.terminate();
    },
  };
}
