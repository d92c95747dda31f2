import { describe, expect, it } from 'vitest';
import detail from '../model/fixtures/vflow-module-detail.json';
import { fromJsonSchema } from '../model/fromJsonSchema';
import { fromVflowInputs } from '../model/fromVflowInputs';
import { testReferenceContext } from '../test/testSyntax';
import { checkStep, checklist } from './checklist';

const http = fromVflowInputs(detail.inputs);
const nested = fromJsonSchema({
  properties: { target: { type: 'object', title: 'Target', required: ['host'], properties: { host: { type: 'string', title: 'Host' } } } },
  required: ['target'],
});

describe('checklist', () => {
  it('lists only steps with problems, in order, with missing vs invalid', () => {
    const items = checklist(
      [
        { stepId: 'a', title: 'Fetch', fields: http, values: { method: 'GET' } },
        { stepId: 'b', title: 'Fine', fields: http, values: { url: 'https://ok', method: 'GET' } },
        { stepId: 'c', title: 'Bad timeout', fields: http, values: { url: 'https://ok', method: 'GET', timeout: -1 } },
        { stepId: 'd', title: 'Nested', fields: nested, values: { target: {} } },
      ],
      { references: testReferenceContext() },
    );
    expect(items.map((i) => i.stepId)).toEqual(['a', 'c', 'd']);
    expect(items[0]?.problems).toEqual([
      expect.objectContaining({ path: 'url', kind: 'missing', labels: [{ text: 'URL' }] }),
    ]);
    expect(items[1]?.problems[0]).toMatchObject({ path: 'timeout', kind: 'invalid', labels: [{ text: '超时时间', en: 'Timeout' }] });
    expect(items[2]?.problems[0]).toMatchObject({ path: 'target.host', kind: 'missing', labels: [{ text: 'Target' }, { text: 'Host' }] });
  });

  it('uses per-step reference candidates', () => {
    const ctx = testReferenceContext();
    const step = { stepId: 'x', title: 'X', fields: http, values: { url: '{{steps.http.body}}', method: 'GET' } };
    expect(checkStep(step, { references: ctx })).toBeNull();
    expect(checkStep({ ...step, references: { ...ctx, candidates: [] } })?.problems[0]).toMatchObject({
      kind: 'invalid',
      message: { code: 'referenceUnavailable' },
    });
  });
});
