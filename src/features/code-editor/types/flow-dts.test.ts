import { describe, expect, it } from 'vitest';
import { BUILTIN_MODULES } from '../../../backends/local/modules';
import { emptyFlow, type Flow, type Step } from '../../../model/flow';
import type { ModuleDefinition } from '../../../model/modules';
import { generateStepDts, stepAccessKeys } from './flow-dts';
import { checkCode } from './tsc-check';

function step(
  id: string,
  type: string,
  title: string,
  params: Record<string, unknown> = {},
  kind: Step['kind'] = 'action',
): Step {
  return { id, type, title, kind, params };
}

/** trigger -> http -> fn1 -> target (function) -> later */
function flow(dialect = 'local'): Flow {
  const f = emptyFlow('f1', 'Typed', dialect);
  const steps = [
    step('trigger', 'core.manual_trigger', 'Start', {}, 'trigger'),
    step('http', 'core.http_request', 'Fetch user'),
    step('fn1', 'core.function', 'Shape'),
    step('target', 'core.function', 'Target', { code: 'return 1', limit: 5 }),
    step('later', 'core.log', 'Later'),
  ];
  return {
    ...f,
    steps: Object.fromEntries(steps.map((s) => [s.id, s])),
    root: steps.map((s) => s.id),
    inputs: [
      { id: 'name', label: 'Name', type: 'string', required: true },
      { id: 'count', label: 'count', type: 'number' },
      { id: 'payload', label: 'Payload', type: 'json', required: true },
    ],
  };
}

const schemaModule: ModuleDefinition = {
  id: 'x.rows',
  kind: 'action',
  category: 'data',
  name: { text: 'Rows' },
  inputSchema: { source: 'json-schema', schema: {} },
  outputs: [
    {
      id: 'rows',
      type: 'list',
      label: { text: 'Rows' },
      schema: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'number' }, email: { type: 'string' } },
        },
      },
    },
  ],
};

describe('generateStepDts (local engine)', () => {
  const dts = generateStepDts({ flow: flow(), stepId: 'target', modules: BUILTIN_MODULES });

  it('declares inputs, earlier steps only, params without the code, vars and console', () => {
    expect(dts).toContain('declare const inputs: {');
    expect(dts).toMatch(/readonly name: string;/);
    expect(dts).toMatch(/readonly count\?: number;/);
    expect(dts).toMatch(/readonly payload: any;/);
    expect(dts).toContain('declare const steps: {');
    expect(dts).toMatch(/readonly trigger: \{/);
    expect(dts).toMatch(/readonly http: \{[\s\S]*statusCode: number;[\s\S]*headers: Record<string, any>;/);
    expect(dts).toMatch(/readonly fn1: \{[\s\S]*result: any;/);
    expect(dts).not.toMatch(/readonly later:/);
    expect(dts).not.toMatch(/readonly target:/);
    expect(dts).toMatch(/declare const params: \{\s*readonly limit: number;\s*\};/);
    expect(dts).toContain('declare const vars: Record<string, any>;');
    expect(dts).toContain('declare const console: {');
    expect(dts).toContain('/** Fetch user (HTTP request) */');
  });

  it('lets correct code through, top-level return and await included', () => {
    const code = [
      'const user = steps.http.body;',
      'const n = steps.http.statusCode.toFixed(0);',
      "console.log('hi', inputs.name.toUpperCase(), params.limit + 1);",
      'const r = await Promise.resolve(steps.fn1.result);',
      'return { n, user, r, count: inputs.count };',
    ].join('\n');
    expect(checkCode(dts, code)).toEqual([]);
  });

  it('reports misuse on the right line, inside a returned expression too', () => {
    const problems = checkCode(
      dts,
      ['const a = 1;', 'steps.http.statusCode();', 'return steps.http.nope.toFixed();'].join('\n'),
    );
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      [2349, 2],
      [2339, 3],
    ]);
    expect(problems[1]?.message).toMatch(/Property 'nope' does not exist/);
  });

  it('types earlier steps by name, the way people write them', () => {
    expect(checkCode(dts, 'return steps["Fetch user"].statusCode.toFixed(0) + steps.Shape.result;')).toEqual([]);
    expect(checkCode(dts, 'return steps["Fetch user"].nope;').map((p) => p.code)).toEqual([2339]);
  });

  it('knows the sandbox has no DOM and no later steps', () => {
    const problems = checkCode(dts, 'document.title;\nreturn steps.later;');
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      [2584, 1],
      [2339, 2],
    ]);
  });

  it('maps a missing brace at the end of the code to its last line', () => {
    const problems = checkCode(dts, 'if (true) {\n  return 1;');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(2);
  });
});

