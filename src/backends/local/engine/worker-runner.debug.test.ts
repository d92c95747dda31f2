import { afterEach, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace';
import { nodeQuickJSLoader } from '../sandbox/loader';
import { createInProcessEngineRunner } from './in-process-runner';
import type { EngineRunner } from './api';
import { blockFlow, loopStep, s } from './test-flows';
import { expectWellFormed } from './test-run';
import { createWorkerHost } from './worker-host';
import type { FromWorker, ToWorker } from './worker-protocol';
import { createWorkerEngineRunner, type WorkerLike } from './worker-runner';

/** One in-thread "worker": messages are structured-cloned and delivered on a later task, like postMessage. */
function fakeWorker(): WorkerLike {
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(msg: ToWorker) {
      const data = structuredClone(msg);
      setTimeout(() => host.handle(data), 0);
    },
    terminate() {
      host.dispose();
    },
  };
  const host = createWorkerHost((msg: FromWorker) => {
    const data = structuredClone(msg);
    setTimeout(() => w.onmessage?.({ data }), 0);
  }, { loader: nodeQuickJSLoader });
  return w;
}

const runners: EngineRunner[] = [];
afterEach(() => runners.splice(0).forEach((r) => r.dispose()));

/** Reads the run, answering each pause with step over (and edited inputs at the first). */
async function drive(runner: EngineRunner, runId: string): Promise<TraceEvent[]> {
  const flow = blockFlow([loopStep('L', { count: 2 }, [s('t', 'core.text_template', { template: 'i{{steps.L.index}}' })]), s('z', 'core.log', { message: 'z' })]);
  const out: TraceEvent[] = [];
  let pauses = 0;
  for await (const e of runner.start({ runId, flow, inputs: {}, trigger: 'manual', debug: { breakpoints: { t: {} } } })) {
    out.push(e);
    if (e.type === 'step-paused') {
      pauses++;
      runner.debug(runId, pauses === 1 ? { type: 'stepOver', inputs: { template: 'edited' } } : { type: 'stepOver' });
    }
  }
  return out;
}

describe('the debug channel through both runners', () => {
  it.each([
    ['worker', () => createWorkerEngineRunner({ createWorker: fakeWorker })],
    ['in-process', () => createInProcessEngineRunner()],
  ])('%s: commands reach the paused run, with edited inputs', async (_name, make) => {
    const runner = make();
    runners.push(runner);
    const events = await drive(runner, 'run-d');
    expectWellFormed(events);
    const paused = events.flatMap((e) => (e.type === 'step-paused' ? [`${e.stepId}@${e.iteration.join('.')}`] : []));
    expect(paused).toEqual(['t@0', 't@1', 'z@']);
    const outputs = events.flatMap((e) => (e.type === 'step-finished' && e.stepId === 't' ? [e.outputs] : []));
    expect(outputs).toEqual([{ text: 'edited' }, { text: 'i1' }]);
  });

  it('rejects malformed debug messages in the worker protocol', async () => {
    const { isToWorker } = await import('./worker-protocol');
    expect(isToWorker({ type: 'debug', runId: 'r', command: { type: 'continue' } })).toBe(true);
    expect(isToWorker({ type: 'debug', runId: 'r', command: { type: 'jump' } })).toBe(false);
    expect(isToWorker({ type: 'debug', runId: 'r', command: { type: 'continue', inputs: [1] } })).toBe(false);
  });
});
