/** Runs a flow with the built-in modules and a shared QuickJS sandbox, collecting the events (tests only). */
import type { Flow } from '../../../model/flow';
import type { TraceEvent } from '../../trace';
import { BUILTIN_MODULE_IMPLEMENTATIONS } from '../modules';
import { nodeQuickJSLoader } from '../sandbox/loader';
import { createQuickJSSandbox } from '../sandbox/quickjs-sandbox';
import { runFlow, type RunFlowOptions, type RunFlowResult } from './run-flow';

export const sharedSandbox = createQuickJSSandbox({ loader: nodeQuickJSLoader });

export interface Collected {
  events: TraceEvent[];
  result: RunFlowResult;
  finished(stepId: string): Array<Extract<TraceEvent, { type: 'step-finished' }>>;
  started(stepId: string): Array<Extract<TraceEvent, { type: 'step-started' }>>;
  statusOf(stepId: string): string[];
  logs(): Array<Extract<TraceEvent, { type: 'log' }>>;
}

export async function collect(flow: Flow, over: Partial<RunFlowOptions> = {}): Promise<Collected> {
  const events: TraceEvent[] = [];
  const result = await runFlow(flow, {
    runId: 'run-1',
    inputs: {},
    modules: BUILTIN_MODULE_IMPLEMENTATIONS,
    sandbox: () => Promise.resolve(sharedSandbox),
    ...over,
    emit: (e) => {
      events.push(e);
      over.emit?.(e);
    },
  });
  const finished = (id: string): Array<Extract<TraceEvent, { type: 'step-finished' }>> =>
    events.filter((e): e is Extract<TraceEvent, { type: 'step-finished' }> => e.type === 'step-finished' && e.stepId === id);
  return {
    events,
    result,
    finished,
    started: (id) => events.filter((e): e is Extract<TraceEvent, { type: 'step-started' }> => e.type === 'step-started' && e.stepId === id),
    statusOf: (id) => finished(id).map((e) => e.status),
    logs: () => events.filter((e): e is Extract<TraceEvent, { type: 'log' }> => e.type === 'log'),
  };
}

/** The invariants every run must keep, whatever happened in it. */
export function expectWellFormed(events: TraceEvent[]): void {
  if (events[0]?.type !== 'run-started') throw new Error(`first event is ${events[0]?.type}`);
  if (events[events.length - 1]?.type !== 'run-finished') throw new Error(`last event is ${events[events.length - 1]?.type}`);
  if (events.filter((e) => e.type === 'run-finished').length !== 1) throw new Error('more than one run-finished');
  events.forEach((e, i) => {
    if (e.seq !== i) throw new Error(`seq ${e.seq} at position ${i}`);
  });
  const open = new Map<string, number>();
  for (const e of events) {
    if (e.type === 'step-started') {
      const key = `${e.stepId}@${e.iteration.join('.')}`;
      open.set(key, (open.get(key) ?? 0) + 1);
    }
    if (e.type === 'step-finished' && e.status !== 'skipped') {
      const key = `${e.stepId}@${e.iteration.join('.')}`;
      const n = open.get(key) ?? 0;
      if (n < 1) throw new Error(`step-finished without step-started for ${key}`);
      open.set(key, n - 1);
    }
  }
  for (const [key, n] of open) if (n !== 0) throw new Error(`step ${key} started but never finished`);
}
