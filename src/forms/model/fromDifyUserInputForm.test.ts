import { describe, expect, it } from 'vitest';
import parameters from './fixtures/dify-parameters.json';
import documented from './fixtures/dify-user-input-form.json';
import { fromDifyParameters, fromDifyUserInputForm } from './fromDifyUserInputForm';

describe('fromDifyUserInputForm (seed 004, GET /parameters)', () => {
  it('maps the response sample: a required paragraph, image upload disabled', () => {
    expect(fromDifyParameters(parameters)).toEqual([
      { kind: 'text', key: 'query', label: { text: 'Query' }, required: true, multiline: true },
    ]);
  });

  it('maps text-input, paragraph, select and the enabled image upload', () => {
    const fields = fromDifyParameters(documented);
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['topic', 'text'],
      ['query', 'text'],
      ['tone', 'select'],
      ['files', 'file'],
    ]);
    expect(fields[2]).toMatchObject({ default: 'formal', required: false, options: [{ value: 'formal' }, { value: 'casual' }, { value: 'playful' }] });
    expect(fields[3]).toEqual({
      kind: 'file',
      key: 'files',
      label: { text: '图片', en: 'Images' },
      multiple: true,
      allowedTypes: ['image'],
      allowedExtensions: ['.png', '.jpg', '.jpeg', '.webp', '.gif'],
      numberLimit: 3,
      transferMethods: ['remote_url', 'local_file'],
      valueFormat: 'dify',
    });
  });

  it('accepts a file_upload entry inside the form and newer file-list entries', () => {
    const fields = fromDifyUserInputForm([
      { file_upload: { image: { enabled: true, number_limits: 2, transfer_methods: ['local_file'] } } },
      {
        'file-list': {
          label: 'Docs',
          variable: 'docs',
          required: true,
          allowed_file_types: ['document'],
          allowed_file_extensions: ['.pdf'],
          allowed_file_upload_methods: ['remote_url'],
          max_length: 5,
        },
      },
    ]);
    expect(fields[0]).toMatchObject({ key: 'files', numberLimit: 2, transferMethods: ['local_file'] });
    expect(fields[1]).toMatchObject({ kind: 'file', multiple: true, numberLimit: 5, allowedExtensions: ['.pdf'], transferMethods: ['remote_url'] });
  });

  it('flags malformed and unknown entries without throwing', () => {
    const fields = fromDifyUserInputForm([
      { 'color-picker': { label: 'C', variable: 'c' } },
      { 'text-input': { label: 'no variable' } },
      { 'text-input': {}, paragraph: {} },
      null,
      { select: { label: 'S', variable: 's', options: [] } },
    ]);
    expect(fields.map((f) => f.kind)).toEqual(Array(5).fill('unsupported'));
    expect(fields[0]).toMatchObject({ reason: 'unknown-type:color-picker' });
    expect(new Set(fields.map((f) => f.key)).size).toBe(5);
    expect(fromDifyUserInputForm('x')[0]).toMatchObject({ kind: 'unsupported', reason: 'malformed' });
  });
});
