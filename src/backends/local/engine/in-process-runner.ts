/**
 * The engine in the caller's own thread: Node, Vitest, benchmarks. Same contract as the worker runner; a
 * function step blocks this thread while it runs (bounded by its time limit).
 */
import type { TraceEvent } from '../../trace';
import { BUILTIN_MODULE_IMPLEMENTATIONS } from '../modules';
import type { ModuleImplementation } from '../modules/types';
import { nodeQuickJSLoader, type QuickJSLoader } from '../sandbox/loader';
import { createQuickJSSandbox, type QuickJSSandboxOptions } from '../sandbox/quickjs-sandbox';
import type { Sandbox, SandboxProvider } from '../sandbox/types';
import type { EngineRunner } from './api';
import { EventChannel } from './event-channel';
import { DebugChannel } from './debug-channel';
import { runFlow } from './run-flow';
import { testStep } from './test-step';

export interface EngineRunnerOptions {
  modules?: readonly ModuleImplementation[];
  /** Supply a sandbox outright (tests); otherwise a QuickJS sandbox is created on first use. */
  sandbox?: SandboxProvider;
  loader?: QuickJSLoader;
  sandboxOptions?: Omit<QuickJSSandboxOptions, 'loader'>;
  fetch?: typeof fetch;
  now?: () => number;
  defaultStepTimeoutMs?: number;
  yieldIntervalMs?: number;
}

export function createInProcessEngineRunner(opts: EngineRunnerOptions = {}): EngineRunner {
  const modules = opts.modules ?? BUILTIN_MODULE_IMPLEMENTATIONS;
  let sandbox: Sandbox | null = null;
  const sandboxProvider: SandboxProvider =
    opts.sandbox ??
    (() => {
      sandbox ??= createQuickJSSandbox({ ...opts.sandboxOptions, loader: opts.loader ?? nodeQuickJSLoader });
      return Promise.resolve(sandbox);
    });
  const runs = new Map<string, AbortController>();
  const debugChannels = new Map<string, DebugChannel>();
  const common = {
    modules,
    sandbox: sandboxProvider,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.defaultStepTimeoutMs !== undefined ? { defaultStepTimeoutMs: opts.defaultStepTimeoutMs } : {}),
  };

  return {
    start(req, signal) {
      const channel = new EventChannel<TraceEvent>();
      const ctl = new AbortController();
      runs.get(req.runId)?.abort();
      runs.set(req.runId, ctl);
      const debugChannel = new DebugChannel();
      debugChannels.set(req.runId, debugChannel);
      const onAbort = (): void => ctl.abort();
      if (signal?.aborted) ctl.abort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      let finished = false;
      void runFlow(req.flow, {
        ...common,
        runId: req.runId,
        inputs: req.inputs,
        trigger: req.trigger,
        ...(req.versionId !== undefined ? { versionId: req.versionId } : {}),
        ...(req.runTimeoutMs !== undefined ? { runTimeoutMs: req.runTimeoutMs } : {}),
        ...(opts.yieldIntervalMs !== undefined ? { yieldIntervalMs: opts.yieldIntervalMs } : {}),
        ...(req.debug ? { debug: req.debug, debugChannel } : {}),
        signal: ctl.signal,
        emit: (e) => {
          if (e.type === 'run-finished') finished = true;
          channel.push(e);
        },
      })
        .catch((e: unknown) => {
          // runFlow reports its own failures; this only guards the contract if it ever throws.
          if (!finished) {
            const events = channel.snapshot();
            const last = events[events.length - 1];
            channel.push({
              type: 'run-finished',
              runId: req.runId,
              seq: last ? last.seq + 1 : 0,
              at: Date.now(),
              status: 'failed',
              error: { message: `Internal engine error: ${e instanceof Error ? e.message : String(e)}`, code: 'internal' },
              durationMs: 0,
            });
          }
        })
        .finally(() => {
          signal?.removeEventListener('abort', onAbort);
          if (runs.get(req.runId) === ctl) runs.delete(req.runId);
          if (debugChannels.get(req.runId) === debugChannel) debugChannels.delete(req.runId);
          channel.close();
        });
      return channel;
    },
    cancel(runId) {
      runs.get(runId)?.abort();
    },
    debug(runId, command) {
      debugChannels.get(runId)?.send(command);
    },
    testStep(req) {
      return testStep(req, common);
    },
    modules() {
      return modules.map((m) => m.definition);
    },
    dispose() {
      for (const ctl of runs.values()) ctl.abort();
      runs.clear();
      sandbox?.dispose();
      sandbox = null;
    },
  };
}
