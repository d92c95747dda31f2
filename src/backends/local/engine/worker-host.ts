/**
 * The engine side of the worker: receives `run` / `cancel` / `testStep` messages and posts events back in
 * batches. Kept apart from `worker.ts` (which only wires it to `self`) so Vitest can run it in-process.
 *
 * Batching: events of a run are posted together when 16 ms have passed since the first buffered one, when
 * 512 are buffered, or at `run-finished` (never held back). The engine yields to the event loop every few
 * milliseconds, so the flush timer and incoming `cancel` messages get their turn even in tight loops.
 */
import type { TraceEvent } from '../../trace';
import { BUILTIN_MODULE_IMPLEMENTATIONS } from '../modules';
import type { ModuleImplementation } from '../modules/types';
import type { QuickJSLoader } from '../sandbox/loader';
import { createQuickJSSandbox } from '../sandbox/quickjs-sandbox';
import type { Sandbox, SandboxProvider } from '../sandbox/types';
import { runFlow } from './run-flow';
import { testStep } from './test-step';
import type { EngineRunRequest } from './api';
import { isToWorker, type FromWorker, type ToWorker } from './worker-protocol';
import { DebugChannel } from './debug-channel';

export interface WorkerHostOptions {
  loader: QuickJSLoader;
  modules?: readonly ModuleImplementation[];
  fetch?: typeof fetch;
  flushIntervalMs?: number;
  maxBatch?: number;
}

export interface WorkerHost {
  handle(data: unknown): void;
  dispose(): void;
}

export function createWorkerHost(post: (msg: FromWorker) => void, opts: WorkerHostOptions): WorkerHost {
  const modules = opts.modules ?? BUILTIN_MODULE_IMPLEMENTATIONS;
  const flushIntervalMs = opts.flushIntervalMs ?? 16;
  const maxBatch = opts.maxBatch ?? 512;
  let sandbox: Sandbox | null = null;
  const sandboxProvider: SandboxProvider = () => {
    sandbox ??= createQuickJSSandbox({ loader: opts.loader });
    return Promise.resolve(sandbox);
  };
  const runs = new Map<string, AbortController>();
  const debugChannels = new Map<string, DebugChannel>();

  const safePost = (msg: FromWorker): void => {
    try {
      post(msg);
    } catch {
      // A value that structured clone refuses (should not happen: outputs are JSON): send a JSON copy.
      post(JSON.parse(JSON.stringify(msg)) as FromWorker);
    }
  };

  function startRun(req: EngineRunRequest): void {
    const ctl = new AbortController();
    runs.set(req.runId, ctl);
    const debugChannel = new DebugChannel();
    debugChannels.set(req.runId, debugChannel);
    let buffer: TraceEvent[] = [];
    let firstAt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (): void => {
      clearTimeout(timer);
      timer = undefined;
      if (buffer.length === 0) return;
      const events = buffer;
      buffer = [];
      safePost({ type: 'events', runId: req.runId, events });
    };
    void runFlow(req.flow, {
      runId: req.runId,
      inputs: req.inputs,
      trigger: req.trigger,
      ...(req.versionId !== undefined ? { versionId: req.versionId } : {}),
      ...(req.runTimeoutMs !== undefined ? { runTimeoutMs: req.runTimeoutMs } : {}),
      ...(req.debug ? { debug: req.debug, debugChannel } : {}),
      modules,
      sandbox: sandboxProvider,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      signal: ctl.signal,
      emit: (e) => {
        buffer.push(e);
        const t = performance.now();
        if (buffer.length === 1) {
          firstAt = t;
          timer = setTimeout(flush, flushIntervalMs);
        }
        if (e.type === 'run-finished' || buffer.length >= maxBatch || t - firstAt >= flushIntervalMs) flush();
      },
    }).finally(() => {
      flush();
      runs.delete(req.runId);
      debugChannels.delete(req.runId);
    });
  }

  function handleMessage(msg: ToWorker): void {
    switch (msg.type) {
      case 'run':
        startRun(msg.req);
        break;
      case 'cancel':
        runs.get(msg.runId)?.abort();
        break;
      case 'debug':
        debugChannels.get(msg.runId)?.send(msg.command);
        break;
      case 'testStep':
        void testStep(msg.req, { modules, sandbox: sandboxProvider, ...(opts.fetch ? { fetch: opts.fetch } : {}) }).then(
          (result) => safePost({ type: 'testStep-result', id: msg.id, result }),
          (e: unknown) =>
            safePost({ type: 'testStep-result', id: msg.id, result: { ok: false, logs: [], durationMs: 0, error: { message: `Internal engine error: ${String(e)}` } } }),
        );
        break;
    }
  }

  return {
    handle(data) {
      if (isToWorker(data)) handleMessage(data);
    },
    dispose() {
      for (const ctl of runs.values()) ctl.abort();
      sandbox?.dispose();
      sandbox = null;
    },
  };
}
