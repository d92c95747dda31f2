import { describe, expect, it } from 'vitest';
import { BUILTIN_MODULES } from '../../backends/local/modules';
import type { CodeProblem } from '../code-editor/problems';
import { emptyFlow, type Flow, type Step } from '../../model/flow';
import type { ModuleDefinition } from '../../model/modules';
import { localSyntax } from '../../model';
import { flowChecklist, firstFieldPath, type FlowChecklistOptions, type FlowProblem } from './flow-checklist';

function s(id: string, type: string, params: Record<string, unknown> = {}, extra: Partial<Step> = {}): Step {
  const kind =
    type === 'core.manual_trigger'
      ? 'trigger'
      : type === 'core.if'
        ? 'if'
        : type === 'core.loop'
          ? 'loop'
          : 'action';
  return { id, kind, type, title: id, params, ...extra };
}

function flowOf(steps: Step[], root = steps.filter((x) => !x.id.includes('/')).map((x) => x.id)): Flow {
  const flow = emptyFlow('f', 'Flow');
  for (const st of steps) flow.steps[st.id] = st;
  flow.root = root;
  return flow;
}

const opts = (extra: Partial<FlowChecklistOptions> = {}): FlowChecklistOptions => ({
  syntax: localSyntax,
  modules: BUILTIN_MODULES,
  ...extra,
});

/** A valid trigger → HTTP request → log flow; tests break one thing at a time. */
function valid(): Step[] {
  return [
    s('trigger', 'core.manual_trigger'),
    s('fetch', 'core.http_request', { method: 'GET', url: 'https://example.test/a', timeoutSeconds: 30 }),
    s('log', 'core.log', { level: 'info', message: 'got {{steps.fetch.body}}' }),
  ];
}

const brief = (p: FlowProblem) =>
  p.source === 'params'
    ? `${p.severity}:${p.kind}:${p.path}:${p.message.code}`
    : p.source === 'flow'
      ? `${p.severity}:flow:${p.code}`
      : p.source === 'code'
        ? `${p.severity}:code:${p.line}`
        : `${p.severity}:${p.code}`;

