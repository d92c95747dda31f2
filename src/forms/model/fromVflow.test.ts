import { describe, expect, it } from 'vitest';
import detail from './fixtures/vflow-module-detail.json';
import inputSchema from './fixtures/vflow-input-schema.json';
import { fromVflowInputs } from './fromVflowInputs';
import { fromVflowInputSchema } from './fromVflowInputSchema';
import { pickText } from './types';

describe('fromVflowInputs (seed 001, Get Module Detail)', () => {
  const fields = fromVflowInputs(detail.inputs);

  it('maps every documented uiType to a field kind', () => {
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['url', 'text'],
      ['method', 'select'],
      ['headers', 'key-value'],
      ['body', 'code'],
      ['timeout', 'number'],
    ]);
  });

  it('keeps both languages, constraints, defaults and required', () => {
    expect(fields[0]).toEqual({
      kind: 'text',
      key: 'url',
      label: { text: 'URL' },
      description: { text: '请求地址', en: 'Request URL' },
      required: true,
      pattern: '^https?://.*',
      minLength: 1,
      maxLength: 2000,
      allowReferences: true,
    });
    const method = fields[1];
    expect(method).toMatchObject({ kind: 'select', default: 'GET', required: true });
    expect(method?.kind === 'select' && method.options.map((o) => o.value)).toEqual(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
    expect(pickText(method?.label, 'zh')).toBe('请求方法');
    expect(pickText(method?.label, 'en')).toBe('Method');
    expect(fields[3]).toMatchObject({ kind: 'code', language: 'json' });
    expect(fields[4]).toMatchObject({ kind: 'number', min: 1, max: 300, step: 1, slider: true, default: 30 });
  });

  it('turns null defaults into no default', () => {
    expect(fields[0]).not.toHaveProperty('default');
  });

  it('falls back on the value type for an unknown uiType, and flags what it cannot place', () => {
    const out = fromVflowInputs([
      { id: 'count', type: 'number', label: '次数', uiType: 'stepper' },
      { id: 'color', type: 'color', label: '颜色', uiType: 'color_picker' },
      { id: 'tags', type: 'list', label: '标签' },
      'garbage',
      { type: 'string', label: 'no id' },
    ]);
    expect(out.map((f) => f.kind)).toEqual(['number', 'unsupported', 'list', 'unsupported', 'unsupported']);
    expect(out[1]).toMatchObject({ reason: 'unknown-type:color_picker', label: { text: '颜色' } });
    expect(new Set(out.map((f) => f.key)).size).toBe(out.length);
  });

  it('never throws on a non-array', () => {
    expect(fromVflowInputs(null)[0]).toMatchObject({ kind: 'unsupported', reason: 'malformed' });
  });
});

describe('fromVflowInputSchema (seed 001, input-schema endpoint)', () => {
  const fields = fromVflowInputSchema(inputSchema.schema);

  it('maps the four documented widgets', () => {
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['url', 'text'],
      ['method', 'select'],
      ['timeout', 'number'],
      ['headers', 'key-value'],
    ]);
  });

  it('keeps validation, placeholder, magic-variable autocomplete and the unit', () => {
    expect(fields[0]).toEqual({
      kind: 'text',
      key: 'url',
      label: { text: 'URL' },
      required: true,
      pattern: '^https?://.*',
      patternMessage: { text: 'Invalid URL format' },
      placeholder: { text: 'https://api.example.com' },
      allowReferences: true,
    });
    expect(fields[2]).toMatchObject({ min: 1, max: 300, step: 1, unit: { text: '秒' }, default: 30, slider: true });
    expect(fields[3]).toMatchObject({
      keyPlaceholder: { text: 'Header name' },
      valuePlaceholder: { text: 'Header value' },
      allowReferences: true,
    });
  });

  it('does not allow references where the schema does not say so', () => {
    expect(fields[1]).not.toHaveProperty('allowReferences');
  });

  it('flags an unknown widget type', () => {
    const [f] = fromVflowInputSchema([{ key: 'x', type: 'color_wheel', label: 'X' }]);
    expect(f).toMatchObject({ kind: 'unsupported', reason: 'unknown-type:color_wheel', key: 'x' });
  });
});
