import { describe, expect, it } from 'vitest';
import { httpRequest } from '../backends/local/modules/http-request';
import { emptyFlow, type Flow } from '../model/flow';
import { localSyntax } from '../model/references/dialects';
import { renameStep } from '../model/ops-fields';
import { step } from '../model/testing/fixtures';
import { stepSummary } from './reference-display';
import { labelledSummary } from './summary';

const http = httpRequest.definition;

describe('step summaries', () => {
  it('label their values in form order, changed ones first, leave false switches out and count lists', () => {
    const text = labelledSummary({ params: { url: 'https://a.io', method: 'GET', headers: { a: '1', b: '2' }, flag: false } }, { module: http, maxLength: 200 });
    expect(text).toBe('URL https://a.io · Headers (2) · Method GET');
    expect(labelledSummary({ params: { url: 'https://a.io', method: 'POST' } }, { module: http })).toBe('Method POST · URL https://a.io');
    expect(labelledSummary({ params: { method: 'POST' } }, { module: http, language: 'zh' })).toBe('请求方法 POST');
  });

  it('keep bare values for an unknown module', () => {
    expect(labelledSummary({ params: { a: 'x', b: 3 } })).toBe('x · 3');
  });

  it('read references by step name and follow renames', () => {
    const steps = [step('step_Mo6HSLS5vu', 'action', { title: 'Fetch customer', type: http.id }), step('s2', 'action', { type: http.id, params: { url: '{{steps.step_Mo6HSLS5vu.body.url}}' } })];
    const flow: Flow = { ...emptyFlow('f', 'F'), steps: Object.fromEntries(steps.map((s) => [s.id, s])), root: steps.map((s) => s.id) };
    const moduleOf = (t: string) => (t === http.id ? http : undefined);
    expect(stepSummary(flow, flow.steps.s2!, localSyntax, moduleOf, 'en')).toBe('URL {{Fetch customer.body.url}}');
    const renamed = renameStep(flow, 'step_Mo6HSLS5vu', 'Load', localSyntax);
    expect(stepSummary(renamed, renamed.steps.s2!, localSyntax, moduleOf, 'en')).toBe('URL {{Load.body.url}}');
  });
});
