import { describe, expect, it } from 'vitest';
import template from './fixtures/langflow-template.json';
import { fromLangflowTemplate } from './fromLangflowTemplate';

describe('fromLangflowTemplate', () => {
  const fields = fromLangflowTemplate(template);
  const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));

  it('skips private keys and maps every input kind', () => {
    expect(fields.map((f) => f.key)).not.toContain('_type');
    expect(fields.map((f) => f.key)).not.toContain('_note');
    expect(Object.fromEntries(fields.map((f) => [f.key, f.kind]))).toEqual({
      code: 'code',
      input_value: 'text',
      system_message: 'text',
      api_key: 'text',
      model_name: 'select',
      max_tokens: 'number',
      temperature: 'number',
      stream: 'boolean',
      model_kwargs: 'key-value',
      path: 'file',
      tools: 'unsupported',
      seed: 'number',
      stop_sequences: 'list',
    });
  });

  it('reads display_name, info, value, required, password, multiline, range_spec', () => {
    expect(byKey.input_value).toEqual({
      kind: 'text',
      key: 'input_value',
      label: { text: 'Input' },
      description: { text: 'The input text.' },
      required: false,
      advanced: false,
    });
    expect(byKey.system_message).toMatchObject({ multiline: true });
    expect(byKey.api_key).toMatchObject({ secret: true, required: true });
    expect(byKey.temperature).toMatchObject({ slider: true, min: 0, max: 1, step: 0.01, default: 0.1 });
    expect(byKey.max_tokens).toMatchObject({ integer: true, advanced: true });
    expect(byKey.model_name).toMatchObject({ default: 'gpt-4o-mini', options: [{ value: 'gpt-4o-mini' }, { value: 'gpt-4o' }, { value: 'gpt-4-turbo' }] });
    expect(byKey.path).toMatchObject({ allowedExtensions: ['.txt', '.md', '.pdf'], valueFormat: 'path', multiple: false });
    expect(byKey.code).toMatchObject({ language: 'python', advanced: true });
    expect(byKey.stop_sequences).toMatchObject({ item: { kind: 'text' } });
  });

  it('hides show:false fields and connection-only handles', () => {
    expect(byKey.seed).toMatchObject({ hidden: true });
    expect(byKey.tools).toMatchObject({ hidden: true, reason: 'connection-only' });
    expect(byKey.input_value).not.toHaveProperty('hidden');
  });

  it('honours field_order', () => {
    expect(fromLangflowTemplate(template, { fieldOrder: ['temperature', 'nope', 'input_value'] }).slice(0, 2).map((f) => f.key)).toEqual([
      'temperature',
      'input_value',
    ]);
  });

  it('flags malformed and unknown entries', () => {
    const out = fromLangflowTemplate({ a: 'x', b: { type: 'color', display_name: 'B' }, c: {} });
    expect(out.map((f) => f.kind)).toEqual(['unsupported', 'unsupported', 'unsupported']);
    expect(out[1]).toMatchObject({ reason: 'unknown-type:color', label: { text: 'B' } });
    expect(fromLangflowTemplate([])[0]).toMatchObject({ reason: 'malformed' });
  });
});
