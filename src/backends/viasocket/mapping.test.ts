import { describe, expect, it } from 'vitest';
import { flowToJsonScript, scriptToFlow, type ScriptDocument } from './mapping';
import { jsonScriptSchema, usedVariablesSchema, validated } from './schemas';
import { RICH_JSON_SCRIPT, SEED_JSON_SCRIPT, SEED_USED_VARIABLES } from './fixtures/seed-examples';

function doc(jsonScript: string, functions: ScriptDocument['functions'] = [], usedVariables = '{}'): ScriptDocument {
  return {
    script: {
      id: 'scri42hM0QuZ',
      title: 'Rows to Slack',
      description: '',
      json_script: validated(jsonScriptSchema)(JSON.parse(jsonScript)),
      used_variables: validated(usedVariablesSchema)(JSON.parse(usedVariables)),
    },
    functions,
  };
}

/** Serialises with the indentation of the input, so a byte comparison is fair to both examples. */
function reserialise(source: string, d: ScriptDocument): string {
  const out = flowToJsonScript(scriptToFlow(d), d.script.json_script);
  return source.includes('\n') ? JSON.stringify(out, null, 2) : JSON.stringify(out);
}

describe('json_script <-> flow', () => {
  it('maps the seed example: order.root lists titles, blocks keyed by title, the unreached response block stays on the server', () => {
    const d = doc(SEED_JSON_SCRIPT, [], SEED_USED_VARIABLES);
    const flow = scriptToFlow(d);
    expect(flow.dialect).toBe('viasocket');
    // Step2_Title has no block: it is not a step. `response` is in no order group: not a step either.
    expect(flow.root).toEqual(['funcXXXXX']);
    expect(flow.steps.funcXXXXX).toMatchObject({ kind: 'action', type: 'plugin:row...', title: 'Step1_Title', params: { source: '' } });
  });

  it('round trips the seed example byte for byte (compact JSON of the same value)', () => {
    const d = doc(SEED_JSON_SCRIPT);
    const out = flowToJsonScript(scriptToFlow(d), d.script.json_script);
    expect(JSON.stringify(out)).toBe(JSON.stringify(JSON.parse(SEED_JSON_SCRIPT)));
  });

  it('round trips the seed example in its own layout except the one-line root array', () => {
    // The document writes `"root": ["Step1_Title", "Step2_Title"]` on one line; JSON.stringify(…, 2) breaks
    // arrays over lines, so compare after normalising that one array.
    const d = doc(SEED_JSON_SCRIPT);
    const normalised = reserialise(SEED_JSON_SCRIPT, d).replace('"root": [\n      "Step1_Title",\n      "Step2_Title"\n    ]', '"root": ["Step1_Title", "Step2_Title"]');
    expect(normalised).toBe(SEED_JSON_SCRIPT);
  });

  it('maps every step type of a rich script, branches nested, unknown types kept', () => {
    const d = doc(RICH_JSON_SCRIPT, [
      { id: 'funcuwdWpIHH', title: 'JS_Code', type: 'function', code: 'return context.res.List_Sheet_Rows?.data;' },
      { id: 'funcL4y0XvAT', title: 'Check', type: 'ifBlock', code: 'context.req.body?.ok === true' },
      { id: 'funcHello001', title: 'Call_API', type: 'api', code: { method: 'POST', url: 'https://example.invalid/x', headers: {}, body: '{}' } },
      { id: 'funcW8t0De1y', title: 'Wait', type: 'delay', code: 2 },
      { id: 'func6IVN49dJ', title: 'List_Sheet_Rows', type: 'plugin', code: { type: 'action', source: 'return rows;' } },
    ], `{"plugin":{"List_Sheet_Rows":{"sheet":"\${context.req.body?.['sheet']}","_sheet-Type":"string"}}}`);
    const flow = scriptToFlow(d);
    expect(flow.root).toEqual(['func6IVN49dJ', 'funcuwdWpIHH', 'funcL4y0XvAT', 'funcW8t0De1y', 'funcMyst3ry1']);
    expect(flow.steps.funcL4y0XvAT).toMatchObject({ kind: 'if', type: 'ifBlock', params: { condition: 'context.req.body?.ok === true' }, branches: { then: ['funcHello001'], else: ['funcAT1uB8lP'] } });
    expect(flow.steps.funcHello001!.params).toEqual({ method: 'POST', url: 'https://example.invalid/x', headers: {}, body: '{}' });
    expect(flow.steps.funcW8t0De1y!.params).toEqual({ seconds: 2 });
    expect(flow.steps.func6IVN49dJ).toMatchObject({ type: 'plugin:rowlpijbo5k1', params: { source: 'return rows;', sheet: "${context.req.body?.['sheet']}", '_sheet-Type': 'string' } });
    expect(flow.steps.funcMyst3ry1).toMatchObject({ kind: 'action', type: 'comment', params: {} });
    // A block only a stray order group reaches is not a step, and stays on the server untouched.
    expect(flow.steps.funcN0wh3re1).toBeUndefined();
    expect(reserialise(RICH_JSON_SCRIPT, d)).toBe(RICH_JSON_SCRIPT);
  });

  it('writes a rename in place: block key position, order entries and the ifBlock groups follow', () => {
    const d = doc(RICH_JSON_SCRIPT);
    const flow = scriptToFlow(d);
    flow.steps.funcL4y0XvAT!.title = 'Is_OK';
    const out = flowToJsonScript(flow, d.script.json_script);
    expect(Object.keys(out.blocks)).toEqual(Object.keys(d.script.json_script.blocks).map((k) => (k === 'Check' ? 'Is_OK' : k)));
    expect(Object.keys(out.order)).toEqual(['root', 'Is_OK', 'Is_OK_else', 'stray_group']);
    expect(out.order.root).toEqual(['List_Sheet_Rows', 'JS_Code', 'Is_OK', 'Wait', 'Mystery']);
    expect(out.blocks.Is_OK).toBe(d.script.json_script.blocks.Check);
  });

  it('drops a deleted ifBlock with its groups and appends new blocks last', () => {
    const d = doc(RICH_JSON_SCRIPT);
    const flow = scriptToFlow(d);
    delete flow.steps.funcL4y0XvAT;
    delete flow.steps.funcHello001;
    delete flow.steps.funcAT1uB8lP;
    flow.root = flow.root.filter((id) => id !== 'funcL4y0XvAT');
    flow.steps.funcNewStep01 = { id: 'funcNewStep01', kind: 'action', type: 'function', title: 'Added', params: { code: '' } };
    flow.root.push('funcNewStep01');
    const out = flowToJsonScript(flow, d.script.json_script);
    expect(out.order).toEqual({ root: ['List_Sheet_Rows', 'JS_Code', 'Wait', 'Mystery', 'Added'], stray_group: ['Nowhere'] });
    expect(Object.keys(out.blocks).at(-1)).toBe('Added');
    expect(out.blocks.Check).toBeUndefined();
    expect(out.blocks.response).toEqual({ type: 'response', status: 'DRAFTED', responseType: 'default' });
  });

  it('honours a configured else-group suffix', () => {
    const js = '{"order":{"root":["If"],"If":["A"],"If:else":["B"]},"blocks":{"If":{"type":"ifBlock","identifier":"funcIf000001"},"A":{"type":"function","identifier":"funcA0000001"},"B":{"type":"function","identifier":"funcB0000001"}}}';
    const d = doc(js);
    const flow = scriptToFlow(d, { elseSuffix: ':else' });
    expect(flow.steps.funcIf000001!.branches).toEqual({ then: ['funcA0000001'], else: ['funcB0000001'] });
    expect(JSON.stringify(flowToJsonScript(flow, d.script.json_script, { elseSuffix: ':else' }))).toBe(js);
  });
});