describe('flowChecklist', () => {
  it('is empty for a complete flow', () => {
    const c = flowChecklist(flowOf(valid()), opts());
    expect(c).toMatchObject({ items: [], count: 0, errorCount: 0, hasBlocking: false });
  });

  it('lists a missing required param and an invalid value, per step, with the field to focus', () => {
    const steps = valid();
    steps[1]!.params = { method: 'GET', url: '' };
    steps.push(s('var', 'core.set_variable', { name: '1st name' }));
    const c = flowChecklist(flowOf(steps), opts());
    expect(c.items.map((i) => [i.stepId, i.problems.map(brief)])).toEqual([
      ['fetch', ['error:missing:url:required']],
      ['var', ['error:invalid:name:pattern']],
    ]);
    expect(c.items[0]?.problems[0]).toMatchObject({ labels: [{ text: 'URL' }] });
    expect(firstFieldPath(c.items[0]!)).toBe('url');
    expect(c).toMatchObject({ errorCount: 2, count: 2, hasBlocking: true });
  });

  it('checks the URL pattern and number bounds, but not values that hold a reference', () => {
    const steps = valid();
    steps[1]!.params = { method: 'GET', url: 'ftp://nope', timeoutSeconds: 0 };
    expect(flowChecklist(flowOf(steps), opts()).items[0]?.problems.map(brief)).toEqual([
      'error:invalid:url:patternUrl',
      'error:invalid:timeoutSeconds:minimum',
    ]);
    steps[1]!.params = { method: 'GET', url: '{{inputs.url}}', timeoutSeconds: '{{steps.trigger.seconds}}' };
    expect(flowChecklist(flowOf(steps), opts()).items).toEqual([]);
  });

  it('reports a reference to a deleted step once, on its field, not again as a model issue', () => {
    const steps = valid().filter((x) => x.id !== 'fetch');
    const c = flowChecklist(flowOf(steps), opts());
    expect(c.items.map((i) => [i.stepId, i.problems.map(brief)])).toEqual([
      ['log', ['error:invalid:message:referenceMissing']],
    ]);
  });

  it('reports a reference to a step that runs later', () => {
    const [trigger, fetch, log] = valid() as [Step, Step, Step];
    const c = flowChecklist(flowOf([trigger, log, fetch], ['trigger', 'log', 'fetch']), opts());
    expect(c.items.map((i) => [i.stepId, i.problems.map(brief)])).toEqual([
      ['log', ['error:invalid:message:referenceUnavailable']],
    ]);
  });

  it('keeps the model’s reference issue when no field shows the param', () => {
    const steps = valid();
    steps[2]!.params = { level: 'info', message: 'hi', extra: '{{steps.gone.x}}' };
    const c = flowChecklist(flowOf(steps), opts());
    expect(c.items.map((i) => [i.stepId, i.problems.map(brief)])).toEqual([
      ['log', ['error:flow:dangling-reference']],
    ]);
  });

  it('only warns about a disabled step, and about a number in a text param', () => {
    const steps = valid();
    steps[1]!.params = { method: 'GET' };
    steps[1]!.disabled = true;
    steps[2]!.params = { level: 'info', message: 0 };
    const c = flowChecklist(flowOf(steps), opts());
    expect(c.items.map((i) => [i.stepId, i.problems.map(brief)])).toEqual([
      ['fetch', ['warning:missing:url:required']],
      ['log', ['warning:invalid:message:expectedString']],
    ]);
    expect(c).toMatchObject({ errorCount: 0, warningCount: 2, hasBlocking: false });
    expect(c.items[0]?.moduleName).toEqual({ text: 'HTTP请求', en: 'HTTP request' });
  });

  it('warns about a step without a title only where references name steps by title', () => {
    const steps = valid();
    steps[2]!.title = ' ';
    expect(flowChecklist(flowOf(steps), opts()).items).toEqual([]);
    const byTitle = { ...localSyntax, refersToStepsBy: 'title' as const };
    expect(
      flowChecklist(flowOf(steps), opts({ syntax: byTitle })).items.map((i) => [
        i.stepId,
        i.problems.map(brief),
      ]),
    ).toEqual([['log', ['warning:flow:empty-title']]]);
  });

  it('flags a step whose module the backend does not have, once the catalog is known', () => {
    const steps = [...valid(), s('odd', 'vendor.unknown')];
    expect(flowChecklist(flowOf(steps), opts()).items.map((i) => [i.stepId, i.problems.map(brief)])).toEqual([
      ['odd', ['error:unknown-module']],
    ]);
    expect(flowChecklist(flowOf(steps), opts({ modules: [] })).items).toEqual([]);
  });

  it('puts structural problems that name no step under the flow, first', () => {
    const flow = flowOf(valid(), ['trigger', 'fetch', 'log', 'ghost']);
    const c = flowChecklist(flow, opts());
    expect(c.items.map((i) => [i.stepId, i.problems.map(brief)])).toEqual([
      [null, ['error:flow:missing-step']],
    ]);
    expect(c.items[0]?.title).toBe('Flow');
  });

  it('lists nested steps in document order', () => {
    const steps = [
      s('trigger', 'core.manual_trigger'),
      s('cond', 'core.if', { condition: '' }, { branches: { then: ['inner'] } }),
      s('inner', 'core.log', {}),
      s('after', 'core.http_request', { method: 'GET' }),
    ];
    const c = flowChecklist(flowOf(steps, ['trigger', 'cond', 'after']), opts());
    expect(c.items.map((i) => i.stepId)).toEqual(['cond', 'inner', 'after']);
  });

  it('skips the params of light list entries until their detail is known', () => {
    const light: ModuleDefinition = {
      id: 'v.http',
      kind: 'action',
      category: 'net',
      name: { text: 'HTTP' },
      inputSchema: { source: 'vflow-inputs', inputs: [] },
      outputs: [],
    };
    const full: ModuleDefinition = {
      ...light,
      inputSchema: {
        source: 'vflow-inputs',
        inputs: [{ id: 'url', type: 'string', label: 'URL', required: true, uiType: 'text_field' }],
      },
    };
    const flow = flowOf([s('a', 'v.http', {})]);
    expect(flowChecklist(flow, opts({ modules: [light], partialList: true })).items).toEqual([]);
    expect(
      flowChecklist(
        flow,
        opts({ modules: [light], partialList: true, details: new Map([['v.http', full]]) }),
      ).items[0]?.problems.map(brief),
    ).toEqual(['error:missing:url:required']);
  });

  it('adds code problems: syntax errors block, type findings and test failures warn, infos are left out', () => {
    const steps = [s('trigger', 'core.manual_trigger'), s('fn', 'core.function', { code: 'return 1' })];
    const p = (over: Partial<CodeProblem>): CodeProblem => ({
      severity: 'error',
      message: 'm',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
      source: 'types',
      ...over,
    });
    const problems: Record<string, CodeProblem[]> = {
      fn: [
        p({ code: 1005, line: 2 }),
        p({ code: 2339, line: 3 }),
        p({ source: 'test', line: 4 }),
        p({ severity: 'info', line: 5 }),
      ],
    };
    const c = flowChecklist(flowOf(steps), opts({ codeProblems: (id) => problems[id] ?? [] }));
    expect(c.items.map((i) => [i.stepId, i.problems.map(brief)])).toEqual([
      ['fn', ['error:code:2', 'warning:code:3', 'warning:code:4']],
    ]);
  });

  it('handles a thousand steps quickly', () => {
    const steps: Step[] = [s('trigger', 'core.manual_trigger')];
    for (let i = 0; i < 1000; i++) {
      steps.push(
        i % 2 === 0
          ? s(`h${i}`, 'core.http_request', { method: 'GET', url: i % 100 === 0 ? '' : 'https://x.test' })
          : s(`l${i}`, 'core.log', { message: `{{steps.h${i - 1}.body}}` }),
      );
    }
    const flow = flowOf(steps);
    let best = Infinity;
    let c = flowChecklist(flow, opts());
    for (let run = 0; run < 4; run++) {
      const t0 = performance.now();
      c = flowChecklist(flow, opts());
      best = Math.min(best, performance.now() - t0);
    }
    expect(c.errorCount).toBe(10);
    // About 15 ms once warm on a quiet machine; the bound leaves room for a loaded one.
    expect(best).toBeLessThan(250);
  });
});

