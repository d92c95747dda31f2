import { afterAll, describe, expect, it } from 'vitest';
import i18n from 'i18next';
import '../../i18n';
import { createInProcessEngineRunner } from '../../backends/local/engine/in-process-runner';
import { BUILTIN_MODULES } from '../../backends/local/modules';
import type { TraceEvent } from '../../backends/trace';
import { namingOf, validateFlow } from '../../model';
import { fieldsForModule, validateParams } from '../../forms';
import { localSyntax } from '../../model/references/local';
import { availableExamples, EXAMPLES, type ExampleContext } from './examples';

const ORIGIN = 'http://127.0.0.1:5173';
const served: Record<string, unknown> = {
  '/examples/customer.json': { id: 42, name: 'Ada Lovelace' },
  '/examples/orders/42.json': [{ id: 'A-1001', total: 120.5 }],
};
const fetched: string[] = [];
// The HTTP chain calls the app's own sample files: answer them as the dev server would.
const fakeFetch = (async (url: string) => {
  fetched.push(url);
  const path = url.startsWith(ORIGIN) ? url.slice(ORIGIN.length) : url;
  const body = served[path];
  return new Response(body === undefined ? 'not found' : JSON.stringify(body), {
    status: body === undefined ? 404 : 200,
    headers: { 'content-type': 'application/json' },
  });
}) as typeof fetch;
const runner = createInProcessEngineRunner({ fetch: fakeFetch });
afterAll(() => runner.dispose());

const ctx = (flowId: string): ExampleContext => ({
  flowId,
  syntax: localSyntax,
  origin: ORIGIN,
  t: (key, values) => i18n.t(`examples:${key}`, values ?? {}),
});

async function run(flowId: string) {
  const example = EXAMPLES.find((e) => e.id === flowId)!;
  const flow = example.build(ctx(`flow-${flowId}`));
  const events: TraceEvent[] = [];
  for await (const e of runner.start({ runId: `r-${flowId}`, flow, inputs: {}, trigger: 'manual' })) events.push(e);
  return { flow, events, last: events[events.length - 1] };
}

describe('example gallery', () => {
  it('builds valid flows with the step counts they announce, titled in the UI language', () => {
    for (const example of EXAMPLES) {
      const flow = example.build(ctx(`f-${example.id}`));
      expect(Object.keys(flow.steps)).toHaveLength(example.stepCount);
      expect(validateFlow(flow, localSyntax)).toEqual([]);
      // Every param passes its module's form validation: the checklist shows "No problems" on opening.
      const references = { syntax: localSyntax, naming: namingOf(flow) };
      for (const step of Object.values(flow.steps)) {
        const fields = fieldsForModule(BUILTIN_MODULES.find((m) => m.id === step.type)!);
        expect(validateParams(fields, step.params, { references }), `${example.id} › ${step.id}`).toEqual({});
      }
      expect(flow.name).not.toMatch(/\./);
      for (const step of Object.values(flow.steps)) expect(example.modules).toContain(step.type);
    }
  });

  it('offers only the examples whose modules the backend has', () => {
    expect(availableExamples(new Set(BUILTIN_MODULES.map((m) => m.id))).map((e) => e.id)).toEqual(EXAMPLES.map((e) => e.id));
    expect(availableExamples(new Set(['core.manual_trigger', 'core.set_variable'])).map((e) => e.id)).toEqual(['big-flow']);
    expect(availableExamples(new Set())).toEqual([]);
  });

  it('the HTTP chain calls only the app’s own origin, the second call using the first one’s answer', async () => {
    const { events, last } = await run('http-chain');
    expect(last).toMatchObject({ type: 'run-finished', status: 'succeeded' });
    expect(fetched).toEqual([`${ORIGIN}/examples/customer.json`, `${ORIGIN}/examples/orders/42.json`]);
    const log = events.find((e) => e.type === 'log' && e.stepId === 'log_summary');
    expect(log).toMatchObject({ message: "Ada Lovelace's first order is A-1001 (120.5)." });
  });

  it('runs the loop with its if/else, the function and the 500 steps; the failing example fails where it says', async () => {
    const loop = await run('branches-loop');
    expect(loop.last).toMatchObject({ type: 'run-finished', status: 'succeeded' });
    const messages = loop.events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
    expect(messages).toEqual(expect.arrayContaining(['3 is small', '8 is large', '12 is large', 'Checked 3 amounts']));

    const fn = await run('typed-function');
    expect(fn.events.find((e) => e.type === 'step-finished' && e.stepId === 'order_total')).toMatchObject({
      status: 'succeeded',
      outputs: { result: { name: 'Ada Lovelace', total: 155.5 } },
    });

    const failing = await run('failing-step');
    expect(failing.last).toMatchObject({ type: 'run-finished', status: 'failed', error: { stepId: 'send_receipt' } });
    expect(failing.events.find((e) => e.type === 'step-finished' && e.stepId === 'send_receipt')).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('Order 7 has no email address') },
    });

    const big = await run('big-flow');
    expect(big.last).toMatchObject({ type: 'run-finished', status: 'succeeded' });
    expect(big.events.find((e) => e.type === 'step-finished' && e.stepId === 'count_499')).toMatchObject({ outputs: { value: '1' } });
  });
});
