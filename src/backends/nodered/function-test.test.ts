/** The function node's "Test step" in the local sandbox: Node-RED's return / send / context semantics. */
import { afterAll, describe, expect, it } from 'vitest';
import { emptyFlow, type Flow } from '../../model/flow';
import { nodeQuickJSLoader } from '../local/sandbox/loader';
import { createQuickJSSandbox } from '../local/sandbox/quickjs-sandbox';
import type { TestStepRequest } from '../types';
import { testFunctionNode } from './function-test';

const sandbox = createQuickJSSandbox({ loader: nodeQuickJSLoader });
const provider = () => Promise.resolve(sandbox);
afterAll(() => sandbox.dispose());

function req(func: string, opts: { outputs?: number; inputs?: Record<string, unknown>; steps?: Record<string, unknown>; libs?: unknown } = {}): TestStepRequest {
  const f = emptyFlow('tab', 'Tab', 'nodered');
  const flow: Flow = {
    ...f,
    structure: 'graph',
    steps: {
      inj: { id: 'inj', type: 'inject', title: 'tick', kind: 'action', params: {} },
      fn: { id: 'fn', type: 'function', title: 'shape', kind: 'action', params: { func, outputs: opts.outputs ?? 1, ...(opts.libs ? { libs: opts.libs } : {}) } },
    },
    root: ['inj', 'fn'],
    edges: [{ id: 'e', source: 'inj', sourcePort: '0', target: 'fn', targetPort: 'in' }],
    extensions: { nodered: { kind: 'tab', tab: { id: 'tab', type: 'tab', env: [{ name: 'GREETING', value: 'hi', type: 'str' }] }, tabKeys: [], others: [], order: [] } },
  };
  return { flow, stepId: 'fn', sample: { steps: opts.steps ?? {}, inputs: opts.inputs ?? {} } };
}

describe('testFunctionNode', () => {
  it('returns the msg on output 1, with the sample msg and the tab env', async () => {
    const r = await testFunctionNode(provider, req('msg.payload = env.get("GREETING") + " " + msg.payload;\nreturn msg;', { inputs: { msg: { payload: 'bob' } } }));
    expect(r.ok).toBe(true);
    expect(r.value).toEqual({ outputs: { '1': [{ _msgid: 'flowbench-test', payload: 'hi bob' }] } });
  });

  it('an array sends per output (inner arrays several), null stops, node.send and timers add more', async () => {
    const code = [
      'node.send({ payload: "early" });',
      'setTimeout(() => node.send([null, { payload: "late" }]), 1000);',
      'if (msg.payload > 1) return [[{ payload: 1 }, { payload: 2 }], null];',
      'return null;',
    ].join('\n');
    const r = await testFunctionNode(provider, req(code, { outputs: 2, inputs: { msg: { payload: 5 } } }));
    expect(r.value).toEqual({ outputs: { '1': [{ payload: 'early' }, { payload: 1 }, { payload: 2 }], '2': [{ payload: 'late' }] } });
    const stopped = await testFunctionNode(provider, req(code.replace('node.send({ payload: "early" });', '').replace('setTimeout', 'void setTimeout'), { outputs: 2, inputs: { msg: { payload: 0 } } }));
    expect(stopped.value).toEqual({ outputs: { '1': [], '2': [{ payload: 'late' }] } });
  });

  it('uses what the wired node sent in the sample when no msg is given; context stores come back; status and logs', async () => {
    const code = 'const n = (flow.get("n") || 0) + 1;\nflow.set("n", n);\ncontext.set("last", msg.topic);\nnode.status({ fill: "green", shape: "dot", text: "n=" + n });\nnode.warn("careful");\nreturn RED.util.cloneMessage(msg);';
    const r = await testFunctionNode(provider, req(code, { steps: { inj: { '0': { payload: 1, topic: 'from-inject' } } }, inputs: { flow: { n: 41 } } }));
    expect(r.ok).toBe(true);
    expect(r.value).toMatchObject({ outputs: { '1': [{ topic: 'from-inject' }] }, status: { text: 'n=42' }, flow: { n: 42 }, context: { last: 'from-inject' } });
    expect(r.logs).toContainEqual({ level: 'warn', message: 'careful' });
  });

  it('a thrown error names its line in the func field', async () => {
    const r = await testFunctionNode(provider, req('const a = 1;\nthrow new Error("boom");\nreturn msg;'));
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ line: 2, field: 'func' });
    expect(r.error?.message).toMatch(/boom/);
  });

  it('libs are undefined, with a warning that says so', async () => {
    const r = await testFunctionNode(provider, req('msg.t = typeof dayjs;\nreturn msg;', { libs: [{ var: 'dayjs', module: 'dayjs' }] }));
    expect(r.value).toMatchObject({ outputs: { '1': [{ t: 'undefined' }] } });
    expect(r.logs[0]?.message).toMatch(/dayjs.*not loaded/);
  });
});
