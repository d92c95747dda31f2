/**
 * A scripted `EngineRunner` for tests of the adapter and the UI: it walks the flow's block structure without
 * executing anything (if steps take `then`, loops run their body `loopIterations` times), emitting the same
 * event shapes the real engine does. Cancel and the abort signal end the run as `cancelled`.
 */
import type { Flow, Step } from '../../model/flow';
import type { ModuleDefinition } from '../../model/modules';
import type { TraceEvent } from '../trace';
import { AsyncQueue } from '../transport/async-queue';
import type { TestStepRequest, TestStepResult } from '../types';
import type { EngineRunner, EngineRunRequest } from './engine/api';

export interface FakeEngineOptions {
  /** Wait this long in each step (so tests can cancel half-way). Default 0. */
  stepDelayMs?: number;
  loopIterations?: number;
  /** Steps (by id or title) that fail. */
  failSteps?: string[];
  modules?: ModuleDefinition[];
}

const input = (id: string, label: string) => ({ id, name: label, staticType: 'string', defaultValue: '' });

export const FAKE_MODULES: ModuleDefinition[] = [
  {
    id: 'fake.trigger',
    kind: 'trigger',
    category: 'trigger',
    name: { text: '手动触发', en: 'Manual trigger' },
    inputSchema: { source: 'vflow-inputs', inputs: [] },
    outputs: [],
  },
  {
    id: 'fake.log',
    kind: 'action',
    category: 'system',
    name: { text: '日志', en: 'Log' },
    inputSchema: { source: 'vflow-inputs', inputs: [input('message', 'Message')] },
    outputs: [{ id: 'message', type: 'string', label: { text: '消息', en: 'Message' } }],
  },
  {
    id: 'fake.if',
    kind: 'if',
    category: 'logic',
    name: { text: '如果', en: 'If' },
    inputSchema: { source: 'vflow-inputs', inputs: [input('condition', 'Condition')] },
    outputs: [{ id: 'result', type: 'boolean', label: { text: '结果', en: 'Result' } }],
  },
  {
    id: 'fake.loop',
    kind: 'loop',
    category: 'logic',
    name: { text: '循环', en: 'Loop' },
    inputSchema: { source: 'json-schema', schema: { type: 'object', properties: { count: { type: 'number' } } } },
    outputs: [{ id: 'index', type: 'number', label: { text: '序号', en: 'Index' } }],
  },
];

function wait(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

export function createFakeEngine(opts: FakeEngineOptions = {}): EngineRunner & { readonly started: EngineRunRequest[] } {
  const controllers = new Map<string, AbortController>();
  const started: EngineRunRequest[] = [];
  const modules = opts.modules ?? FAKE_MODULES;

  async function drive(req: EngineRunRequest, q: AsyncQueue<TraceEvent>, signal: AbortSignal): Promise<void> {
    let seq = 0;
    const t0 = Date.now();
    const base = () => ({ runId: req.runId, seq: seq++, at: Date.now() });
    const flow: Flow = req.flow;
    q.push({ ...base(), type: 'run-started', flowId: flow.id, inputs: req.inputs, trigger: req.trigger, ...(req.versionId ? { versionId: req.versionId } : {}) });
    let failed: { message: string; stepId: string } | null = null;

    const runList = async (ids: string[], iteration: number[]): Promise<void> => {
      for (const id of ids) {
        if (signal.aborted || failed) return;
        const step: Step | undefined = flow.steps[id];
        if (!step) continue;
        if (step.disabled) {
          q.push({ ...base(), type: 'step-finished', stepId: id, iteration, status: 'skipped', durationMs: 0 });
          continue;
        }
        const s0 = Date.now();
        q.push({ ...base(), type: 'step-started', stepId: id, iteration, inputs: step.params });
        await wait(opts.stepDelayMs ?? 0, signal);
        if (signal.aborted) {
          q.push({ ...base(), type: 'step-finished', stepId: id, iteration, status: 'cancelled', durationMs: Date.now() - s0 });
          return;
        }
        q.push({ ...base(), type: 'log', level: 'info', message: `ran ${step.title || id}`, stepId: id, iteration });
        if (opts.failSteps?.includes(id) || opts.failSteps?.includes(step.title)) {
          failed = { message: `${step.title} failed`, stepId: id };
          q.push({ ...base(), type: 'step-finished', stepId: id, iteration, status: 'failed', error: { message: failed.message }, durationMs: Date.now() - s0 });
          if (step.onError === 'continue') failed = null;
          continue;
        }
        if (step.kind === 'if') {
          await runList(step.branches?.then ?? [], iteration);
          q.push({ ...base(), type: 'step-finished', stepId: id, iteration, status: 'succeeded', outputs: { result: true }, branch: 'then', durationMs: Date.now() - s0 });
        } else if (step.kind === 'loop') {
          const n = opts.loopIterations ?? 2;
          for (let i = 0; i < n && !signal.aborted && !failed; i++) await runList(step.branches?.body ?? [], [...iteration, i]);
          q.push({ ...base(), type: 'step-finished', stepId: id, iteration, status: signal.aborted ? 'cancelled' : 'succeeded', outputs: { iterations: n }, branch: String(n), durationMs: Date.now() - s0 });
        } else {
          q.push({ ...base(), type: 'step-finished', stepId: id, iteration, status: 'succeeded', outputs: { message: step.params.message ?? null }, durationMs: Date.now() - s0 });
        }
      }
    };

    // Graph flows list every step in `root`: walking it in order is enough for a script.
    await runList(flow.root, []);
    const durationMs = Date.now() - t0;
    if (signal.aborted) q.push({ ...base(), type: 'run-finished', status: 'cancelled', error: { message: 'The run was cancelled.' }, durationMs });
    else if (failed) q.push({ ...base(), type: 'run-finished', status: 'failed', error: failed, durationMs });
    else q.push({ ...base(), type: 'run-finished', status: 'succeeded', outputs: null, durationMs });
    q.end();
  }

  return {
    started,
    start(req, signal) {
      started.push(req);
      const ctl = new AbortController();
      controllers.set(req.runId, ctl);
      if (signal?.aborted) ctl.abort();
      signal?.addEventListener('abort', () => ctl.abort(), { once: true });
      const q = new AsyncQueue<TraceEvent>();
      void drive(req, q, ctl.signal)
        .catch((e: unknown) => q.error(e))
        .finally(() => controllers.delete(req.runId));
      return q;
    },
    debug() {
      // The scripted engine never pauses.
    },
    cancel(runId) {
      controllers.get(runId)?.abort();
    },
    async testStep(req: TestStepRequest): Promise<TestStepResult> {
      const step = req.flow.steps[req.stepId];
      if (!step) return { ok: false, logs: [], durationMs: 0, error: { message: `No step "${req.stepId}"` } };
      return { ok: true, value: { params: step.params, sample: req.sample }, logs: [{ level: 'info', message: 'fake test' }], durationMs: 0 };
    },
    modules: () => modules,
    dispose() {
      for (const c of controllers.values()) c.abort();
    },
  };
}
