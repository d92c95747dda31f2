import { describe, expect, it } from 'vitest';
import type { ModuleDefinition, InputSchemaSource } from '../../model/modules';
import detail from './fixtures/vflow-module-detail.json';
import inputSchema from './fixtures/vflow-input-schema.json';
import nodeType from './fixtures/automaticworker-node-type.json';
import dify from './fixtures/dify-user-input-form.json';
import template from './fixtures/langflow-template.json';
import { defaultValues, fieldsForModule } from './fieldsForModule';

function mod(inputSchema: InputSchemaSource): ModuleDefinition {
  return { id: 'm', kind: 'action', category: 'c', name: { text: 'M' }, inputSchema, outputs: [] };
}

describe('fieldsForModule', () => {
  it('dispatches on every schema source', () => {
    const sources: InputSchemaSource[] = [
      { source: 'vflow-inputs', inputs: detail.inputs },
      { source: 'vflow-input-schema', schema: inputSchema.schema },
      { source: 'json-schema', schema: nodeType.input_schema },
      { source: 'dify-user-input-form', form: dify.user_input_form },
      { source: 'langflow-template', template },
    ];
    for (const s of sources) {
      const fields = fieldsForModule(mod(s));
      expect(fields.length).toBeGreaterThan(2);
      expect(fields.every((f) => typeof f.key === 'string' && f.key !== '')).toBe(true);
    }
  });

  it('returns the same array for the same schema (so validators compile once)', () => {
    const m = mod({ source: 'vflow-inputs', inputs: detail.inputs });
    expect(fieldsForModule(m)).toBe(fieldsForModule(m));
  });

  it('gives an unsupported field for an unknown source or missing schema', () => {
    const odd = mod({ source: 'yaml-thing' } as unknown as InputSchemaSource);
    expect(fieldsForModule(odd)).toEqual([expect.objectContaining({ kind: 'unsupported', reason: 'unknown-source:yaml-thing' })]);
    const none = { ...odd, inputSchema: undefined } as unknown as ModuleDefinition;
    expect(fieldsForModule(none)[0]).toMatchObject({ kind: 'unsupported', reason: 'missing-input-schema' });
  });

  it('builds default params', () => {
    expect(defaultValues(fieldsForModule(mod({ source: 'vflow-inputs', inputs: detail.inputs })))).toEqual({ method: 'GET', timeout: 30 });
  });
});