describe('what the backend cannot store', () => {
  it('lists an else branch on a backend without else, and a graph on a blocks-only backend', async () => {
    const { flowChecklist } = await import('./flow-checklist');
    const { localSyntax } = await import('../../model');
    const { emptyFlow } = await import('../../model/flow');
    const flow = {
      ...emptyFlow('f', 'F'),
      root: ['if1'],
      steps: {
        if1: { id: 'if1', kind: 'if' as const, type: 'core.if', title: 'Check', params: {}, branches: { then: [], else: ['b'] } },
        b: { id: 'b', kind: 'action' as const, type: 'core.log', title: 'B', params: {} },
      },
    };
    const noElse = flowChecklist(flow, { syntax: localSyntax, modules: [], storable: { structures: ['blocks'], elseBranch: false } });
    expect(noElse.hasBlocking).toBe(true);
    expect(noElse.items.find((i) => i.stepId === 'if1')?.problems).toContainEqual({ source: 'backend', severity: 'error', code: 'else' });
    const fine = flowChecklist(flow, { syntax: localSyntax, modules: [], storable: { structures: ['blocks'], elseBranch: true } });
    expect(fine.items.some((i) => i.problems.some((p) => p.source === 'backend'))).toBe(false);
    const graph = flowChecklist({ ...flow, structure: 'graph', root: ['b'], steps: { b: flow.steps.b }, edges: [] }, { syntax: localSyntax, modules: [], storable: { structures: ['blocks'] } });
    expect(graph.items[0]).toMatchObject({ stepId: null, problems: [{ source: 'backend', code: 'structure' }] });
  });

  it('a new if on a backend without else has a then branch only', async () => {
    const { createStepFromModule } = await import('../../editor/commands/step-factory');
    const base = { id: 'if_condition', kind: 'if' as const, category: 'logic', name: { text: 'If' }, inputSchema: { source: 'json-schema' as const, schema: {} }, outputs: [] };
    expect(createStepFromModule(base, 's1', 'en').branches).toEqual({ then: [], else: [] });
    expect(createStepFromModule({ ...base, extensions: { elseBranch: false } }, 's2', 'en').branches).toEqual({ then: [] });
    expect(createStepFromModule({ ...base, ports: { inputs: [{ id: 'in' }], outputs: [{ id: 'true' }] } }, 's3', 'en').branches).toEqual({ then: [] });
  });
});