describe('generateStepDts with a last run', () => {
  it('types earlier steps from their real outputs and the run inputs', () => {
    const dts = generateStepDts({
      flow: flow(),
      stepId: 'target',
      modules: BUILTIN_MODULES,
      lastRun: {
        inputs: { name: 'Ada', payload: { ids: [1, 2] }, extra: true },
        outputs: {
          trigger: { name: 'Ada', payload: { ids: [1, 2] } },
          fn1: { result: { total: 3, items: [{ sku: 'a', qty: 1 }] } },
          http: { statusCode: 200, headers: {}, body: { id: 7, email: 'a@b.c' } },
        },
      },
    });
    expect(dts).toMatch(/readonly payload: \{\s*ids: number\[\];\s*\};/);
    expect(dts).toMatch(/readonly extra: boolean;/);
    const ok =
      'return steps.fn1.result.items[0].sku.length + steps.http.body.id + inputs.payload.ids[0] + steps.trigger.name.length;';
    expect(checkCode(dts, ok)).toEqual([]);
    expect(checkCode(dts, 'return steps.fn1.result.totl;').map((p) => p.code)).toEqual([2551]);
  });

  it('keeps a JSON Schema type over one sample', () => {
    const f = flow();
    f.steps.fn1 = step('fn1', 'x.rows', 'Rows');
    const dts = generateStepDts({
      flow: f,
      stepId: 'target',
      modules: [...BUILTIN_MODULES, schemaModule],
      lastRun: { outputs: { fn1: { rows: [] } } },
    });
    expect(checkCode(dts, 'return steps.fn1.rows.map((r) => r.email.length + r.id);')).toEqual([]);
    expect(checkCode(dts, 'return steps.fn1.rows[0].mail;').map((p) => p.code)).toEqual([2551]);
  });

  it('types an unknown module as any', () => {
    const f = flow();
    f.steps.fn1 = step('fn1', 'vendor.mystery', 'Mystery');
    const dts = generateStepDts({ flow: f, stepId: 'target', modules: BUILTIN_MODULES });
    expect(checkCode(dts, 'return steps.fn1.whatever.deep;')).toEqual([]);
  });

  it('quotes step ids that are not identifiers', () => {
    const f = flow();
    f.steps['step_a-1'] = step('step_a-1', 'core.function', 'Dash');
    f.root = ['step_a-1', ...f.root];
    const dts = generateStepDts({ flow: f, stepId: 'target', modules: BUILTIN_MODULES });
    expect(dts).toMatch(/readonly "step_a-1": \{/);
    expect(checkCode(dts, 'return steps["step_a-1"].result;')).toEqual([]);
  });
});

describe('generateStepDts (viaSocket)', () => {
  it('declares context.req and context.res by step title', () => {
    const dts = generateStepDts({ flow: flow('viasocket'), stepId: 'target', modules: BUILTIN_MODULES });
    expect(dts).toContain('declare const context: {');
    expect(dts).not.toContain('declare const steps');
    expect(dts).toMatch(/readonly "Fetch user": \{/);
    expect(
      checkCode(
        dts,
        "return context.req.body.name + context.res['Fetch user'].statusCode + context.req.headers['x-id'];",
      ),
    ).toEqual([]);
    expect(checkCode(dts, 'return context.res.Later;').map((p) => p.code)).toEqual([2339]);
  });

  it("types the runtime's axios helper (calls, response fields), and not on other dialects", () => {
    const dts = generateStepDts({ flow: flow('viasocket'), stepId: 'target', modules: BUILTIN_MODULES });
    expect(
      checkCode(
        dts,
        [
          "const r = await axios.get('https://example.test/u', { headers: { 'x-id': '1' } });",
          "const p = await axios.post('https://example.test/u', { a: 1 });",
          "const c = await axios({ url: '/x', method: 'post', data: {} });",
          'return { id: r.data.id, status: p.status + c.status, type: r.headers["content-type"] };',
        ].join('\n'),
      ),
    ).toEqual([]);
    expect(checkCode(dts, "return (await axios.get('/x')).body;").map((p) => p.code)).toEqual([2339]);
    expect(generateStepDts({ flow: flow(), stepId: 'target', modules: BUILTIN_MODULES })).not.toContain('declare const axios');
  });
});

describe('stepAccessKeys', () => {
  it('lists earlier steps by name (ids hidden from completion), or by title on viaSocket', () => {
    expect(stepAccessKeys(flow(), 'target', BUILTIN_MODULES)).toEqual({
      root: 'steps',
      keys: [
        { name: 'Start', detail: 'Start (Manual trigger)' },
        { name: 'Fetch user', detail: 'Fetch user (HTTP request)' },
        { name: 'Shape', detail: 'Shape (JavaScript function)' },
      ],
      hidden: ['trigger', 'http', 'fn1'],
    });
    expect(stepAccessKeys(flow('viasocket'), 'target', BUILTIN_MODULES).keys.map((k) => k.name)).toEqual([
      'Start',
      'Fetch user',
      'Shape',
    ]);
    expect(stepAccessKeys(flow('viasocket'), 'target', BUILTIN_MODULES).root).toBe('context.res');
  });
});
