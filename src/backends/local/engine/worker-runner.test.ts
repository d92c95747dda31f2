import { afterEach, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace';
import { nodeQuickJSLoader } from '../sandbox/loader';
import { blockFlow, fn, loopStep, s } from './test-flows';
import { expectWellFormed } from './test-run';
import { createWorkerHost } from './worker-host';
import type { FromWorker, ToWorker } from './worker-protocol';
import { createWorkerEngineRunner, type WorkerLike } from './worker-runner';

/** A "worker" in this thread: messages are structured-cloned and delivered on a later task, like postMessage. */
function fakeWorkers(opts: { ignoreCancel?: boolean } = {}) {
  const stats = { created: 0, terminated: 0, posts: 0 };
  const workers: Array<WorkerLike & { crash(message: string): void }> = [];
  const create = (): WorkerLike & { crash(message: string): void } => {
    stats.created++;
    let terminated = false;
    const w: WorkerLike & { crash(message: string): void } = {
      onmessage: null,
      onerror: null,
      postMessage(msg: ToWorker) {
        if (terminated || (opts.ignoreCancel && msg.type === 'cancel')) return;
        const data = structuredClone(msg);
        setTimeout(() => host.handle(data), 0);
      },
      terminate() {
        terminated = true;
        stats.terminated++;
        host.dispose();
      },
      crash(message) {
        w.onerror?.({ message });
      },
    };
    const host = createWorkerHost(
      (msg: FromWorker) => {
        if (terminated) return;
        stats.posts++;
        const data = structuredClone(msg);
        setTimeout(() => w.onmessage?.({ data }), 0);
      },
      { loader: nodeQuickJSLoader },
    );
    workers.push(w);
    return w;
  };
  return { create, stats, workers };
}

async function drain(it: AsyncIterable<TraceEvent>, slowMs = 0): Promise<TraceEvent[]> {
  const out: TraceEvent[] = [];
  for await (const e of it) {
    out.push(e);
    if (slowMs) await new Promise((r) => setTimeout(r, slowMs));
  }
  return out;
}

const runners: Array<{ dispose(): void }> = [];
afterEach(() => runners.splice(0).forEach((r) => r.dispose()));

function makeRunner(fake: ReturnType<typeof fakeWorkers>, cancelGraceMs = 1500) {
  const r = createWorkerEngineRunner({ createWorker: fake.create, cancelGraceMs });
  runners.push(r);
  return r;
}

describe('worker engine runner', () => {
  it('streams a run from the worker, batching events, and reuses the worker', async () => {
    const fake = fakeWorkers();
    const runner = makeRunner(fake);
    const flow = blockFlow([loopStep('l', { count: 1000, maxIterations: 1000 }, [s('x', 'core.json_stringify', { value: '{{steps.l.index}}' })])]);
    const events = await drain(runner.start({ runId: 'w1', flow, inputs: {}, trigger: 'manual' }));
    expectWellFormed(events);
    expect(events.length).toBe(2 + 2 * 1000 + 2);
    expect(fake.stats.posts).toBeLessThan(events.length / 10);
    const again = await drain(runner.start({ runId: 'w2', flow: blockFlow([fn('f', 'return 1')]), inputs: {}, trigger: 'manual' }));
    expect(again[again.length - 1]).toMatchObject({ type: 'run-finished', status: 'succeeded', outputs: { result: 1 } });
    expect(fake.stats.created).toBe(1);
  });

  it('runs two runs at once in two workers', async () => {
    const fake = fakeWorkers();
    const runner = makeRunner(fake);
    const flow = blockFlow([s('wait', 'core.delay', { ms: 30 })]);
    const [a, b] = await Promise.all([drain(runner.start({ runId: 'a', flow, inputs: {}, trigger: 'm' })), drain(runner.start({ runId: 'b', flow, inputs: {}, trigger: 'm' }))]);
    expectWellFormed(a);
    expectWellFormed(b);
    expect(a.every((e) => e.runId === 'a')).toBe(true);
    expect(fake.stats.created).toBe(2);
  });

  it('does not lose events for a slow consumer', async () => {
    const runner = makeRunner(fakeWorkers());
    const flow = blockFlow([loopStep('l', { count: 30 }, [s('x', 'core.log', { message: '{{steps.l.index}}' })])]);
    const events = await drain(runner.start({ runId: 's', flow, inputs: {}, trigger: 'm' }), 1);
    expectWellFormed(events);
    expect(events.filter((e) => e.type === 'log').map((e) => (e as { message: string }).message)).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
  });

  it('cancels through the worker when the signal aborts', async () => {
    const runner = makeRunner(fakeWorkers());
    const ac = new AbortController();
    const stream = runner.start({ runId: 'c', flow: blockFlow([s('wait', 'core.delay', { ms: 10_000 })]), inputs: {}, trigger: 'm' }, ac.signal);
    setTimeout(() => ac.abort(), 30);
    const events = await drain(stream);
    expectWellFormed(events);
    expect(events[events.length - 1]).toMatchObject({ type: 'run-finished', status: 'cancelled' });
    expect(events.find((e) => e.type === 'step-finished')).toMatchObject({ status: 'cancelled', stepId: 'wait' });
  });

  it('terminates a worker that does not answer a cancel and closes the stream itself', async () => {
    const fake = fakeWorkers({ ignoreCancel: true });
    const runner = makeRunner(fake, 100);
    const flow = blockFlow([loopStep('l', { count: 1 }, [s('wait', 'core.delay', { ms: 10_000 })])]);
    const stream = runner.start({ runId: 'stuck', flow, inputs: {}, trigger: 'm' });
    setTimeout(() => runner.cancel('stuck'), 50);
    const started = Date.now();
    const events = await drain(stream);
    expect(Date.now() - started).toBeLessThan(5000);
    expectWellFormed(events);
    const tail = events.slice(-3).map((e) => [e.type, 'stepId' in e ? e.stepId : undefined, 'status' in e ? e.status : undefined]);
    expect(tail).toEqual([
      ['step-finished', 'wait', 'cancelled'],
      ['step-finished', 'l', 'cancelled'],
      ['run-finished', undefined, 'cancelled'],
    ]);
    expect(fake.stats.terminated).toBe(1);
  });

  it('ends the run as failed when the worker crashes', async () => {
    const fake = fakeWorkers();
    const runner = makeRunner(fake);
    const stream = runner.start({ runId: 'boom', flow: blockFlow([s('wait', 'core.delay', { ms: 10_000 })]), inputs: {}, trigger: 'm' });
    setTimeout(() => fake.workers[0]?.crash('out of memory'), 50);
    const events = await drain(stream);
    expectWellFormed(events);
    expect(events[events.length - 1]).toMatchObject({ type: 'run-finished', status: 'failed', error: { message: 'The engine worker crashed: out of memory' } });
  });

  it('tests a step in a worker', async () => {
    const runner = makeRunner(fakeWorkers());
    const flow = blockFlow([fn('f', 'console.log("hi");\nreturn steps.a.n * 2;')]);
    const result = await runner.testStep({ flow, stepId: 'f', sample: { steps: { a: { n: 21 } }, inputs: {} } });
    expect(result).toMatchObject({ ok: true, value: 42, logs: [{ level: 'info', message: 'hi' }] });
  });

  it('returns the catalog without a worker', () => {
    const fake = fakeWorkers();
    const runner = makeRunner(fake);
    expect(runner.modules().length).toBeGreaterThan(10);
    expect(fake.stats.created).toBe(0);
  });
});
