import { afterAll, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace';
import { createInProcessEngineRunner } from './in-process-runner';
import { blockFlow, fn, loopStep, s } from './test-flows';
import { expectWellFormed } from './test-run';

const runner = createInProcessEngineRunner();
afterAll(() => runner.dispose());

async function drain(it: AsyncIterable<TraceEvent>, slowMs = 0): Promise<TraceEvent[]> {
  const out: TraceEvent[] = [];
  for await (const e of it) {
    out.push(e);
    if (slowMs) await new Promise((r) => setTimeout(r, slowMs));
  }
  return out;
}

describe('in-process engine runner', () => {
  it('lists the built-in modules', () => {
    const ids = runner.modules().map((m) => m.id);
    expect(ids).toContain('core.function');
    expect(ids).toContain('core.loop');
  });

  it('streams every event of a run in order and ends after run-finished', async () => {
    const flow = blockFlow([loopStep('l', { count: 50 }, [fn('f', 'return steps.l.index;')])]);
    const events = await drain(runner.start({ runId: 'r1', flow, inputs: {}, trigger: 'manual' }));
    expectWellFormed(events);
    expect(events.filter((e) => e.type === 'step-finished' && e.stepId === 'f')).toHaveLength(50);
  });

  it('loses nothing when the consumer is slow, and can be read twice', async () => {
    const flow = blockFlow([loopStep('l', { count: 20 }, [s('x', 'core.log', { message: '{{steps.l.index}}' })])]);
    const stream = runner.start({ runId: 'r2', flow, inputs: {}, trigger: 'manual' });
    const slow = await drain(stream, 2);
    expectWellFormed(slow);
    expect(slow.filter((e) => e.type === 'log')).toHaveLength(20);
    expect(await drain(stream)).toEqual(slow);
  });

  it('cancels by run id and by signal', async () => {
    const flow = blockFlow([s('wait', 'core.delay', { ms: 10_000 })]);
    const byId = runner.start({ runId: 'r3', flow, inputs: {}, trigger: 'manual' });
    setTimeout(() => runner.cancel('r3'), 20);
    const a = await drain(byId);
    expectWellFormed(a);
    expect(a[a.length - 1]).toMatchObject({ type: 'run-finished', status: 'cancelled' });

    const ac = new AbortController();
    const bySignal = runner.start({ runId: 'r4', flow, inputs: {}, trigger: 'manual' }, ac.signal);
    setTimeout(() => ac.abort(), 20);
    const b = await drain(bySignal);
    expect(b[b.length - 1]).toMatchObject({ type: 'run-finished', status: 'cancelled' });
  });

  it('passes the run timeout and version through', async () => {
    const flow = blockFlow([s('wait', 'core.delay', { ms: 10_000 })]);
    const events = await drain(runner.start({ runId: 'r5', flow, inputs: {}, trigger: 'webhook', versionId: 'v1', runTimeoutMs: 30 }));
    expect(events[0]).toMatchObject({ type: 'run-started', trigger: 'webhook', versionId: 'v1' });
    expect(events[events.length - 1]).toMatchObject({ type: 'run-finished', status: 'timeout' });
  });

  it('tests a function step against sample data', async () => {
    const flow = blockFlow([s('t', 'core.manual_trigger'), fn('f', 'console.log("got", steps.http.body.n);\nreturn steps.http.body.n + inputs.k;')]);
    const ok = await runner.testStep({ flow, stepId: 'f', sample: { steps: { http: { body: { n: 40 } } }, inputs: { k: 2 } } });
    expect(ok).toMatchObject({ ok: true, value: 42, logs: [{ level: 'info', message: 'got 40' }] });
    expect(ok.durationMs).toBeGreaterThanOrEqual(0);

    const bad = await runner.testStep({ flow, stepId: 'f', sample: { steps: {}, inputs: {} } });
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatchObject({ line: 1 });
    expect(bad.error?.message).toMatch(/TypeError/);
  });

  it('a tested step reads earlier samples by their display names too', async () => {
    const flow = blockFlow([fn('a', 'return 2;', { title: 'Fetch customer' }), fn('f', 'return steps["Fetch customer"].result + steps.a.result;')]);
    expect(await runner.testStep({ flow, stepId: 'f', sample: { steps: { a: { result: 20 } }, inputs: {} } })).toMatchObject({ ok: true, value: 40 });
  });

  it('tests other step types and reports a missing step', async () => {
    const flow = blockFlow([s('tpl', 'core.text_template', { template: 'Hi {{steps.prev.name}}' })]);
    expect(await runner.testStep({ flow, stepId: 'tpl', sample: { steps: { prev: { name: 'Bo' } }, inputs: {} } })).toMatchObject({ ok: true, value: { text: 'Hi Bo' } });
    expect(await runner.testStep({ flow, stepId: 'nope', sample: { steps: {}, inputs: {} } })).toMatchObject({ ok: false });
  });
});
