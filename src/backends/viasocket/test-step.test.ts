import { afterAll, describe, expect, it } from 'vitest';
import { emptyFlow } from '../../model/flow';
import { nodeQuickJSLoader } from '../local/sandbox/loader';
import { createQuickJSSandbox } from '../local/sandbox/quickjs-sandbox';
import { createViasocketAdapter } from './adapter';

const sandbox = createQuickJSSandbox({ loader: nodeQuickJSLoader });
afterAll(() => sandbox.dispose());

const adapter = createViasocketAdapter({ baseUrl: 'http://127.0.0.1:9', runUrl: 'http://127.0.0.1:9', token: 't', sandbox: async () => sandbox });

function flow() {
  const f = emptyFlow('s', 'f', 'viasocket');
  f.steps.a = { id: 'a', kind: 'action', type: 'plugin:rowlpijbo5k1', title: 'List_Sheet_Rows', params: {} };
  f.steps.b = { id: 'b', kind: 'action', type: 'function', title: 'Sum', params: { code: 'console.log("rows", context.res.List_Sheet_Rows.data.rows.length);\nreturn { data: { n: context.res.List_Sheet_Rows.data.rows.length + context.req.body.extra } };' } };
  f.steps.c = { id: 'c', kind: 'action', type: 'function', title: 'Broken', params: { code: 'const x = 1;\nnull.boom;' } };
  f.steps.d = { id: 'd', kind: 'if', type: 'ifBlock', title: 'Check', params: { condition: 'context.req.body.extra > 1' }, branches: { then: [], else: [] } };
  f.root = ['a', 'b', 'c', 'd'];
  return f;
}

describe('testing a function step in the local sandbox', () => {
  it('runs with context.req.body and context.res.<Title> from the sample', async () => {
    expect(adapter.capabilities.testStep).toBe(true);
    const r = await adapter.testStep({ flow: flow(), stepId: 'b', sample: { inputs: { extra: 2 }, steps: { a: { data: { rows: [[1], [2], [3]] } } } } });
    expect(r).toMatchObject({ ok: true, value: { data: { n: 5 } }, logs: [{ level: 'info', message: 'rows 3' }] });
  });

  it('reports an error at the user\'s own line, and evaluates an ifBlock condition', async () => {
    const r = await adapter.testStep({ flow: flow(), stepId: 'c', sample: { inputs: {}, steps: {} } });
    expect(r.ok).toBe(false);
    expect(r.error?.line).toBe(2);
    expect((await adapter.testStep({ flow: flow(), stepId: 'd', sample: { inputs: { extra: 5 }, steps: {} } })).value).toBe(true);
  });
});
