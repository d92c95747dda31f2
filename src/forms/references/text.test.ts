import { describe, expect, it } from 'vitest';
import { testReferenceContext, testSyntax } from '../test/testSyntax';
import { autocompleteQuery, describeReference, filterCandidates, splice } from './text';

const ctx = testReferenceContext();

describe('autocompleteQuery', () => {
  it('finds the reference being typed at the caret', () => {
    expect(autocompleteQuery('Hi {{', 5, '{{')).toEqual({ start: 3, query: '' });
    expect(autocompleteQuery('Hi {{fet', 8, '{{')).toEqual({ start: 3, query: 'fet' });
    expect(autocompleteQuery('${context.re', 12, '${')).toEqual({ start: 0, query: 'context.re' });
  });
  it('ignores closed references and text without a trigger', () => {
    expect(autocompleteQuery('{{steps.a.b}} and', 17, '{{')).toBeNull();
    expect(autocompleteQuery('plain', 5, '{{')).toBeNull();
    expect(autocompleteQuery('{{a\nb', 5, '{{')).toBeNull();
    expect(autocompleteQuery('{{', 1, '{{')).toBeNull();
  });
});

describe('splice', () => {
  it('replaces a range and reports the caret', () => {
    expect(splice('Hi {{fe!', 3, 7, '{{steps.a.b}}')).toEqual({ text: 'Hi {{steps.a.b}}!', caret: 16 });
  });
});

describe('filterCandidates', () => {
  it('matches titles, labels in both languages and reference text', () => {
    expect(filterCandidates(ctx, '').length).toBe(5);
    expect(filterCandidates(ctx, 'fetch status').map((c) => (c.kind === 'step' ? c.outputId : ''))).toEqual(['statusCode']);
    expect(filterCandidates(ctx, '响应').length).toBe(1);
    expect(filterCandidates(ctx, 'steps.http.bo').length).toBe(1);
    expect(filterCandidates(ctx, 'city')[0]).toMatchObject({ kind: 'input' });
  });
});

describe('describeReference', () => {
  const find = (s: string) => testSyntax.find(s, ctx.naming)[0]!;
  it('shows the step title and output label, never the id', () => {
    expect(describeReference(find('{{steps.http.body}}'), ctx, 'en')).toMatchObject({ status: 'ok', title: 'Fetch user', detail: 'Response Body' });
    expect(describeReference(find('{{steps.http.body}}'), ctx, 'zh')).toMatchObject({ detail: '响应体' });
  });
  it('marks missing and later steps', () => {
    expect(describeReference(find('{{steps.gone.x}}'), ctx, 'en')).toMatchObject({ status: 'missing', title: 'gone' });
    expect(describeReference(find('{{steps.later.x}}'), ctx, 'en')).toMatchObject({ status: 'unavailable', title: 'Later step' });
    expect(describeReference(find('{{inputs.nope}}'), ctx, 'en')).toMatchObject({ status: 'missing' });
    expect(describeReference(find('{{sys.current_time}}'), ctx, 'en')).toMatchObject({ status: 'ok', title: 'Current time' });
  });
});