describe('followRenamesInCode', () => {
  it('rewrites context.res.Old in code, conditions and plugin code, in every accessor form', async () => {
    const { emptyFlow } = await import('../../model/flow');
    const flow = emptyFlow('s', 'f', 'viasocket');
    flow.steps.a = { id: 'a', kind: 'action', type: 'function', title: 'A', params: { code: "return context.res.Old?.data + context.res['Old'].x + context?.res?.Old + context.res.Older;" } };
    flow.steps.b = { id: 'b', kind: 'if', type: 'ifBlock', title: 'B', params: { condition: 'context.res.Old.ok' }, branches: { then: [], else: [] } };
    flow.steps.c = { id: 'c', kind: 'action', type: 'delay', title: 'C', params: { seconds: 1 } };
    const { followRenamesInCode } = await import('./mapping');
    const out = followRenamesInCode(flow, new Map([['Old', 'New_Name']]));
    expect(out.steps.a!.params.code).toBe("return context.res.New_Name?.data + context.res['New_Name'].x + context?.res?.New_Name + context.res.Older;");
    expect(out.steps.b!.params.condition).toBe('context.res.New_Name.ok');
    expect(out.steps.c).toBe(flow.steps.c);
    const spaced = followRenamesInCode(flow, new Map([['Old', 'has space']]));
    expect(spaced.steps.b!.params.condition).toBe("context.res['has space'].ok");
  });
});
