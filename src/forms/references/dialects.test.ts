// The forms layer against the real backend dialects from model/references (not only the test syntax).
import { describe, expect, it } from 'vitest';
import { vflowSyntax, viasocketSyntax } from '../../model/references/dialects';
import type { StepNaming } from '../../model/references';
import detail from '../model/fixtures/vflow-module-detail.json';
import { fromVflowInputs } from '../model/fromVflowInputs';
import { validateParams } from '../validation/validateParams';
import { autocompleteQuery, describeReference, filterCandidates } from './text';
import type { ReferenceContext } from './types';

const titles: Record<string, string> = { 'step-001': 'Notification', 'step-002': 'HTTP Request' };
const naming: StepNaming = {
  titleOf: (id) => titles[id],
  idOfTitle: (title) => Object.keys(titles).find((id) => titles[id] === title),
};
const candidates: ReferenceContext['candidates'] = [
  { kind: 'step', stepId: 'step-001', stepTitle: 'Notification', outputId: 'content', outputLabel: { text: '内容', en: 'Content' } },
  { kind: 'system', name: 'current_time', label: { text: '当前时间' } },
];
const http = fromVflowInputs(detail.inputs);

describe('forms with the vFlow dialect', () => {
  const ctx: ReferenceContext = { syntax: vflowSyntax, naming, candidates };

  it('skips constraints on magic variables and flags dangling steps', () => {
    expect(validateParams(http, { url: '{{step-001.content}}', method: 'GET', timeout: '{{current_time}}' }, { references: ctx })).toEqual({});
    expect(validateParams(http, { url: '{{step-009.body}}', method: 'GET' }, { references: ctx }).url?.code).toBe('referenceMissing');
  });

  it('describes a magic variable by step title and output label', () => {
    const [ref] = vflowSyntax.find('{{step-001.content}}', naming);
    expect(ref && describeReference(ref, ctx, 'zh')).toMatchObject({ status: 'ok', title: 'Notification', detail: '内容' });
  });
});

describe('forms with the viaSocket dialect (references by title, `${` trigger)', () => {
  const ctx: ReferenceContext = { syntax: viasocketSyntax, naming, candidates };

  it('autocompletes after `${` and matches the formatted reference', () => {
    expect(autocompleteQuery('x ${context.res.No', 18, '${')).toEqual({ start: 2, query: 'context.res.No' });
    expect(filterCandidates(ctx, 'context.res.Notif')).toHaveLength(1);
  });

  it('shows a reference to an unknown title as missing', () => {
    const [ref] = viasocketSyntax.find('${context.res.Gone?.data}', naming);
    expect(ref && describeReference(ref, ctx, 'en')).toMatchObject({ status: 'missing', title: 'Gone' });
  });
});
