import { describe, expect, it } from 'vitest';
import detail from '../model/fixtures/vflow-module-detail.json';
import inputSchema from '../model/fixtures/vflow-input-schema.json';
import { fromJsonSchema } from '../model/fromJsonSchema';
import { fromVflowInputSchema } from '../model/fromVflowInputSchema';
import { fromVflowInputs } from '../model/fromVflowInputs';
import type { FieldSpec } from '../model/types';
import { testReferenceContext } from '../test/testSyntax';
import { translateMessage } from './messages';
import { compiledCount, validateParams } from './validateParams';

const httpFields = fromVflowInputs(detail.inputs);
const refs = testReferenceContext();

function codes(errors: ReturnType<typeof validateParams>) {
  return Object.fromEntries(Object.entries(errors).map(([k, m]) => [k, m.code]));
}

describe('validateParams', () => {
  it('accepts valid params', () => {
    expect(validateParams(httpFields, { url: 'https://x.io', method: 'GET', timeout: 30, headers: { a: 'b' } })).toEqual({});
  });

  it('reports missing required fields, treating emptied inputs as missing', () => {
    expect(codes(validateParams(httpFields, {}))).toEqual({ url: 'required', method: 'required' });
    expect(codes(validateParams(httpFields, { url: '', method: null }))).toEqual({ url: 'required', method: 'required' });
  });

  it('reports constraint violations with readable English text', () => {
    const errors = validateParams(httpFields, { url: 'ftp://x', method: 'FETCH', timeout: 900 });
    expect(codes(errors)).toEqual({ url: 'patternUrl', method: 'enum', timeout: 'maximum' });
    expect(errors.timeout?.text).toBe('Must be at most 300.');
    expect(errors.timeout?.values).toEqual({ limit: 300 });
    expect(validateParams(httpFields, { url: 'https://x', method: 'GET', timeout: 'soon' }).timeout?.text).toBe('Enter a number.');
  });

  it("uses the backend's own pattern message when the schema gives one", () => {
    const fields = fromVflowInputSchema(inputSchema.schema);
    const errors = validateParams(fields, { url: 'nope', method: 'GET' });
    expect(errors.url).toMatchObject({ code: 'patternUrl', text: 'Invalid URL format', custom: { text: 'Invalid URL format' } });
  });

  it('does not check number, pattern or format constraints on values holding a reference', () => {
    const values = { url: '{{steps.http.body}}', method: 'GET', timeout: '{{steps.delay.actualDuration}}' };
    expect(validateParams(httpFields, values, { references: refs })).toEqual({});
    // Without a syntax the same strings are just invalid values.
    expect(codes(validateParams(httpFields, values))).toEqual({ url: 'patternUrl', timeout: 'expectedNumber' });
    const json = fromJsonSchema({ properties: { site: { type: 'string', format: 'uri' } } });
    expect(validateParams(json, { site: 'see {{inputs.city}}' }, { references: refs })).toEqual({});
    expect(validateParams(json, { site: 'see' }).site?.text).toBe('Enter a valid URL.');
  });

  it('flags references to missing steps and to steps that do not run earlier', () => {
    const errors = validateParams(
      httpFields,
      { url: '{{steps.gone.body}}', method: 'GET', headers: { x: '{{steps.later.body}}' } },
      { references: refs },
    );
    expect(codes(errors)).toEqual({ url: 'referenceMissing', headers: 'referenceUnavailable' });
    expect(errors.url?.text).toBe('Refers to a step that no longer exists ({{steps.gone.body}}).');
  });

  it('addresses nested objects and list items by dotted path', () => {
    const fields = fromJsonSchema({
      properties: {
        target: { type: 'object', required: ['host'], properties: { host: { type: 'string' }, port: { type: 'integer', maximum: 65535 } } },
        rows: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 2 } } } },
        tags: { type: 'array', maxItems: 1, items: { type: 'string' } },
      },
      required: ['target'],
    });
    const errors = validateParams(fields, { target: { port: 70000 }, rows: [{ name: 'ok' }, { name: 'x' }, {}], tags: ['a', 'b'] });
    expect(codes(errors)).toEqual({
      'target.host': 'required',
      'target.port': 'maximum',
      'rows.1.name': 'minLength',
      'rows.2.name': 'required',
      tags: 'maxItems',
    });
  });

  it('skips hidden and unsupported fields, and validates files', () => {
    const fields: FieldSpec[] = [
      { kind: 'text', key: 'secret', label: { text: 'S' }, required: true, hidden: true },
      { kind: 'unsupported', key: 'odd', label: { text: 'O' }, required: true, reason: 'x', raw: null },
      {
        kind: 'file',
        key: 'files',
        label: { text: 'F' },
        required: true,
        multiple: true,
        numberLimit: 1,
        transferMethods: ['remote_url'],
        valueFormat: 'dify',
      },
    ];
    expect(codes(validateParams(fields, { files: [] }))).toEqual({ files: 'required' });
    const two = [
      { type: 'image', transfer_method: 'remote_url', url: 'https://a/1.png' },
      { type: 'image', transfer_method: 'local_file', upload_file_id: 'f' },
    ];
    expect(codes(validateParams(fields, { files: two }))).toEqual({ files: 'maxItems' });
    expect(validateParams(fields, { files: two.slice(0, 1) })).toEqual({});
  });

  it('compiles once per module and recompiles when the schema changes', () => {
    const fields = fromVflowInputs(detail.inputs);
    const before = compiledCount();
    validateParams(fields, {}, { moduleId: 'http_request' });
    validateParams(fields, { url: 'x' }, { moduleId: 'http_request' });
    validateParams(fields, { url: 'y' });
    expect(compiledCount() - before).toBe(1);
    validateParams(fromVflowInputs(detail.inputs), {}, { moduleId: 'http_request' });
    expect(compiledCount() - before).toBe(2);
  });

  it('survives a pattern that is not a valid regular expression', () => {
    const fields: FieldSpec[] = [{ kind: 'text', key: 'x', label: { text: 'X' }, pattern: '([', required: true }];
    expect(codes(validateParams(fields, {}))).toEqual({ x: 'required' });
  });

  it('translates messages through the given t', () => {
    const msg = validateParams(httpFields, { url: 'https://x', method: 'GET', timeout: 0 }).timeout;
    const t = (key: string, o?: Record<string, unknown>) => `${key}|${JSON.stringify(o)}`;
    expect(msg && translateMessage(msg, t, 'zh')).toBe('validation.minimum|{"limit":1}');
    expect(translateMessage('server says no', t, 'en')).toBe('server says no');
  });
});
