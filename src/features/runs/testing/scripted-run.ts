/**
 * A hand-written run for tests and demos (the engine is written elsewhere): a trigger, a fetch, a loop of
 * `loopCount` iterations over one body step, an if that takes `then`, and a save step that fails when asked.
 */
import { emptyFlow, type Flow, type Step } from '../../../model/flow';
import type { TraceEvent } from '../../../backends/trace';

export interface ScriptedRunOptions {
  runId?: string;
  flowId?: string;
  fail?: boolean;
  start?: number;
  loopCount?: number;
  /** What the fetch step outputs. */
  fetched?: unknown;
}

function step(id: string, kind: Step['kind'], title: string, extra: Partial<Step> = {}): Step {
  return { id, kind, type: `core.${kind}`, title, params: {}, ...extra };
}

export function scriptedFlow(flowId = 'flow-1'): Flow {
  const flow = emptyFlow(flowId, 'Scripted');
  flow.steps = {
    start: step('start', 'trigger', 'Start'),
    fetch: step('fetch', 'action', 'Fetch users'),
    loop: step('loop', 'loop', 'For each user', { branches: { body: ['each'] } }),
    each: step('each', 'action', 'Greet user'),
    check: step('check', 'if', 'Any left?', { branches: { then: ['notify'], else: [] } }),
    notify: step('notify', 'action', 'Notify'),
    save: step('save', 'action', 'Save report'),
  };
  flow.root = ['start', 'fetch', 'loop', 'check', 'save'];
  return flow;
}

export function scriptedRun(opts: ScriptedRunOptions = {}): { events: TraceEvent[]; flow: Flow; runId: string } {
  const runId = opts.runId ?? 'run-1';
  const flowId = opts.flowId ?? 'flow-1';
  const loopCount = opts.loopCount ?? 3;
  const fetched = opts.fetched ?? { users: [{ name: 'Ada' }, { name: 'Grace' }, { name: 'Linus' }], total: 3 };
  const events: TraceEvent[] = [];
  let seq = 0;
  let at = opts.start ?? 1_700_000_000_000;
  const base = () => ({ runId, seq: seq++, at });
  const started = (stepId: string, inputs: Record<string, unknown> = {}, iteration: number[] = []) =>
    events.push({ ...base(), type: 'step-started', stepId, iteration, inputs });
  const finished = (stepId: string, durationMs: number, extra: Partial<Extract<TraceEvent, { type: 'step-finished' }>> = {}, iteration: number[] = []) => {
    at += durationMs;
    events.push({ ...base(), type: 'step-finished', stepId, iteration, status: 'succeeded', durationMs, ...extra });
  };
  const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string, stepId?: string, iteration?: number[]) =>
    events.push({ ...base(), type: 'log', level, message, ...(stepId ? { stepId } : {}), ...(iteration ? { iteration } : {}) });

  events.push({ ...base(), type: 'run-started', flowId, inputs: { limit: 3 }, trigger: 'manual', versionId: 'v1' });
  started('start');
  finished('start', 1, { outputs: { limit: 3 } });
  started('fetch', { url: 'https://example.test/users' });
  log('info', 'GET https://example.test/users', 'fetch');
  finished('fetch', 40, { outputs: fetched });
  started('loop', { items: '{{fetch.users}}' });
  for (let i = 0; i < loopCount; i++) {
    started('each', { user: { name: `user ${i}` } }, [i]);
    log(i === 1 ? 'warn' : 'debug', `greeting user ${i}`, 'each', [i]);
    finished('each', 10 + i, { outputs: { greeting: `Hello ${i}` } }, [i]);
  }
  finished('loop', 5 + loopCount * 11, { branch: 'body', outputs: { count: loopCount } });
  started('check', { left: loopCount });
  finished('check', 2, { branch: 'then', outputs: { result: true } });
  started('notify', { text: 'done' });
  finished('notify', 8, { outputs: { sent: true } });
  started('save', { report: 'r' });
  if (opts.fail) {
    log('error', 'disk full', 'save');
    finished('save', 12, { status: 'failed', error: { message: 'disk full', code: 'ENOSPC' } });
    at += 1;
    events.push({ ...base(), type: 'run-finished', status: 'failed', error: { message: 'disk full', stepId: 'save' }, durationMs: at - (opts.start ?? 1_700_000_000_000) });
  } else {
    finished('save', 15, { outputs: { saved: true, path: '/reports/1' } });
    at += 1;
    events.push({ ...base(), type: 'run-finished', status: 'succeeded', outputs: { ok: true }, durationMs: at - (opts.start ?? 1_700_000_000_000) });
  }
  return { events, flow: scriptedFlow(flowId), runId };
}
