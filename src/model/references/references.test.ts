import { describe, expect, it } from 'vitest';
import { emptyFlow } from '../flow';
import type { ReferenceSyntax, ReferenceTarget, StepNaming } from '../references';
import { step } from '../testing/fixtures';
import { syntaxFor } from './dialects';
import { findFlowReferences, rewriteReferences, rewriteValue } from './rewrite';
import { namingOf } from './shared';

const naming: StepNaming = {
  titleOf: (id) => ({ 'step-001': 'PreviousStepTitle', 'step-002': 'Second', s9: 'Fetch' })[id],
  idOfTitle: (t) => ({ PreviousStepTitle: 'step-001', Second: 'step-002', Fetch: 's9' })[t],
};
const syntax = (d: string): ReferenceSyntax => {
  const s = syntaxFor(d);
  if (!s) throw new Error(d);
  return s;
};
const targets = (d: string, text: string): ReferenceTarget[] => syntax(d).find(text, naming).map((r) => r.target);

describe('local dialect', () => {
  it('reads steps, inputs and sys, tolerating whitespace', () => {
    expect(targets('local', 'a {{steps.s9.body.items.0}} b {{ inputs.city }} {{sys.now}} {{other}}')).toEqual([
      { kind: 'step', stepId: 's9', path: ['body', 'items', '0'] },
      { kind: 'input', name: 'city', path: [] },
      { kind: 'system', name: 'now', path: [] },
    ]);
    const [ref] = syntax('local').find('x{{ steps.a.b }}y', naming);
    expect(ref).toMatchObject({ raw: '{{ steps.a.b }}', start: 1, end: 16 });
  });
  it('formats what it reads', () => {
    for (const text of ['{{steps.s9.body}}', '{{inputs.city.name}}', '{{sys.now}}']) {
      const [r] = syntax('local').find(text, naming);
      expect(r && syntax('local').format(r.target, naming)).toBe(text);
    }
  });
});

describe('vFlow dialect (seed 001)', () => {
  it('reads magic variables by step id and system variables', () => {
    expect(targets('vflow', '{{step-001.statusCode}} {{step-002.body}} {{trigger.data}} {{current_time}} {{device_info}}')).toEqual([
      { kind: 'step', stepId: 'step-001', path: ['statusCode'] },
      { kind: 'step', stepId: 'step-002', path: ['body'] },
      { kind: 'system', name: 'trigger', path: ['data'] },
      { kind: 'system', name: 'current_time', path: [] },
      { kind: 'system', name: 'device_info', path: [] },
    ]);
    expect(targets('vflow', '{{step-404.body}}')).toEqual([{ kind: 'step', stepId: 'step-404', path: ['body'] }]);
    expect(syntax('vflow').format({ kind: 'step', stepId: 'step-001', path: ['content'] }, naming)).toBe('{{step-001.content}}');
  });
});

describe('viaSocket dialect (seed 000)', () => {
  it('reads steps by title and inputs from req.body', () => {
    expect(targets('viasocket', '${context.res.PreviousStepTitle?.data?.fieldName}')).toEqual([
      { kind: 'step', stepId: 'step-001', path: ['data', 'fieldName'] },
    ]);
    expect(targets('viasocket', "${context.req.body?.['input_name']}")).toEqual([{ kind: 'input', name: 'input_name', path: [] }]);
    expect(targets('viasocket', '${context.res.Ghost.data}')).toEqual([{ kind: 'step', stepId: 'Ghost', path: ['data'] }]);
    expect(targets('viasocket', '${context.req.headers?.auth} ${1 + 2}')).toEqual([{ kind: 'system', name: 'req.headers', path: ['auth'] }]);
  });
  it('formats with titles and optional chaining', () => {
    const s = syntax('viasocket');
    expect(s.format({ kind: 'step', stepId: 'step-001', path: ['data', 'fieldName'] }, naming)).toBe('${context.res.PreviousStepTitle?.data?.fieldName}');
    expect(s.format({ kind: 'input', name: 'input name', path: [] }, naming)).toBe("${context.req.body?.['input name']}");
    expect(s.refersToStepsBy).toBe('title');
  });
});

describe('Dify dialect', () => {
  it('reads node and system variables', () => {
    expect(targets('dify', 'Q: {{#sys.query#}} A: {{#1711528708197.text#}} {{#env.API_KEY#}}')).toEqual([
      { kind: 'system', name: 'query', path: [] },
      { kind: 'step', stepId: '1711528708197', path: ['text'] },
      { kind: 'system', name: 'env.API_KEY', path: [] },
    ]);
    for (const text of ['{{#sys.query#}}', '{{#llm.text#}}', '{{#env.API_KEY#}}']) {
      const [r] = syntax('dify').find(text, naming);
      expect(r && syntax('dify').format(r.target, naming)).toBe(text);
    }
  });
  it('has no syntax for unknown dialects', () => {
    expect(syntaxFor('nodered')).toBeUndefined();
  });
});

describe('rewriteReferences', () => {
  it('retargets step references and leaves others untouched', () => {
    const text = 'x {{ steps.a.out }} {{steps.b.out}} {{inputs.q}}';
    const out = rewriteReferences(text, syntax('local'), naming, (t) => (t.kind === 'step' && t.stepId === 'a' ? { ...t, stepId: 'z' } : null));
    expect(out).toBe('x {{steps.z.out}} {{steps.b.out}} {{inputs.q}}');
  });
  it('rewrites viaSocket titles on rename through the format naming', () => {
    const renamed: StepNaming = { ...naming, titleOf: (id) => (id === 'step-001' ? 'NewTitle' : naming.titleOf(id)) };
    const out = rewriteReferences('${context.res.PreviousStepTitle?.data?.x}', syntax('viasocket'), naming, (t) => t, renamed);
    expect(out).toBe('${context.res.NewTitle?.data?.x}');
  });
  it('rewriteValue keeps identity when nothing changes', () => {
    const value = { a: ['{{steps.a.x}}'], b: { c: 1 } };
    expect(rewriteValue(value, (t) => t)).toBe(value);
    const next = rewriteValue(value, (t) => t.replace('a.x', 'b.x')) as typeof value;
    expect(next.a).toEqual(['{{steps.b.x}}']);
    expect(next.b).toBe(value.b);
  });
});

describe('findFlowReferences', () => {
  it('lists references per step and param path', () => {
    const flow = emptyFlow('f', 'f');
    flow.steps = {
      a: step('a'),
      b: step('b', 'action', { params: { url: 'http://x/{{steps.a.id}}', headers: [{ value: '{{inputs.token}}' }] } }),
    };
    flow.root = ['a', 'b'];
    expect(findFlowReferences(flow, syntax('local')).map((r) => `${r.stepId}:${r.param}:${r.reference.raw}`)).toEqual([
      'b:url:{{steps.a.id}}',
      'b:headers.0.value:{{inputs.token}}',
    ]);
    expect(namingOf(flow).idOfTitle('B')).toBe('b');
  });
});
