import { describe, expect, it } from 'vitest';
import { emptyFlow, type Flow } from '../../../model/flow';
import { generateStepDts } from './flow-dts';
import { checkCode } from './tsc-check';

/** inject -> fn (a Node-RED function node with a `libs` entry), as the Node-RED mapping builds it. */
function noderedFlow(): Flow {
  const f = emptyFlow('tab1', 'Tab', 'nodered');
  return {
    ...f,
    structure: 'graph',
    steps: {
      inj: { id: 'inj', type: 'inject', title: 'tick', kind: 'action', params: {}, ports: { inputs: [], outputs: [{ id: '0' }] } },
      fn: {
        id: 'fn',
        type: 'function',
        title: 'shape',
        kind: 'action',
        params: { func: 'return msg;', libs: [{ var: 'dayjs', module: 'dayjs' }], outputs: 2 },
      },
    },
    root: ['inj', 'fn'],
    edges: [{ id: 'e1', source: 'inj', sourcePort: '0', target: 'fn', targetPort: 'in' }],
  };
}

const dts = (codeField?: string, outputs?: Record<string, unknown>) =>
  generateStepDts({ flow: noderedFlow(), stepId: 'fn', modules: [], codeField, ...(outputs ? { lastRun: { outputs } } : {}) });

describe('Node-RED function node typings', () => {
  it('types msg, node, context, flow, global, env, RED.util, timers and the declared libs', () => {
    const code = [
      'const n = flow.get("count") || 0;',
      'flow.set("count", n + 1);',
      'global.set("last", msg.payload);',
      'context.set("seen", true);',
      'const copy = RED.util.cloneMessage(msg);',
      'RED.util.setMessageProperty(copy, "payload.x", env.get("HOME"));',
      'node.status({ fill: "green", shape: "dot", text: String(n) });',
      'node.warn(dayjs);',
      'setTimeout(() => node.send([copy, null]), 10);',
      'return [msg, null];',
    ].join('\n');
    expect(checkCode(dts('func'), code)).toEqual([]);
  });

  it('reports misuse on its line', () => {
    const problems = checkCode(dts('func'), 'node.status({ fill: "purple" });\nreturn msg;');
    expect(problems.map((p) => p.line)).toEqual([1]);
    expect(checkCode(dts('func'), 'return nope;')[0]?.message).toMatch(/nope/);
  });

  it('has no msg in On Start and On Stop, but the rest', () => {
    expect(checkCode(dts('initialize'), 'flow.set("ready", true);\nnode.log("up");')).toEqual([]);
    expect(checkCode(dts('finalize'), 'return msg;')[0]?.message).toMatch(/msg/);
  });

  it("types msg from what the wired predecessor sent on that port in the last run", () => {
    const typed = dts('func', { inj: { '0': { _msgid: 'm1', payload: { temperature: 21 }, topic: 't' } } });
    expect(checkCode(typed, 'const t = msg.payload.temperature.toFixed(1);\nreturn msg;')).toEqual([]);
    expect(checkCode(typed, 'return msg.payload.temperature.toUpperCase();')[0]?.message).toMatch(/toUpperCase/);
  });
});
